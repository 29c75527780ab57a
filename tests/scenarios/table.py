"""Render outcomes as a fixed-width text table and as JSON."""
import json
from dataclasses import asdict

COLUMNS = [
    ("scenario", "scenario", 16), ("kernel", "flavour", 7),
    ("ok", None, 5), ("handoff", "handoff", 7),
    ("flt_q", "faults_qemu", 6), ("flt<drv", "faults_pre_driver", 7),
    ("flt_g", "faults_guest", 5), ("dma1", "dma_first", 5),
    ("dma_cap", "dma_capture", 7),
    ("dma>q", "dma_after_quiesce", 5), ("vmcore", None, 8),
    ("canary", "canary", 7), ("disk", "disk", 7),
    ("init_s", "capture_init_s", 6), ("wall_s", "wall_s", 6),
]

LEGEND = """\
ok       capture booted and wrote a vmcore (cycles ok/run)
handoff  VT-d in the capture kernel: clean = pci-kdump let it start empty,
         copied = mainline copied the old tables, - = no VT-d handoff
flt_q    QEMU vtd_dmar_fault events after the crash (capture side)
flt<drv  ... from the scenario's DMA master before a capture-kernel driver
         set its Bus Master Enable again
flt_g    capture dmesg "DMAR: [DMA" lines (the guest sees few: fault
         compression)
dma1     device DMA writes traced before the crash (the workload ran);
         - = no trace event for this model (then rx_packets must be > 0)
dma_cap  device DMA writes traced (e1000e_rx_written_to_guest,
         pci_nvme_enqueue_req_completion) after the crash, before a driver
         set BME again; - = no trace event for this model
dma>q    ... of those, after the COMMAND write that cleared BME (the
         quiesce point); - = no such write (vanilla). Informational, not
         evidence: QEMU disables a device's DMA while BME is clear, so it
         is 0 under QEMU whatever the kernel does
vmcore   /proc/vmcore checksummed twice (64 MiB chunks), 1 s apart:
         stable or N chunks changed
canary   64 MiB tmpfs filled at capture init, checked after the vmcore reads
disk     NVMe image: every 4 KiB block is the old block or the complete
         new pattern block (whole), else N bad
init_s   capture kernel guest time of "Run /init"
"""


def _cell(o, attr, title):
    if title == "ok":
        return f"{o.cycles_ok}/{o.cycles}"
    if title == "vmcore":
        if o.vmcore_changed is None:
            return "-"
        return "stable" if o.vmcore_changed == 0 else f"{o.vmcore_changed}chg"
    v = getattr(o, attr)
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.2f}" if attr == "capture_init_s" else f"{v:.0f}"
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
