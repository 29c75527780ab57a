"""The bed's shell scripts are shellcheck-clean (guest scripts as POSIX sh:
they run under busybox)."""
import subprocess

from harness.paths import REPO


BUILD_SCRIPTS = ["mk/unpack.sh", "mk/patched-tree.sh", "mk/sync-tree.sh",
                 "mk/configure.sh", "mk/check-config.sh", "mk/build-kernel.sh",
                 ".ci/run", "tests/debian-guest/build-image.sh",
                 "tests/debian-guest/build-kernel-deb.sh",
                 "tests/debian-guest/customize.sh",
                 "tests/debian-guest/rootfs/usr/local/sbin/pci-kdump-guest-test"]


def test_build_scripts():
    files = [str(REPO / f) for f in BUILD_SCRIPTS]
    subprocess.run(["shellcheck", *files], check=True)


def test_guest_scripts():
    files = sorted(str(p) for p in (REPO / "tests" / "guest").glob("*.sh"))
    subprocess.run(["shellcheck", "-s", "sh", *files], check=True)
