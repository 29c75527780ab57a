"""The administrator's path on Debian 12, in a real Debian guest (make
debian-guest): kdump-tools from Debian, pci-kdump-initramfs and
pci-reset-audit from `make deb`, the patched kernel installed as a
linux-image .deb. In one QEMU run (harness/debian_guest.py):

  first boot   kdump-config show; the kdump initrd rebuilt by kdump-tools
               itself, once without reset_devices in KDUMP_CMDLINE_APPEND
               (pci-kdump's hook must warn) and once with it; the NIC
               brought up under the host's UDP stream; sysrq-c;
  capture      kdump-tools' own flow (kdump-tools-dump.service): dump.*
               and dmesg.* under /var/crash/<stamp>/, and pci-kdump's
               drop-in puts vmcore-pcireset.txt beside them; reboot -f;
  reboot       the normal system comes back and lists /var/crash.

The files are then read from the guest's disk on the host (debugfs).

QEMU vs hardware: QEMU plays the bootloader (-kernel/-initrd with the
installed /boot files and GRUB's command line, crashkernel= included, as
/etc/default/grub.d/kdump-tools.cfg would set it). Which functions are
unsafe is QEMU's device model (the root disk's virtio-blk and the ICH9
functions are integrated endpoints of the root complex: no FLR, no PM
reset, no bus to reset), not a property of real hardware.
"""
import re

import pytest

from harness import debian_guest
from harness.result import dmesg_lines

# one function line of the report (as in test_pci_kdump_vm.py's LINE)
SLOT = r"[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.\d"
FUNCTION = re.compile(rf"^{SLOT} \[")


@pytest.fixture(scope="module")
def run():
    why = debian_guest.image_missing()
    assert why is None, why
    r = debian_guest.run_admin_path("debian-guest")
    print(f"accel={r.accel} frames sent={r.frames_sent} steps (s since "
          f"QEMU start): {r.step_seconds}")
    assert not r.timed_out, f"guest timed out, see {r.log_dir}/serial.log"
    return r


def guest_file(run, path):
    """A file the guest kept in /var/lib/pci-kdump-test."""
    p = run.files / "pci-kdump-test" / path
    assert p.exists(), f"guest did not write {path} ({run.log_dir}/serial.log)"
    return p.read_text(errors="replace")


@pytest.fixture(scope="module")
def dump_dir(run):
    """The one /var/crash/<stamp>/ kdump-tools created."""
    crash = run.files / "crash"
    assert crash.is_dir(), f"no /var/crash on the guest's disk ({run.log_dir})"
    dirs = [d for d in crash.iterdir() if d.is_dir()]
    assert len(dirs) == 1, f"/var/crash has {[d.name for d in dirs]}"
    return dirs[0]


def test_kdump_config_show_reports_ready(run):
    show = guest_file(run, "show.txt")
    assert re.search(r"^current state:\s+ready to kdump$", show, re.M), show
    # kdump-tools found the installed kernel and the initrd it built
    assert "/var/lib/kdump/vmlinuz" in show and "/var/lib/kdump/initrd.img" in show
    assert "reset_devices" in show   # the kexec command line it loaded
    assert run.marker("kdump-ready=1"), run.markers


def test_kdump_initrd_has_pci_kdump(run):
    files = guest_file(run, "initrd-list.txt").split()
    for piece in ("usr/bin/pci-kdump-save-report",
                  "scripts/init-top/pci-kdump", "usr/sbin/pci-reset-audit"):
        assert piece in files, f"{piece} not in the kdump initrd"


def test_build_warns_without_reset_devices(run):
    without = guest_file(run, "build-noreset.log")
    with_it = guest_file(run, "build.log")
    assert "kdump-tools: Generating /var/lib/kdump/initrd.img-" in without
    assert "W: pci-kdump: capture command line lacks reset_devices" in without
    assert "lacks reset_devices" not in with_it
    assert "I: pci-kdump: capture command line has reset_devices" in with_it
    assert with_it.rstrip().endswith("exit=0"), with_it


def unsafe_listed_at_build(run):
    """Slots pci-kdump's hook listed as without a safe reset."""
    log = guest_file(run, "build.log")
    assert "W: pci-kdump: PCI functions without a safe reset" in log, log
    return set(re.findall(rf"^W: pci-kdump:   .*?({SLOT})", log, re.M))


def test_build_lists_unsafe_devices(run):
    assert unsafe_listed_at_build(run)


def test_capture_kernels_unsafe_were_listed_at_build(run, dump_dir):
    """The build-time list (pci-reset-audit in the first kernel) names every
    DMA master the capture kernel then found it could not reset."""
    report = (dump_dir / "vmcore-pcireset.txt").read_text()
    unsafe = set(re.findall(rf"^({SLOT}) .* result=unsafe", report, re.M))
    assert unsafe, report
    assert unsafe <= unsafe_listed_at_build(run), report


def test_crash_while_nic_receives(run):
    rx = run.marker("rx_packets=")
    assert rx and int(rx.split("=")[1]) > 0, run.markers
    assert run.marker("crash"), run.markers
    assert run.frames_sent > 0


def test_kdump_tools_saved_dump_and_dmesg(run, dump_dir):
    stamp = dump_dir.name
    assert re.fullmatch(r"\d{12}", stamp), stamp
    dump = dump_dir / f"dump.{stamp}"
    dmesg = dump_dir / f"dmesg.{stamp}"
    assert dump.exists() and dump.stat().st_size > 0, sorted(dump_dir.iterdir())
    assert dmesg.exists() and "Kernel panic" in dmesg.read_text(errors="replace")


def test_report_beside_the_dump(dump_dir):
    report = dump_dir / "vmcore-pcireset.txt"
    assert report.exists(), sorted(p.name for p in dump_dir.iterdir())
    text = report.read_text()
    assert text.startswith("# pci-kdump report v1\n"), text
    assert "summary: mode=reset" in text, text


def test_report_matches_capture_kernel_log(run, dump_dir):
    """dmesg.* is the crashed kernel's log (makedumpfile --dump-dmesg); the
    capture kernel's own pci_kdump lines are on the console."""
    # The file is written after the IOMMU started: it adds what it kept
    kept = ' iommu="kept old translations"'
    saved = [l for l in (dump_dir / "vmcore-pcireset.txt").read_text()
             .splitlines() if not l.startswith("#")]
    assert all("verdict=dirty" in l for l in saved if kept in l), saved
    report = [l.replace(kept, "") for l in saved]
    capture = run.serial.split("PCIKDUMP-MARK crash", 1)[1]
    logged = [l[len("pci_kdump: "):] for l in dmesg_lines(capture)
              if l.startswith("pci_kdump: ")]
    assert [l for l in logged if FUNCTION.match(l)] == \
        [l for l in report if FUNCTION.match(l)]
    assert [l for l in logged if l.startswith("summary:")] == \
        [l for l in report if l.startswith("summary:")]
    assert any(FUNCTION.match(l) for l in report)


def test_files_there_after_reboot(run, dump_dir):
    assert run.marker("after-reboot"), run.markers
    listing = guest_file(run, "after-reboot.txt")
    for name in ("dump.", "dmesg.", "vmcore-pcireset.txt"):
        assert name in listing, listing
    assert run.exit_status == 0   # the guest powered off at the end
