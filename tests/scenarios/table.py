"""Render outcomes as a fixed-width text table and as JSON."""
import json
from dataclasses import asdict

COLUMNS = [
    ("scenario", "scenario", 16), ("kernel", "flavour", 7),
    ("ok", None, 5), ("handoff", "handoff", 7),
    ("flt_q", "faults_qemu", 5), ("flt_g", "faults_guest", 5),
    ("dma_cap", "dma_capture", 7), ("dma>q", "dma_after_quiesce", 5),
    ("q_s", "frame_quiesce_s", 5), ("dump_s", "dump_start_s", 6),
    ("last_s", "last_frame_s", 6), ("fr>crash", "frames_after_crash", 8),
    ("fr>q", "frames_after_quiesce", 4), ("fr>dump", "frames_after_dump", 7),
    ("vmc_chg", None, 7), ("canary", "canary", 7), ("disk", "disk", 7),
    ("init_s", "capture_init_s", 6), ("wall_s", "wall_s", 6),
]

LEGEND = """\
The capture kernel binds no driver to the scenario's NIC and NVMe (as a
kdump initramfs without their modules); the host sends numbered, time-
stamped frames. Times are host seconds after the crash mark.
ok       capture booted and wrote a vmcore (cycles ok/run)
handoff  IOMMU in the capture kernel, for the row's DMA devices: clean =
         their old entries dropped (pci-kdump reset them; functions that
         could not be reset, such as q35's AHCI, keep theirs), kept = their
         old entries kept, copied = mainline copied every old entry, - = no
         handoff
flt_q    QEMU vtd_dmar_fault / amdvi_page_fault events after the crash
flt_g    capture dmesg "DMAR: [DMA" lines (few: fault compression)
dma_cap  the target's DMA writes traced after the crash
         (e1000e_rx_written_to_guest, pci_nvme_enqueue_req_completion,
         virtqueue_fill of a frame's length)
dma>q    ... of those, after the COMMAND write that cleared its BME (the
         quiesce point); - = no such write (vanilla). Informational: QEMU
         drops a device's DMA while BME is clear, so under QEMU this is 0
         whatever the kernel does
q_s      the NIC's quiesce point (its BME-clearing COMMAND write)
dump_s   the capture kernel starts reading /proc/vmcore
last_s   send time of the newest frame in the makedumpfile dump
fr>crash frames in the dump sent after the crash (written after it)
fr>q     ... after the quiesce point (- = none, vanilla)
fr>dump  ... after the dump started: the dump is not the crash as it was
vmc_chg  /proc/vmcore checksummed per 4 MiB, twice, a pass (~20 s) apart:
         chunks that changed between the reads
canary   64 MiB tmpfs filled at capture init, checked after the vmcore reads
disk     NVMe image: every 4 KiB block is the old block or the complete
         new pattern block (whole), else N bad
init_s   capture kernel guest time of "Run /init"
"""


def _cell(o, attr, title):
    if title == "ok":
        return f"{o.cycles_ok}/{o.cycles}"
    if title == "vmc_chg":
        return "-" if o.vmcore_changed is None else str(o.vmcore_changed)
    v = getattr(o, attr)
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.0f}" if attr == "wall_s" else \
            f"{v:.2f}" if attr == "capture_init_s" else f"{v:.1f}"
    return str(v)


def render(outcomes, title="pci-kdump scenarios"):
    head = " ".join(t.ljust(w) for t, _, w in COLUMNS)
    lines = [title, head, "-" * len(head)]
    for o in outcomes:
        lines.append(" ".join(_cell(o, a, t).ljust(w) for t, a, w in COLUMNS))
    bad = [f"  {o.scenario} {o.flavour}: {p}" for o in outcomes
           for p in o.problems]
    if bad:
        lines += ["", "runs that prove nothing (see Outcome.problems):"] + bad
    return "\n".join(lines) + "\n\n" + LEGEND


def to_json(outcomes):
    return json.dumps([asdict(o) for o in outcomes], indent=1) + "\n"
