"""pci-kdump's report, as drivers/pci/kdump-report.c prints it, parsed: one
line per function ("pci_kdump: SSSS:BB:DD.F [VVVV:DDDD] key=value ...",
reason="..." quoted) and the summary line."""
import re

LINE = re.compile(r"pci_kdump: (?P<slot>[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.\d) "
                  r"\[(?P<id>[0-9a-f]{4}:[0-9a-f]{4})\] (?P<fields>entry=.*?)\r?$",
                  re.M)
FIELD = re.compile(r'(\w+)=("[^"]*"|\S+)')
SUMMARY = re.compile(r"pci_kdump: summary: (.*?)\r?$", re.M)


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


def summary(text):
    """The summary line's key=value pairs; fails if there is none."""
    m = SUMMARY.search(text)
    assert m, "no pci_kdump summary line"
    return _fields(m[1])
