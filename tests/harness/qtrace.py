"""QEMU trace logs (`-trace EVENT -D FILE`, with or without `-msg
timestamp=on`) and what they show about PCI config accesses.

QEMU 7.2 prints config accesses as
    pci_cfg_read  <model> BB:DD.F @0x<offset> -> 0x<value>
    pci_cfg_write <model> BB:DD.F @0x<offset> <- 0x<value>
(hw/pci/trace-events), with BB the bus number the device sits on now. The
access width is not printed: a write's value holds only the bytes written,
so a bit of a register is tested at its absolute position (see sets_bit).
"""
import re
from dataclasses import dataclass

_LINE = re.compile(r"^(?:\d+@(\d+\.\d+):)?([a-z]\w*)(?: (.*))?$")
_CFG = re.compile(r"^(\S+) ([0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) @0x([0-9a-f]+) "
                  r"(<-|->) 0x([0-9a-f]+)$")

# tests/guest/init.sh reads this one byte right before sysrq-c; nothing
# else reads a lone byte there, so it splits a pci_cfg_read trace into the
# first kernel and the crash path + capture kernel
CRASH_MARK = ("00:00.0", 0xff)


def parse_trace(path):
    """[(host time or None, event, args)] of a trace log, None if there is
    no such file (the caller decides: a missing trace must not read as
    "0 events")."""
    if not path.exists():
        return None
    out = []
    for line in path.read_text(errors="replace").splitlines():
        m = _LINE.match(line)
        if m:
            out.append((float(m.group(1)) if m.group(1) else None,
                        m.group(2), m.group(3) or ""))
    return out


def require_trace(path, heartbeat):
    """The events of a trace that must exist and must contain the
    heartbeat event (one that fires in every run), so that "no event of
    interest" means none happened, not that tracing broke."""
    events = parse_trace(path)
    assert events is not None, f"no QEMU trace at {path}"
    assert any(e == heartbeat for _, e, _ in events), (
        f"{path}: no {heartbeat} event, so tracing did not work")
    return events


@dataclass
class Cfg:
    index: int      # position in the event list: the order things happened
    write: bool
    model: str
    bdf: str        # "bb:dd.f"
    off: int
    val: int


def cfg_accesses(events):
    out = []
    for i, (_, ev, args) in enumerate(events):
        if ev not in ("pci_cfg_read", "pci_cfg_write"):
            continue
        m = _CFG.match(args)
        if m:
            out.append(Cfg(i, m.group(4) == "<-", m.group(1), m.group(2),
                           int(m.group(3), 16), int(m.group(5), 16)))
    return out


def crash_index(events):
    """Index of the crash marker read (see CRASH_MARK) in events; asserts
    there is exactly one."""
    hits = [c.index for c in cfg_accesses(events) if not c.write
            and (c.bdf, c.off) == CRASH_MARK]
    assert len(hits) == 1, (f"{len(hits)} crash marker reads of "
                            f"{CRASH_MARK[0]} @{CRASH_MARK[1]:#x} in the trace, "
                            "want 1: cannot split it at the crash")
    return hits[0]


def sets_bit(c, reg, bit):
    """Does config write c set bit `bit` of the register at offset reg?
    Works for any access width that covers the bit."""
    pos = (reg - c.off) * 8 + bit
    return c.write and 0 <= pos < 32 and bool(c.val >> pos & 1)


def bdf(slot):
    """"0000:01:00.0" -> "01:00.0" (the trace has no segment)."""
    return slot[-7:]


PCI_BRIDGE_CONTROL = 0x3e
SBR_BIT = 6                  # Secondary Bus Reset
EXP_DEVCTL = 8               # in the PCI Express capability
FLR_BIT = 15                 # Initiate Function Level Reset
AF_CTRL = 4                  # in the Advanced Features capability
PM_CTRL = 4                  # in the Power Management capability
CAP_PM, CAP_EXP, CAP_AF = 0x01, 0x10, 0x13


def _is_trigger(c, how, fn_caps):
    """Does write c start the reset `how` of a function with fn_caps
    ({cap id: offset})?"""
    if how == "bus":
        return sets_bit(c, PCI_BRIDGE_CONTROL, SBR_BIT)
    if how == "flr" and CAP_EXP in fn_caps:
        return sets_bit(c, fn_caps[CAP_EXP] + EXP_DEVCTL, FLR_BIT)
    if how == "af_flr" and CAP_AF in fn_caps:
        return sets_bit(c, fn_caps[CAP_AF] + AF_CTRL, 0)
    if how == "pm" and CAP_PM in fn_caps:
        # D3hot (PowerState 3) entry; the D0 write is the release
        reg = fn_caps[CAP_PM] + PM_CTRL
        return (sets_bit(c, reg, 0) and sets_bit(c, reg, 1))
    return False


def reset_order(accesses, resets, caps):
    """Where each reset started and where its function was first polled.

    accesses: capture-side config accesses (cfg_accesses after the crash);
    resets: {bdf: (method, bridge bdf or None)} of the functions reported
    reset; caps: {bdf: {cap id: offset}}. The trigger of a function is its
    first write that starts its reset (for method "bus", the first write
    setting Secondary Bus Reset on its bridge); its readiness read is the
    first Vendor ID read (offset 0) of it after that. Returns ({bdf:
    trigger index}, {bdf: readiness index}, [problems])."""
    trig, ready, problems = {}, {}, []
    for fn, (how, bridge) in sorted(resets.items()):
        who = bridge if how == "bus" else fn
        if how == "bus" and not bridge:
            problems.append(f"{fn}: method=bus but no by= bridge reported")
            continue
        if how != "bus" and not caps.get(fn):
            problems.append(f"{fn}: no capability list to find its {how} register")
            continue
        t = next((c.index for c in accesses if c.bdf == who and
                  _is_trigger(c, how, caps.get(fn, {}))), None)
        if t is None:
            problems.append(f"{fn}: no {how} trigger write to {who} traced")
            continue
        trig[fn] = t
        r = next((c.index for c in accesses if c.bdf == fn and not c.write
                  and c.off == 0 and c.index > t), None)
        if r is None:
            problems.append(f"{fn}: never polled (no Vendor ID read) after "
                            f"its trigger at event {t}")
        else:
            ready[fn] = r
    if trig and ready:
        last_fn = max(trig, key=trig.get)
        for fn, r in sorted(ready.items(), key=lambda kv: kv[1]):
            if r < trig[last_fn]:
                problems.append(
                    f"{fn} polled (event {r}) before {last_fn} was triggered "
                    f"(event {trig[last_fn]}): a wait per reset, not one wait")
    return trig, ready, problems
