"""What one VM run produced."""
import re
from dataclasses import dataclass, field
from pathlib import Path

_TS = re.compile(r"^\[\s*\d+\.\d+\]\s?")


def dmesg_lines(text):
    """Console lines with the printk timestamp prefix removed."""
    return [_TS.sub("", l.rstrip("\r")) for l in text.splitlines()]


def split_console(text):
    """(first kernel part, capture kernel part), split at the second
    "Linux version" banner: both kernels print to the same serial port."""
    banners = [m.start() for m in re.finditer(r"^.*Linux version ", text,
                                              re.M)]
    if len(banners) < 2:
        return text, ""
    return text[:banners[1]], text[banners[1]:]


@dataclass
class VMResult:
    name: str                 # test name, also the log dir name
    log_dir: Path             # build/logs/<name>/
    serial_log: Path          # both kernels' console, as recorded
    first_dmesg: str          # console of the first kernel
    capture_dmesg: str        # console of the capture kernel ("" if none)
    markers: list             # PCIKDUMP-MARK payloads, in order
    files: dict = field(default_factory=dict)  # name -> Path pulled from out disk
    exit_status: int = None   # QEMU's exit status (None if killed)
    timed_out: bool = False
    qemu_cmd: list = field(default_factory=list)
    accel: str = "tcg"
    seconds: float = 0.0      # wall time of the QEMU run
    frames_sent: int = 0      # UDP frames the DMA feeder sent
    emulator_retry: str = ""  # why an earlier run was discarded (vm.run_vm)

    @property
    def vmcore_written(self):
        p = self.files.get("vmcore")
        return bool(p and p.stat().st_size > 0)

    @property
    def vmcore_size(self):
        p = self.files.get("vmcore")
        return p.stat().st_size if p else 0

    @property
    def booted_capture(self):
        return "capture-init" in self.markers

    def marker(self, prefix):
        """First marker starting with prefix, or None."""
        return next((m for m in self.markers if m.startswith(prefix)), None)

    def pci_kdump_lines(self):
        """Capture kernel lines starting with "pci_kdump: " (prefer the full
        dmesg pulled from the guest over the console copy)."""
        p = self.files.get("dmesg")
        text = p.read_text(errors="replace") if p and self.booted_capture \
            else self.capture_dmesg
        return [l for l in dmesg_lines(text) if l.startswith("pci_kdump: ")]
