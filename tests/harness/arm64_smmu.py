"""What QEMU's SMMUv3 did with the devices' DMA, from its own trace events
and its guest-error log (read by scenarios/core.py for the arm64 rows).

QEMU 7.2 traces every DMA an SMMUv3 handles (hw/arm/trace-events):
    smmuv3_translate_success  translated through the stream table
    smmuv3_translate_abort    aborted by an STE that says abort
    smmuv3_translate_bypass   let through untranslated by an STE in bypass
    smmuv3_translate_disable  let through untranslated because SMMUEN=0
    smmuv3_record_event       an event queue record written
A translation that fails (an invalid stream table entry or stream ID, a
page-table walk that finds nothing) has no trace event of its own: QEMU
logs it with -d guest_errors, into the same -D file, as
    <memory region> translation failed for iova=0x... (F_TRANSLATION)
without time stamp or stream ID, and records an event only if the guest
has the event queue on (smmuv3_record_event returns first otherwise; a
kdump kernel of 6.12 keeps it off).  parse_trace turns those lines into
FAILED events.
QEMU 7.2 has no SMMU_GBPA abort (it came in QEMU 8.0): while the SMMU is
disabled, DMA bypasses it ("disable"); hardware whose GBPA says abort
would fault it instead.
"""
import re

from .qtrace import parse_trace as _parse_trace

EVENTS = ("smmuv3_translate_success", "smmuv3_translate_abort",
          "smmuv3_translate_bypass", "smmuv3_translate_disable",
          "smmuv3_record_event")
FAILED = "smmuv3_translate_failed"     # made from the guest_errors lines
QEMU_LOG = ["-d", "guest_errors"]
_STAMP = re.compile(r"^\d+@(\d+\.\d+):")
_FAILED = re.compile(r"^(\S+) translation failed for iova=(0x[0-9a-f]+) ?"
                     r"\((\w+)\)$")
_REGION_SID = re.compile(r"^(\S+) sid=(0x[0-9a-f]+)")


def parse_trace(path):
    """qtrace.parse_trace, plus a FAILED event per translation failure QEMU
    logged, where it stands in the file: timed like the trace line before
    it, with the stream ID of its memory region (from that region's trace
    events; none if it has none), args "<region> [sid=0x..] iova=0x..
    (<event type>)".  The trace must have time stamps (-msg timestamp=on):
    they tell trace events from QEMU's other log lines, which are left out
    (such as smmu_find_ste's "invalid sid=256 (L1STD span=0)" before a
    failure)."""
    events = _parse_trace(path)
    if events is None:
        return None
    sids = {}
    for _, ev, args in events:
        m = _REGION_SID.match(args) if ev in EVENTS else None
        if m:
            sids.setdefault(m.group(1), m.group(2))
    rest = iter(e for e in events if e[0] is not None)
    out, t = [], None
    for line in path.read_text(errors="replace").splitlines():
        m = _STAMP.match(line)
        if m:
            t = float(m.group(1))
            out.append(next(rest))   # this line's event
            continue
        m = _FAILED.match(line)
        if m:
            region, iova, what = m.groups()
            sid = f"sid={sids[region]} " if region in sids else ""
            out.append((t, FAILED, f"{region} {sid}iova={iova} ({what})"))
    return out
