"""The administrator's path on Debian 12, in a real Debian guest (make
debian-guest): kdump-tools from Debian, pci-kdump-initramfs and
pci-reset-audit from `make deb`, the patched kernel installed as a
linux-image .deb. In one QEMU run (harness/debian_guest.py):

  first boot   kdump-config show; the kdump initrd rebuilt by kdump-tools
               itself, once without reset_devices in KDUMP_CMDLINE_APPEND
               (pci-kdump's hook must warn) and once with it; the NIC
               brought up under the host's UDP stream; sysrq-c;
  capture 1    kdump-config's default command line: kdump-tools-dump.service
               saves dump.* and dmesg.* under /var/crash/<stamp>/, and
               pci-kdump's drop-in puts vmcore-pcireset.txt beside them;
               reboot -f;
  reboot 1     systemd.unit= taken out of KDUMP_CMDLINE_APPEND, kdump
               reloaded, sysrq-c again while the NIC receives;
  capture 2    the default target: kdump-tools.service dumps, with the
               same drop-in linked for it; reboot -f;
  reboot 2     the normal system comes back and lists /var/crash.

The files are then read from the guest's disk on the host (debugfs).

QEMU vs hardware: QEMU plays the bootloader (-kernel/-initrd with the
installed /boot files and GRUB's command line, crashkernel= included, as
/etc/default/grub.d/kdump-tools.cfg would set it). Which functions are
unsafe is QEMU's device model (the root disk's virtio-blk and the ICH9
functions are integrated endpoints of the root complex: no FLR, no PM
reset, no bus to reset), not a property of real hardware.
"""
import re
from dataclasses import dataclass
from pathlib import Path

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


# The capture boots, in order: which unit dumped, and its dump directory's
# index among /var/crash's (stamps sort by time)
CAPTURES = {"kdump-tools-dump.service": 1, "kdump-tools.service": 2}


@pytest.fixture(scope="module")
def dump_dirs(run):
    """The /var/crash/<stamp>/ directories kdump-tools created, oldest
    first: one per crash."""
    crash = run.files / "crash"
    assert crash.is_dir(), f"no /var/crash on the guest's disk ({run.log_dir})"
    dirs = sorted(d for d in crash.iterdir() if d.is_dir())
    assert len(dirs) == len(CAPTURES), f"/var/crash has {[d.name for d in dirs]}"
    return dirs


@dataclass
class Capture:
    unit: str          # the kdump-tools unit that dumped
    console: str       # the capture boot's console, crash to reboot
    dump_dir: Path     # the /var/crash/<stamp>/ it wrote


@pytest.fixture(scope="module", params=CAPTURES)
def capture(request, run, dump_dirs):
    n = CAPTURES[request.param]
    mark = f"PCIKDUMP-MARK crash-{n}"
    assert mark in run.serial, run.markers
    console = run.serial.split(mark, 1)[1]
    console = console.split("reboot: Restarting system", 1)[0]
    return Capture(request.param, console, dump_dirs[n - 1])


def listing(run, name):
    """`ls -lR /var/crash` as the guest saved it: {directory: files}."""
    dirs, current = {}, None
    for line in guest_file(run, name).splitlines():
        if line.endswith(":"):
            current = dirs.setdefault(Path(line[:-1]).name, set())
        elif current is not None and line.startswith("-"):
            current.add(line.split()[-1])
    return dirs


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


def test_capture_kernels_unsafe_were_listed_at_build(run, capture):
    """The build-time list (pci-reset-audit in the first kernel) names every
    DMA master the capture kernel then found it could not reset."""
    report = (capture.dump_dir / "vmcore-pcireset.txt").read_text()
    unsafe = set(re.findall(rf"^({SLOT}) .* result=unsafe", report, re.M))
    assert unsafe, report
    assert unsafe <= unsafe_listed_at_build(run), report


def test_crashes_while_nic_receives(run):
    rx = [int(m.split("=")[1]) for m in run.markers
          if m.startswith("rx_packets=")]
    assert len(rx) == len(CAPTURES) and min(rx) > 0, run.markers
    for n in CAPTURES.values():
        assert run.marker(f"crash-{n}"), run.markers
    assert run.frames_sent > 0


def test_capture_command_line_picks_the_unit(capture):
    """The first capture boots kdump-tools-dump.service as its unit (kdump-
    config's default), the second the default target, where
    kdump-tools.service dumps."""
    cmdline = re.search(r"Kernel command line: (.*)", capture.console)[1]
    assert "reset_devices" in cmdline
    if capture.unit == "kdump-tools-dump.service":
        assert "systemd.unit=kdump-tools-dump.service" in cmdline, cmdline
    else:
        assert "systemd.unit=" not in cmdline, cmdline


def test_reload_without_systemd_unit(run):
    load = guest_file(run, "load-default-target.log")
    assert load.rstrip().endswith("exit=0"), load
    assert run.marker("kdump-ready-2=1"), run.markers


def test_kdump_tools_saved_dump_and_dmesg(capture):
    dump_dir = capture.dump_dir
    stamp = dump_dir.name
    assert re.fullmatch(r"\d{12}", stamp), stamp
    dump = dump_dir / f"dump.{stamp}"
    dmesg = dump_dir / f"dmesg.{stamp}"
    assert dump.exists() and dump.stat().st_size > 0, sorted(dump_dir.iterdir())
    assert dmesg.exists() and "Kernel panic" in dmesg.read_text(errors="replace")


def test_report_beside_the_dump(capture):
    report = capture.dump_dir / "vmcore-pcireset.txt"
    assert report.exists(), sorted(p.name for p in capture.dump_dir.iterdir())
    text = report.read_text()
    assert text.startswith("# pci-kdump report v1\n"), text
    assert "summary: mode=reset" in text, text
    assert f"reset report saved as /var/crash/{capture.dump_dir.name}/" \
        in capture.console, "the drop-in did not run"


def test_report_matches_capture_kernel_log(capture):
    """dmesg.* is the crashed kernel's log (makedumpfile --dump-dmesg); the
    capture kernel's own pci_kdump lines are on the console."""
    # The file is written after the IOMMU started: it adds what it kept
    kept = ' iommu="kept old translations"'
    saved = [l for l in (capture.dump_dir / "vmcore-pcireset.txt").read_text()
             .splitlines() if not l.startswith("#")]
    assert all("verdict=dirty" in l for l in saved if kept in l), saved
    report = [l.replace(kept, "") for l in saved]
    logged = [l[len("pci_kdump: "):] for l in dmesg_lines(capture.console)
              if l.startswith("pci_kdump: ")]
    assert [l for l in logged if FUNCTION.match(l)] == \
        [l for l in report if FUNCTION.match(l)]
    assert [l for l in logged if l.startswith("summary:")] == \
        [l for l in report if l.startswith("summary:")]
    assert any(FUNCTION.match(l) for l in report)


def test_files_there_after_reboots(run, dump_dirs):
    for n in CAPTURES.values():
        assert run.marker(f"after-reboot-{n}"), run.markers
    assert not run.marker("no-dump-after-crash"), run.markers
    after = [listing(run, "after-reboot-1.txt"), listing(run, "after-reboot-2.txt")]
    for n, d in enumerate(dump_dirs, 1):
        stamp = d.name
        want = {f"dump.{stamp}", f"dmesg.{stamp}", "vmcore-pcireset.txt"}
        for seen in after[n - 1:]:   # there from the reboot after its crash on
            assert want <= seen.get(stamp, set()), seen
    assert run.exit_status == 0   # the guest powered off at the end
