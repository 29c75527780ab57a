#!/bin/bash
# `make check`: is the patch series upstream-ready?
#   series      mk/series.sh regenerates build/patches (fails on files not in the manifest)
#   checkpatch  scripts/checkpatch.pl --strict on every patch: 0 errors, 0 warnings, 0 checks
#   kernel-doc  scripts/kernel-doc -none on the files the series adds
#   git-am      the series applies with `git am` to pristine 6.12 and gives
#               exactly the files `make kernel` builds (build/src/patched)
#   bisect      x86_64: every step builds (base config, olddefconfig), no warning in touched files
#   W=1, sparse x86_64 and arm64: touched objects, no warning that the same object lacks in vanilla
#   arm64       cross-build of the touched objects (configs/arm64-check.config)
# Each check prints one CHECK line; the exit status is non-zero if any failed.
#
# usage: check.sh [fast|build|all]   (env: JOBS)
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD what=${1:-all}
B=$repo/build C=$repo/build/check
tarball=/usr/src/linux-source-6.12.tar.xz
pristine=$B/src/pristine
JOBS=${JOBS:-$(nproc)}
mkdir -p "$C/logs"
failed=()
tlast=$SECONDS
result() { # name rc detail
	local t="[$((SECONDS - tlast)) s]"
	tlast=$SECONDS
	if [ "$2" = 0 ]; then echo "CHECK   $1: OK${3:+ ($3)} $t"; else echo "CHECK   $1: FAIL${3:+ ($3)} $t"; failed+=("$1"); fi
}
t0=$SECONDS

mk/unpack.sh "$tarball" "$pristine" || exit 1
# The overlay build's tree, exactly as `make kernel` makes build/src/patched
# (mk/sync-tree.sh), but private: no waiting for a kernel build's lock, and
# taken right next to the series so concurrent edits cannot split them.
ov=$C/src/overlay
mkdir -p "$C/src"
{ mk/patched-tree.sh "$pristine" "$ov" && mk/sync-tree.sh "$repo" "$pristine" "$ov"; } >"$C/logs/overlay.log" 2>&1 ||
	{ cat "$C/logs/overlay.log"; echo "make check: mk/sync-tree.sh failed" >&2; exit 1; }
mk/series.sh "$repo" "$pristine" "$tarball" "$B/patches" >"$C/logs/series.log" 2>&1
rc=$?
cat "$C/logs/series.log"
result series $rc "$(grep -c . <(ls "$B"/patches/0*.patch 2>/dev/null | tail -n +2)) patches"
[ $rc = 0 ] || { echo "make check: series generation failed" >&2; exit 1; }
export GIT_DIR=$B/series/base.git
base=$(sed -n 1p "$GIT_DIR/pci-kdump-base")
mapfile -t steps < <(awk '{print $3}' "$B/series/steps")
mapfile -t names < <(awk '{print $2}' "$B/series/steps")
tip=${steps[-1]}
mapfile -t touched < <(git diff --name-only "$base" "$tip")
unset GIT_DIR
# files the series adds (new in 6.12 terms) and touched C sources
added=() csrc=()
for f in "${touched[@]}"; do
	[ -e "$pristine/$f" ] || added+=("$f")
	case $f in *.c) csrc+=("$f") ;; esac
done

fast_checks() {
	exec 7>"$C/.lock-fast"
	flock -n 7 || { echo "  WAIT    another make check (build/check/.lock-fast)"; flock 7; }
	# --- checkpatch ---
	local e=0 w=0 c=0 out p
	: >"$C/logs/checkpatch.log"
	for p in "$B"/patches/0*.patch; do
		case $p in */0000-cover-letter.patch) continue ;; esac
		out=$("$pristine/scripts/checkpatch.pl" --strict --no-tree --terse --showfile -q "$p" 2>&1)
		echo "== $(basename "$p")" >>"$C/logs/checkpatch.log"
		echo "$out" >>"$C/logs/checkpatch.log"
		grep -v '^total:' <<<"$out" | grep -v '^$' | sed "s#^#  $(basename "$p"): #"
		e=$((e + $(grep -c ': ERROR:' <<<"$out"))); w=$((w + $(grep -c ': WARNING:' <<<"$out")))
		c=$((c + $(grep -c ': CHECK:' <<<"$out")))
	done
	result checkpatch $(((e + w + c) > 0)) "--strict: $e errors, $w warnings, $c checks"

	# --- git am on a fresh pristine clone == the tree `make kernel` builds ---
	local am=$C/am
	rm -rf "$am"
	git clone -q --shared --no-checkout "$B/series/base.git" "$am"
	local dirs=()
	# sparse checkout: only the directories of the touched files (top-level
	# files such as MAINTAINERS by name)
	mapfile -t dirs < <( (printf '%s\n' "${touched[@]}"; cat "$ov/.pci-kdump-files") |
		awk '{ if (index($0, "/")) { sub("/[^/]*$", ""); print "/" $0 "/" } else print "/" $0 }' | LC_ALL=C sort -u)
	git -C "$am" sparse-checkout set --no-cone "${dirs[@]}" >/dev/null 2>&1
	git -C "$am" checkout -q -b am "$base" &&
		git -C "$am" -c user.name=check -c user.email=check@invalid am -q \
			$(ls "$B"/patches/0*.patch | grep -v 0000-cover-letter) >"$C/logs/git-am.log" 2>&1
	rc=$?
	if [ $rc != 0 ]; then
		sed 's/^/  /' "$C/logs/git-am.log"
		result git-am 1 "git am failed"
		return
	fi
	local diff=0 n=0 f
	for f in $( (printf '%s\n' "${touched[@]}"; cat "$ov/.pci-kdump-files") | LC_ALL=C sort -u); do
		n=$((n + 1))
		if [ -e "$am/$f" ] || [ -e "$ov/$f" ]; then
			if ! cmp -s "$am/$f" "$ov/$f"; then
				echo "  differs: $f (series vs build/src/patched)"
				diff=1
			fi
		fi
	done
	result git-am $diff "${#steps[@]} patches applied by git am; $n files compared with the overlay tree"

	# --- kernel-doc on the files the series adds, as git am wrote them ---
	local kd=() out
	for f in "${added[@]}"; do case $f in *.c | *.h) kd+=("$f") ;; esac; done
	out=$(cd "$am" && "$pristine/scripts/kernel-doc" -none "${kd[@]}" 2>&1)
	[ -n "$out" ] && echo "$out" | sed 's/^/  /'
	result kernel-doc "$(grep -c . <<<"$out" | sed 's/^0$/0/;t;s/.*/1/')" "-none on ${#kd[@]} files: $(grep -c 'warning\|error' <<<"$out") warnings"
}

# Normalised warnings of some objects: "path: message", one per line.
# usage: warnings LOG SRC  -> stdout
warnings() {
	grep -E '(warning|error):' "$1" | sed -E "s#^$2/##; s#^\.\./##" |
		sed -E 's#^([^:]+):[0-9]+:[0-9]+: #\1: #; s#^([^:]+):[0-9]+: #\1: #' | LC_ALL=C sort -u
}

# W=1 and sparse on objects, in an already built obj dir.
# usage: extra_checks TAG SRC OBJ MAKEARGS... -- OBJECTS...
extra_checks() {
	local tag=$1 src=$2 obj=$3
	shift 3
	local margs=()
	while [ "$1" != -- ]; do margs+=("$1"); shift; done
	shift
	[ $# = 0 ] && { : >"$C/logs/w1-$tag.log"; : >"$C/logs/sparse-$tag.log"; return 0; }
	make -C "$src" O="$obj" "${margs[@]}" -j"$JOBS" W=1 "$@" >"$C/logs/w1-$tag.log" 2>&1 || return 1
	make -C "$src" O="$obj" "${margs[@]}" -j"$JOBS" W=1 C=2 CHECK=sparse "$@" >"$C/logs/sparse-$tag.log" 2>&1 || return 1
	# the sparse run also repeats nothing of W=1 (objects are up to date)
}

# Bring the check tree to the state of commit $1 (only touched paths).
checkout_step() {
	local commit=$1 src=$2 f tmp
	export GIT_DIR=$B/series/base.git
	for f in $(cat "$B/series/files"); do
		if git cat-file -e "$commit:$f" 2>/dev/null; then
			tmp=$(mktemp)
			git cat-file blob "$commit:$f" >"$tmp"
			if ! cmp -s "$tmp" "$src/$f"; then
				mkdir -p "$(dirname "$src/$f")"
				rm -f "$src/$f"
				mv "$tmp" "$src/$f"
				chmod 644 "$src/$f"
			else
				rm -f "$tmp"
			fi
		else
			rm -f "$src/$f"
		fi
	done
	unset GIT_DIR
	cp "$B/series/files" "$src/.pci-kdump-files"
}

build_checks() {
	local src=$C/src/patched x86=$C/obj-patched arm=$C/obj-arm64
	export CCACHE_BASEDIR=$B
	exec 8>"$C/.lock"
	flock -n 8 || { echo "  WAIT    another make check (build/check/.lock)"; flock 8; }
	mkdir -p "$C/src"
	mk/patched-tree.sh "$pristine" "$src" || { result "bisect" 1 "could not create $src"; return 1; }
	local base_frag=configs/kdump-vm.config kdump_frag=configs/pci-kdump.config
	local arm_args=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "CC=ccache aarch64-linux-gnu-gcc")
	local arm_objs=(drivers/pci/ drivers/iommu/)
	local i commits=("$base" "${steps[@]}") labels=(base "${names[@]}") bad=0 ts
	local x86_objs=() arm_w1=()
	for i in "${!commits[@]}"; do
		ts=$SECONDS
		checkout_step "${commits[$i]}" "$src"
		local log=$C/logs/bisect-$i-${labels[$i]}.log
		{
			mk/configure.sh "$src" "$x86" "$base_frag" "$kdump_frag" &&
				mk/check-config.sh "$x86/.config" "$base_frag" &&
				mk/check-config.sh --if-defined "$src" "$x86/.config" "$kdump_frag" &&
				make -C "$src" O="$x86" CC="ccache gcc" -j"$JOBS" bzImage
		} >"$log" 2>&1
		rc=$?
		local warn
		warn=$(warnings "$log" "$src" | grep -F -f <(printf '%s:\n' "${touched[@]}") || true)
		[ -n "$warn" ] && { echo "$warn" | sed 's/^/  /'; rc=1; }
		[ $rc != 0 ] && tail -20 "$log" | sed 's/^/  /'
		result "bisect $i/${#steps[@]} ${labels[$i]}" $rc "x86_64 bzImage, $((SECONDS - ts)) s"
		[ $rc != 0 ] && bad=1
		if [ "$i" = 0 ] || [ "$i" = $((${#commits[@]} - 1)) ]; then
			local tag=vanilla
			[ "$i" != 0 ] && tag=patched
			# x86 objects of touched C files that this config builds
			x86_objs=()
			for f in "${csrc[@]}"; do [ -f "$x86/${f%.c}.o" ] && x86_objs+=("${f%.c}.o"); done
			ts=$SECONDS
			extra_checks "x86-$tag" "$src" "$x86" "CC=ccache gcc" -- "${x86_objs[@]}" || { result "W=1/sparse x86 $tag" 1 "make failed, see $C/logs"; bad=1; }
			# arm64: configure, prepare, build the touched directories' objects
			{
				make -C "$src" O="$arm" "${arm_args[@]}" -s tinyconfig &&
					(cd "$src" && ARCH=arm64 scripts/kconfig/merge_config.sh -m -O "$arm" "$arm/.config" "$repo/configs/arm64-check.config") &&
					make -C "$src" O="$arm" "${arm_args[@]}" -s olddefconfig &&
					mk/check-config.sh --if-defined "$src" "$arm/.config" configs/arm64-check.config &&
					make -C "$src" O="$arm" "${arm_args[@]}" -j"$JOBS" "${arm_objs[@]}"
			} >"$C/logs/arm64-$tag.log" 2>&1
			rc=$?
			warn=$(warnings "$C/logs/arm64-$tag.log" "$src" | grep -F -f <(printf '%s:\n' "${touched[@]}") || true)
			[ "$tag" = patched ] && [ -n "$warn" ] && { echo "$warn" | sed 's/^/  /'; rc=1; }
			[ $rc != 0 ] && tail -20 "$C/logs/arm64-$tag.log" | sed 's/^/  /'
			arm_w1=()
			for f in "${csrc[@]}"; do [ -f "$arm/${f%.c}.o" ] && arm_w1+=("${f%.c}.o"); done
			[ "$tag" = patched ] && result "arm64 build" $rc "${#arm_w1[@]} touched objects built: ${arm_w1[*]}"
			[ $rc != 0 ] && bad=1
			extra_checks "arm64-$tag" "$src" "$arm" "${arm_args[@]}" -- "${arm_w1[@]}" || { result "W=1/sparse arm64 $tag" 1 "make failed, see $C/logs"; bad=1; }
			echo "  (W=1/sparse/arm64 at ${labels[$i]}: $((SECONDS - ts)) s)"
		fi
	done
	# new W=1 / sparse warnings: in the patched objects, not in vanilla
	local a kind nw total
	for a in x86 arm64; do
		for kind in w1 sparse; do
			total=$(warnings "$C/logs/$kind-$a-patched.log" "$src" | grep -c . || true)
			nw=$(comm -13 <(warnings "$C/logs/$kind-$a-vanilla.log" "$src") <(warnings "$C/logs/$kind-$a-patched.log" "$src"))
			[ -n "$nw" ] && echo "$nw" | sed 's/^/  /'
			result "$([ $kind = w1 ] && echo W=1 || echo sparse) $a" "$([ -z "$nw" ] && echo 0 || echo 1)" \
				"$(grep -c . <<<"$nw" | sed 's/^1$/1/') new of $total in touched objects, $(warnings "$C/logs/$kind-$a-vanilla.log" "$src" | grep -c . || true) in vanilla"
		done
	done
	return $bad
}

case $what in
fast) fast_checks ;;
build) build_checks || [ ${#failed[@]} -gt 0 ] || failed+=(build) ;;
all) fast_checks; build_checks || [ ${#failed[@]} -gt 0 ] || failed+=(build) ;;
*) echo "usage: $0 [fast|build|all]" >&2; exit 2 ;;
esac
echo "make check: $((SECONDS - t0)) s"
if [ ${#failed[@]} -gt 0 ]; then
	echo "make check: FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "make check: all checks passed"
