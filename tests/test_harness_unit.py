"""Fast checks of the harness's pure helpers (no VM, no kernel build)."""
import gzip

import harness
from harness.cpio import CpioWriter

KTAP = """\
[    1.000000] KTAP version 1
[    1.000001] 1..2
[    1.000002]     KTAP version 1
[    1.000003]     # Subtest: pci_kdump_decide
[    1.000004]     1..3
[    1.000005]     ok 1 flr_preferred
[    1.000006]     not ok 2 sbr_when_alone
[    1.000007]     ok 3 no_reset # SKIP not applicable
[    1.000008] not ok 1 pci_kdump_decide
[    1.000009]     # Subtest: pci_kdump_walk
[    1.000010]     ok 1 bottom_up
[    1.000011] ok 2 pci_kdump_walk
"""


def test_parse_ktap():
    r = harness.parse_ktap(KTAP)
    assert r == {
        "pci_kdump_decide.flr_preferred": "ok",
        "pci_kdump_decide.sbr_when_alone": "not ok",
        "pci_kdump_decide.no_reset": "skip",
        "pci_kdump_decide": "not ok",
        "pci_kdump_walk.bottom_up": "ok",
        "pci_kdump_walk": "ok",
    }


def test_split_console():
    text = "x\n[0.0] Linux version 6.12 a\nfirst\n[0.0] Linux version 6.12 b\ncap\n"
    first, cap = harness.split_console(text)
    assert "first" in first and "cap" not in first
    assert cap.startswith("[0.0] Linux version 6.12 b")
    assert harness.split_console("only one Linux version x") == (
        "only one Linux version x", "")


def test_dmesg_lines_strip_timestamps():
    assert harness.dmesg_lines("[   12.345678] pci_kdump: summary: x\n") == [
        "pci_kdump: summary: x"]


def test_cpio_newc_layout():
    w = CpioWriter()
    w.file("a/b/init", b"hello", 0o755)
    w.chardev("dev/console", 5, 1)
    raw = gzip.decompress(w.gzip_bytes())
    assert raw.startswith(b"070701")
    assert b"a/b\0" in raw and b"a/b/init\0" in raw and b"hello" in raw
    assert raw.rstrip(b"\0").endswith(b"TRAILER!!!")
    # every header starts 4-byte aligned
    assert all(i % 4 == 0 for i in _offsets(raw, b"070701"))


def _offsets(raw, pat):
    i = raw.find(pat)
    while i >= 0:
        yield i
        i = raw.find(pat, i + 1)
