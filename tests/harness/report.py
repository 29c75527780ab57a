"""pci-kdump's report, as drivers/pci/kdump-report.c prints it, parsed: one
line per function ("pci_kdump: SSSS:BB:DD.F [VVVV:DDDD] key=value ...",
reason="..." quoted) and the summary line."""
import re

LINE = re.compile(r"pci_kdump: (?P<slot>[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.\d) "
                  r"\[(?P<id>[0-9a-f]{4}:[0-9a-f]{4})\] (?P<fields>entry=.*?)\r?$",
                  re.M)
FIELD = re.compile(r'(\w+)=("[^"]*"|\S+)')
SUMMARY = re.compile(r"pci_kdump: summary: (.*?)\r?$", re.M)
# drivers/iommu/kdump-handoff.c, iommu_kdump_keep_end()
KEPT = re.compile(r"iommu_kdump: \S+ .+?: kept (?:(?P<n>\d+) old entries, for "
                  r"requester IDs (?P<ids>[0-9a-f:. ]+?)(?: \.\.\.)?;|all )")


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


def kept_ids(text):
    """Requester IDs (SSSS:BB:DD.F) whose old entries the capture kernel's
    IOMMUs kept, from their "kept" lines; None when one kept them all."""
    ids = set()
    for m in KEPT.finditer(text):
        if m["ids"] is None:
            return None
        ids.update(m["ids"].split())
    return ids


TABLE_KEPT = re.compile(r"iommu_kdump: \S+ (?:context|device table) entries: kept "
                        r"(?:(?P<kept>\d+) old entries.*?|no old entry); "
                        r"(?P<clean>\d+) start clean")


def translation_entries(text):
    """(old translation entries that start clean, old entries in use) over
    the capture kernel's VT-d context and AMD-Vi device table lines; None
    when no IOMMU copied only some."""
    found = [(int(m["clean"]), int(m["kept"] or 0)) for m in TABLE_KEPT.finditer(text)]
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
