#!/bin/sh
# Runs the shim's self-test (selftest.c) and checks every verdict: pass_*
# cases pass, fail_* cases fail or skip, and a skip, a hang or a crash makes
# the run fail.  Usage: check-selftest.sh BINARY SOURCE
bin=$1
src=$2
out=$bin.ktap
bad=0

fail() {
	echo "kunit-user selftest: $*"
	bad=1
}

"$bin" kunit_user_selftest > "$out"
rc=$?
[ "$rc" -eq 1 ] || fail "exit $rc with failing cases, want 1"
if grep -E '^ {4}not ok [0-9]+ pass_' "$out"; then
	fail "a pass_ case failed"
fi
want=$(grep -cE 'KUNIT_CASE(_PARAM)?\((pass|fail)_' "$src")
got=$(grep -cE '^ {4}(not ok [0-9]+ fail_|ok [0-9]+ fail_.*# SKIP|ok [0-9]+ pass_)' "$out")
[ "$got" -eq "$want" ] || fail "$got of $want cases gave their verdict"
grep -q '^ \{8\}not ok 2 param-1$' "$out" || fail "the failing parameter is not reported"
grep -q '^ \{8\}ok 10 value 9$' "$out" || fail "not every parameter ran"
grep -q 'Expected 1 + 1 == 3, but' "$out" || fail "no comparison in the report"
grep -q '# message shown' "$out" || fail "no _MSG message in the report"

"$bin" kunit_user_selftest.pass_checks > "$out.1" || fail "a passing run exits $?"
"$bin" kunit_user_selftest.fail_skip > "$out.1" && fail "a skip exits 0"
"$bin" no_such_suite > "$out.1" && fail "running nothing exits 0"
KUNIT_USER_TIMEOUT=1 "$bin" kunit_user_death.hang > "$out.1" 2>&1 &&
	fail "a hang exits 0"
grep -q "hang: timed out" "$out.1" || fail "the hang is not named"
"$bin" kunit_user_death.segv > "$out.1" 2>&1 && fail "a crash exits 0"
grep -q '^ *ok 1 segv' "$out.1" && fail "a crash passes"

[ "$bad" -eq 0 ] && echo "# kunit-user selftest: ok ($want cases)"
exit "$bad"
