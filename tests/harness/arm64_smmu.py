"""What QEMU's SMMUv3 did with the devices' DMA, from its own trace events.

QEMU 7.2 traces every DMA an SMMUv3 handles (hw/arm/trace-events):
    smmuv3_translate_success  translated through the stream table
    smmuv3_translate_abort    aborted (a fault)
    smmuv3_translate_bypass   let through untranslated by an STE in bypass
    smmuv3_translate_disable  let through untranslated because SMMUEN=0
    smmuv3_record_event       an event queue record written (a fault seen)
The trace also carries pci_cfg_read, for the crash marker that splits it
into the first kernel and the crash path + capture kernel (qtrace.py).
QEMU 7.2 has no SMMU_GBPA abort (it came in QEMU 8.0): while the SMMU is
disabled, DMA bypasses it ("disable"); hardware whose GBPA says abort
would fault it instead.
"""
import re
from collections import Counter

from .qtrace import crash_index, require_trace

EVENTS = ("smmuv3_translate_success", "smmuv3_translate_abort",
          "smmuv3_translate_bypass", "smmuv3_translate_disable",
          "smmuv3_record_event")
TRACE_FILE = "smmu-trace.log"
QEMU_ARGS = ["-trace", "pci_cfg_read",
             *[a for e in EVENTS for a in ("-trace", e)],
             "-D", "{log_dir}/" + TRACE_FILE]
_SID = re.compile(r"sid=(0x[0-9a-f]+)")


def capture_counts(log_dir):
    """Counter of EVENTS after the crash marker, keyed by event name and by
    (event name, "BB:DD.F" of the stream ID)."""
    events = require_trace(log_dir / TRACE_FILE, "pci_cfg_read")
    out = Counter({e: 0 for e in EVENTS})
    for _, ev, args in events[crash_index(events) + 1:]:
        if ev not in EVENTS:
            continue
        out[ev] += 1
        m = _SID.search(args)
        if m:
            sid = int(m.group(1), 16)
            out[(ev, f"{sid >> 8:02x}:{sid >> 3 & 0x1f:02x}.{sid & 7}")] += 1
    return out
