"""Config space the capture kernel dumped (tests/guest/init.sh writes
/out/pci-config: one line per function, "<slot> <256 hex bytes>")."""


def pci_config(path):
    """{slot: bytes} from a pci-config file."""
    out = {}
    for line in path.read_text().splitlines():
        slot, *hexbytes = line.split()
        out[slot] = bytes(int(b, 16) for b in hexbytes)
    return out


def capabilities(cfg):
    """{capability id: offset} of the standard capability list (the first
    of each id); {} if the function has none."""
    caps = {}
    if len(cfg) < 0x40 or not cfg[0x06] & 0x10:       # Status: Cap List
        return caps
    pos, seen = cfg[0x34] & 0xfc, set()
    while pos >= 0x40 and pos + 1 < len(cfg) and pos not in seen:
        seen.add(pos)
        caps.setdefault(cfg[pos], pos)
        pos = cfg[pos + 1] & 0xfc
    return caps
