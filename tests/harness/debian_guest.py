"""Boot the Debian 12 guest (make debian-guest) and go through the
administrator's path in one QEMU run: first boot, crash, kdump-tools'
capture boot through kdump-tools-dump.service, reboot, a second crash,
a capture boot through kdump-tools.service, reboot (tests/debian-guest/
rootfs/usr/local/sbin/pci-kdump-guest-test drives the guest side).

QEMU plays the bootloader: it boots /boot/vmlinuz and /boot/initrd.img as
installed in the image (build-image.sh copies them out) with the command
line GRUB would pass, crashkernel= included. The guest's disk is a copy of
the cached image, so every run starts from the freshly installed system;
afterwards its files are read from the host with debugfs, without mounting.
"""
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import accel as _accel
from .dma import UdpFeeder
from .paths import BUILD, LOGS
from .vm import IOMMUS, _topology_args

GUEST = BUILD / "debian-guest"
DISK = GUEST / "disk.img"
KERNEL = GUEST / "boot" / "vmlinuz"
INITRD = GUEST / "boot" / "initrd.img"
CMDLINE = ("root=/dev/vda rw console=ttyS0 intel_iommu=on crashkernel=256M "
           "panic=-1 no_timer_check pcikdump.test=admin")
# Where the guest keeps its evidence, and where kdump-tools dumps
GUEST_DIRS = ("/var/lib/pci-kdump-test", "/var/crash")
# Points of the run, in order, as they show on the serial console: the
# host notes when each first appears (the "figures" of the run).
STEPS = [
    ("first boot up", r"PCIKDUMP-MARK first-boot"),
    ("kdump initrd built twice, kdump loaded", r"PCIKDUMP-MARK kdump-ready="),
    ("crash 1", r"PCIKDUMP-MARK crash-1"),
    ("capture 1 booting", r"Kernel command line:.*reset_devices"),
    ("dump 1 saved, rebooting", r"reboot: Restarting system"),
    ("after reboot 1, kdump reloaded", r"PCIKDUMP-MARK kdump-ready-2"),
    ("crash 2", r"PCIKDUMP-MARK crash-2"),
    ("capture 2 booting",
     r"PCIKDUMP-MARK crash-2(?s:.*)Kernel command line:.*reset_devices"),
    ("dump 2 saved, rebooting",
     r"PCIKDUMP-MARK crash-2(?s:.*)reboot: Restarting system"),
    ("after reboot 2", r"PCIKDUMP-MARK after-reboot-2"),
    ("powered off", r"reboot: Power down"),
]
MARK = re.compile(r"PCIKDUMP-MARK (.*?)\r?$", re.M)


@dataclass
class GuestRun:
    log_dir: Path
    serial: str                      # the console of all five boots
    markers: list                    # PCIKDUMP-MARK payloads, in order
    files: Path                      # GUEST_DIRS as read back from the disk
    step_seconds: dict = field(default_factory=dict)  # STEPS label -> s
    timed_out: bool = False
    exit_status: int = None
    frames_sent: int = 0
    accel: str = "tcg"

    def marker(self, prefix):
        return next((m for m in self.markers if m.startswith(prefix)), None)


def image_missing():
    """Why the guest cannot run, or None."""
    for p in (DISK, KERNEL, INITRD):
        if not p.exists():
            return f"{p} missing: run make debian-guest"
    return None


def read_back(disk, dest):
    """Copy GUEST_DIRS out of the ext4 image (debugfs: no mount, no root
    privileges needed on the image)."""
    dest.mkdir(parents=True, exist_ok=True)
    for d in GUEST_DIRS:   # one at a time: a missing one leaves the others
        subprocess.run(["debugfs", "-R", f"rdump {d} {dest}", str(disk)],
                       check=True, capture_output=True)
    return dest


def _watch(proc, serial, timeout):
    """Wait for QEMU, noting when each STEPS pattern first shows."""
    start = time.monotonic()
    seen = {}
    while True:
        text = serial.read_text(errors="replace") if serial.exists() else ""
        now = time.monotonic() - start
        for label, pattern in STEPS:
            if label not in seen and re.search(pattern, text, re.M):
                seen[label] = round(now, 1)
        if proc.poll() is not None:
            return seen, False
        if now > timeout:
            proc.kill()
            proc.wait()
            return seen, True
        time.sleep(1)


def run_admin_path(name, topology="minimal", timeout=1800, accel=None):
    """One QEMU run of the administrator's path; returns a GuestRun."""
    why = image_missing()
    if why:
        raise FileNotFoundError(why)
    accel = accel or _accel.choose()
    log_dir = LOGS / name
    shutil.rmtree(log_dir, ignore_errors=True)
    log_dir.mkdir(parents=True)
    disk = log_dir / "disk.img"
    subprocess.run(["cp", "--sparse=always", str(DISK), str(disk)], check=True)
    serial = log_dir / "serial.log"
    feeder = UdpFeeder(max_seconds=timeout)
    machine = "q35,accel=" + accel
    if accel == "kvm":
        machine += ",kernel-irqchip=split"   # intremap=on needs it under KVM
    # No -no-reboot: kdump-tools reboots after the dump, and the test wants
    # that reboot; the guest powers off at the end.
    cmd = ["qemu-system-x86_64", "-machine", machine, "-nodefaults",
           "-display", "none", "-m", "1G", "-smp", "1", *IOMMUS["intel"],
           "-serial", f"file:{serial}",
           "-kernel", str(KERNEL), "-initrd", str(INITRD), "-append", CMDLINE,
           "-drive", f"if=none,id=root,format=raw,file={disk}",
           "-device", "virtio-blk-pci,bus=pcie.0,drive=root",
           *_topology_args(topology, feeder)]
    (log_dir / "qemu-cmd.txt").write_text(" ".join(cmd) + "\n")
    with open(log_dir / "qemu.log", "wb") as qlog:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=qlog,
                                stderr=subprocess.STDOUT)
        feeder.start()
        try:
            seen, timed_out = _watch(proc, serial, timeout)
        finally:
            feeder.stop()
    text = serial.read_text(errors="replace")
    files = read_back(disk, log_dir / "guest")
    (log_dir / "steps.txt").write_text(
        "".join(f"{s:8.1f} s  {label}\n" for label, s in seen.items()))
    disk.unlink()   # 2 GiB sparse; what matters is in guest/
    return GuestRun(log_dir=log_dir, serial=text, markers=MARK.findall(text),
                    files=files, step_seconds=seen, timed_out=timed_out,
                    exit_status=proc.returncode, frames_sent=feeder.sent,
                    accel=accel)
