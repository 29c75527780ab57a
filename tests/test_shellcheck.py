"""The bed's shell scripts are shellcheck-clean (guest scripts as POSIX sh:
they run under busybox)."""
import subprocess

from harness.paths import REPO


def test_build_scripts():
    files = sorted(str(p) for p in (REPO / "mk").glob("*.sh"))
    files.append(str(REPO / ".ci" / "run"))
    subprocess.run(["shellcheck", *files], check=True)


def test_guest_scripts():
    files = sorted(str(p) for p in (REPO / "tests" / "guest").glob("*.sh"))
    subprocess.run(["shellcheck", "-s", "sh", *files], check=True)
