#!/usr/bin/python3
"""Mutation testing of pci-kdump's core against its KUnit suites.

Each row of mutants.py replaces one exact snippet of one source file.  The
sources are copied once, so every mutant sees the same tree even while the
working tree is being edited; each mutant then gets its own copy, is built
with tests/kunit-user's Makefile and run.  A mutant is killed when the
runner exits non-zero (a failed case, a crash or a hang).

Exit status is non-zero when a mutant survives without being marked
equivalent, when a snippet does not occur exactly once, when a mutant does
not build, when a mutant marked equivalent is killed (the mark is stale), or
when the unmutated sources do not pass.

    run_mutants.py [-j JOBS] [--keep] [--tree DIR] [ID...]
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RUNNER = os.path.join(ROOT, "tests", "kunit-user")
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import mutants  # noqa: E402  (the data, beside this file)

# What the runner compiles (UNDER_TEST in tests/kunit-user/Makefile); a
# mutant anywhere else could never be killed
BUILT = {"kdump-fabric.c", "kdump-exec.c", "quirks-kdump.c", "kdump-params.c",
         "kdump-report.c", "kdump-alias.c"}
CASE_TIMEOUT = "10"      # seconds per KUnit case, for mutants that hang
RUN_TIMEOUT = 120        # seconds per mutant run, a last resort


def snapshot(src, dst):
    """Copy drivers/pci and include/ once, so all mutants see one tree."""
    shutil.copytree(os.path.join(src, "drivers", "pci"),
                    os.path.join(dst, "drivers", "pci"))
    shutil.copytree(os.path.join(src, "include"), os.path.join(dst, "include"))


def check_row(m, tree):
    """Return None, or why the row cannot be applied to tree."""
    if m.file not in BUILT:
        return f"{m.file} is not built by tests/kunit-user"
    path = os.path.join(tree, "drivers", "pci", m.file)
    if not os.path.exists(path):
        return f"{m.file} does not exist"
    n = open(path).read().count(m.find)
    if n != 1:
        return (f"pattern not found: occurs {n} times in {m.file}, "
                "want exactly 1")
    if m.find == m.replace:
        return "replacement is the same as the pattern"
    return None


def build_and_run(tree, obj):
    """Build the runner on tree; returns (built, rc, output)."""
    make = subprocess.run(
        ["make", "-s", "-C", RUNNER, "build",
         f"KDUMP={tree}/drivers/pci", f"KINC={tree}/include", f"O={obj}",
         "CFLAGS=-O0"],  # half the build time; the runs take milliseconds
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if make.returncode:
        return False, make.returncode, make.stdout
    env = dict(os.environ, KUNIT_USER_TIMEOUT=CASE_TIMEOUT)
    try:
        run = subprocess.run([os.path.join(obj, "kunit-user")], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, timeout=RUN_TIMEOUT)
        return True, run.returncode, run.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else e.stdout
        return True, -1, (out or "") + "\n# run timed out\n"


def killers(output):
    """The cases that failed, as suite-level names, for the report."""
    return [name + (" (crashed or hung)" if died else "")
            for name, died in re.findall(r"^ {4}not ok \d+ (\S+)( # died)?$",
                                         output, re.M)]


def run_mutant(m, base, work):
    t0 = time.monotonic()
    status, detail = mutate_build_run(m, base, work)
    return status, detail, time.monotonic() - t0


def mutate_build_run(m, base, work):
    tree = os.path.join(work, m.id)
    shutil.copytree(base, tree)
    path = os.path.join(tree, "drivers", "pci", m.file)
    src = open(path).read()
    with open(path, "w") as f:
        f.write(src.replace(m.find, m.replace, 1))
    built, rc, out = build_and_run(tree, os.path.join(tree, "obj"))
    if not built:
        return "ERROR", "does not build: " + " | ".join(
            ln for ln in out.splitlines() if "error" in ln)[:300]
    if rc:
        return "killed", ", ".join(killers(out)) or f"exit {rc}"
    return "survived", ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary trees")
    ap.add_argument("--tree", default=ROOT,
                    help="take drivers/pci and include/ from here "
                    "(default: this checkout)")
    ap.add_argument("ids", nargs="*", help="run only these mutants")
    args = ap.parse_args()

    rows = mutants.MUTANTS
    ids = [m.id for m in rows]
    dups = {i for i in ids if ids.count(i) > 1}
    if dups:
        print(f"mutants: duplicate ids {sorted(dups)}")
        return 2
    if args.ids:
        unknown = set(args.ids) - set(ids)
        if unknown:
            print(f"mutants: unknown ids {sorted(unknown)}")
            return 2
        rows = [m for m in rows if m.id in args.ids]

    work = tempfile.mkdtemp(prefix="pci-kdump-mutants-")
    t0 = time.monotonic()
    try:
        base = os.path.join(work, "base")
        snapshot(args.tree, base)
        built, rc, out = build_and_run(base, os.path.join(work, "base-obj"))
        if not built or rc:
            print(out)
            print("mutants: the unmutated sources do not pass; nothing to measure")
            return 2

        results = {}
        runnable = []
        for m in rows:
            why = check_row(m, base)
            if why:
                results[m.id] = ("ERROR", why, 0)
            else:
                runnable.append(m)
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futs = {pool.submit(run_mutant, m, base, work): m for m in runnable}
            for fut in concurrent.futures.as_completed(futs):
                results[futs[fut].id] = fut.result()
    finally:
        if args.keep:
            print(f"mutants: trees kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    tally = {}
    for m in rows:
        status, detail, secs = results[m.id]
        if status == "survived" and m.equivalent:
            status, detail = "equivalent", m.equivalent
        elif status == "killed" and m.equivalent:
            status, detail = "ERROR", "marked equivalent but killed: " + detail
        elif status == "survived":
            status, detail = "SURVIVED", "breaks: " + m.why
        tally[status] = tally.get(status, 0) + 1
        print(f"{status:10} {m.id:28} {m.file:15} {secs:3.0f}s  {detail}")
    bad = tally.get("SURVIVED", 0) + tally.get("ERROR", 0)
    print(f"mutants: {tally.get('killed', 0)}/{len(rows)} killed, "
          f"{tally.get('equivalent', 0)} equivalent, "
          f"{tally.get('SURVIVED', 0)} survived, {tally.get('ERROR', 0)} errors "
          f"({time.monotonic() - t0:.0f} s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
