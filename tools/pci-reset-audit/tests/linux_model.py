"""An independent model of Linux 6.12's reset-method probes, for the tests.

Written from the PCIe spec and drivers/pci/pci.c (pcie_reset_flr, pci_af_flr,
pci_pm_reset, pci_parent_bus_reset), not from the C code under test, so a
slip in drivers/pci/quirks-kdump.c or kdump-fabric.c shows up as a
disagreement.  Per-device quirks are not modelled; QUIRKED lists the
fixture functions a quirk row changes, with the row's reason.
"""
import re

HEADER = re.compile(r"^(?:([0-9a-fA-F]{4,5}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7]) ")
HEXLINE = re.compile(r"^([0-9a-fA-F]{2,8}): ((?:[0-9a-fA-F]{2} ?)+)$")


def parse_dump(text):
    """{(seg, bus, devfn): bytearray of config space, 0xff where missing}"""
    fns, cur = {}, None
    for line in text.splitlines():
        m = HEADER.match(line)
        if m:
            seg = int(m.group(1) or "0", 16)
            key = (seg, int(m.group(2), 16), int(m.group(3), 16) << 3 | int(m.group(4)))
            cur = fns[key] = bytearray(b"\xff" * 4096)
            continue
        m = HEXLINE.match(line)
        if cur is not None and m:
            off = int(m.group(1), 16)
            for i, b in enumerate(m.group(2).split()):
                cur[off + i] = int(b, 16)
        elif not line:
            cur = None
    return fns


def rd(cfg, off, size):
    return int.from_bytes(cfg[off:off + size], "little")


def caps(cfg):
    """{cap id: offset} of the classic capability list"""
    found = {}
    if not rd(cfg, 0x06, 2) & 0x10:          # Status: Capabilities List
        return found
    pos, ttl = rd(cfg, 0x34, 1), 48
    while pos >= 0x40 and ttl:
        ttl -= 1
        cid, nxt = cfg[pos & ~3], cfg[(pos & ~3) + 1]
        if cid == 0xff:
            break
        found.setdefault(cid, pos & ~3)
        pos = nxt
    return found


def is_bridge(cfg):
    return cfg[0x0e] & 0x7f in (1, 2)


def ext_cap(cfg, cap_id):
    """Offset of an extended capability, or None (list from 0x100)"""
    pos, ttl = 0x100, 480
    while pos >= 0x100 and ttl:
        hdr = rd(cfg, pos, 4)
        if hdr in (0, 0xffffffff):
            return None
        if hdr & 0xffff == cap_id:
            return pos
        pos, ttl = (hdr >> 20) & 0xffc, ttl - 1
    return None


def vfs(fns):
    """Routing IDs of the VFs each PF with VF Enable set brings (SR-IOV
    capability, PCIe r6.0 9.3.3: NumVFs at +0x10, First VF Offset +0x14,
    VF Stride +0x16, VF Enable = SR-IOV Control bit 0 at +0x08)."""
    out = set()
    for (seg, bus, devfn), cfg in fns.items():
        pos = ext_cap(cfg, 0x0010)
        if pos is None or not rd(cfg, pos + 8, 2) & 1:
            continue
        rid = (bus << 8 | devfn) + rd(cfg, pos + 0x14, 2)
        for i in range(rd(cfg, pos + 0x10, 2)):
            r = rid + i * rd(cfg, pos + 0x16, 2)
            out.add((seg, r >> 8, r & 0xff))
    return out


def linux_methods(fns, key):
    if key not in fns:
        return []       # a VF the dump does not show: no bytes to judge
    cfg = fns[key]
    c = caps(cfg)
    out = []
    # DevCap bit 28: Function Level Reset Capability (PCIe r6.0 7.5.3.3)
    if 0x10 in c and rd(cfg, c[0x10] + 4, 4) & (1 << 28):
        out.append("flr")
    # AF Capabilities: TP (bit 0) and FLR (bit 1) both needed
    if 0x13 in c and cfg[c[0x13] + 3] & 3 == 3:
        out.append("af_flr")
    # PMCSR bit 3 No_Soft_Reset: D3hot->D0 keeps state, so no reset
    if 0x01 in c and not rd(cfg, c[0x01] + 4, 2) & 8:
        out.append("pm")
    seg, bus, _ = key
    parents = [k for k, b in fns.items() if k[0] == seg and is_bridge(b)
               and b[0x19] == bus and b[0x19] > k[1] and b[0x1a] >= b[0x19]]
    alone = not any(k != key and k[:2] == (seg, bus) for k in fns)
    if parents and not is_bridge(cfg) and alone:
        out.append("bus")
    return out


# (fixture, slot): (methods, why a quirk row changes the generic answer)
QUIRKED = {
    ("tree-fsl-p2020", "0000:05:00.0"):
        (["pm"], "Atheros 168c:003c is NO_BUS_RESET in Linux quirks.c"),
    ("tree-fsl-p2020", "0001:03:00.0"):
        (["pm"], "Atheros 168c:0030 is NO_BUS_RESET in Linux quirks.c"),
}
