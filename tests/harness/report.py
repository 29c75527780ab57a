"""pci-kdump's report, as drivers/pci/kdump-report.c prints it, parsed: one
line per function ("pci_kdump: SSSS:BB:DD.F [VVVV:DDDD] key=value ...",
reason="..." quoted) and the summary line."""
import re

LINE = re.compile(r"pci_kdump: (?P<slot>[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.\d) "
                  r"\[(?P<id>[0-9a-f]{4}:[0-9a-f]{4})\] (?P<fields>entry=.*?)\r?$",
                  re.M)
FIELD = re.compile(r'(\w+)=("[^"]*"|\S+)')
SUMMARY = re.compile(r"pci_kdump: summary: (.*?)\r?$", re.M)
# drivers/iommu/kdump-handoff.c, iommu_kdump_keep_end(): one line per table
KEPT = re.compile(r"iommu_kdump: (?P<table>\S+ .+?): kept (?:"
                  r"(?P<n>\d+) old entries, for requester IDs "
                  r"(?P<ids>[0-9a-f:. ]+?)(?: \.\.\.)?; (?P<clean>\d+) start clean"
                  r"|no old entry; (?P<none_clean>\d+) start clean"
                  r"|all (?P<all>\d+) old entries)")


def _fields(text):
    return {k: v.strip('"') for k, v in FIELD.findall(text)}


def per_function(text):
    """slot -> {id, entry, method, result, verdict, by, time_ms, reason}
    of each report line in a log; absent fields are None."""
    out = {}
    for m in LINE.finditer(text):
        f = dict.fromkeys(("by", "time_ms", "reason"))
        f.update(_fields(m["fields"]), id=m["id"])
        out[m["slot"]] = f
    return out


def as_dmesg(report):
    """The report file (debugfs pci_kdump/report, saved beside the vmcore)
    with dmesg's prefix, for per_function() and summary(). It is written
    after the IOMMUs started, so its lines may say what they kept."""
    return "".join(f"pci_kdump: {line}\n" for line in report.splitlines())


def kept_tables(text):
    """table ("dmar0 context entries") -> (entries kept, requester IDs
    named or None for all, entries that start clean) from the capture
    kernel's kept lines."""
    out = {}
    for m in KEPT.finditer(text):
        if m["all"] is not None:
            out[m["table"]] = (int(m["all"]), None, 0)
        elif m["n"] is not None:
            out[m["table"]] = (int(m["n"]), m["ids"].split(), int(m["clean"]))
        else:
            out[m["table"]] = (0, [], int(m["none_clean"]))
    return out


def kept_ids(text):
    """Requester IDs (SSSS:BB:DD.F) whose old entries the capture kernel's
    IOMMUs kept; None when one kept them all."""
    ids = set()
    for _, named, _ in kept_tables(text).values():
        if named is None:
            return None
        ids.update(named)
    return ids


def translation_entries(text):
    """(old translation entries that start clean, old entries in use) over
    the capture kernel's VT-d context and AMD-Vi device table lines; None
    when no IOMMU copied only some."""
    found = [(clean, n) for table, (n, named, clean) in kept_tables(text).items()
             if named is not None and table.endswith(("context entries",
                                                      "device table entries"))]
    if not found:
        return None
    return (sum(c for c, _ in found), sum(c + k for c, k in found))


def dirty(text):
    """Slots whose report line says they may still do DMA."""
    return {slot for slot, f in per_function(text).items()
            if f["verdict"] == "dirty"}


def summary(text):
    """The summary line's key=value pairs; fails if there is none."""
    m = SUMMARY.search(text)
    assert m, "no pci_kdump summary line"
    return _fields(m[1])
