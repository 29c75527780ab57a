"""pci-reset-audit --predict against the capture kernel it predicts.

In a real kdump cycle the first kernel dumps every function's config space
(lspci -xxxx format) once its NICs receive, right before the crash, and
stashes it on the output disk; the host runs the prediction on that dump
with the command line the capture kernel booted with, and compares it line
by line with what the capture kernel logged: the per-function lines, the
summary, the parameter warnings, and per segment whether its IOMMU starts
clean and which functions may still do DMA.  Only what the capture kernel
measures on its clock (time_ms, reset_ms, wall_ms, and how long phase 1
took) is left out of the comparison; the prediction marks those "?".
"""
import json
import re
import subprocess
import tarfile
from pathlib import Path

import pytest

import harness
from harness.result import dmesg_lines
from harness.report import LINE, SUMMARY

ROOT = Path(__file__).parent.parent
TOOLDIR = ROOT / "tools" / "pci-reset-audit"
TOOL = TOOLDIR / "pci-reset-audit"
STASH_OFFSET = 192 << 20          # tests/guest/stash.sh
FIRST = ("sh /guest/nic-up.sh; sh /guest/config-dump.sh >/tmp/first.dump; "
         "sh /guest/stash.sh /tmp first.dump")
RUNTIME = re.compile(r"\b(time_ms=|reset_ms=|wall_ms=|quiesced in )\S+")


def stashed(r, name):
    """A file the first kernel stashed with stash.sh, read from the disk."""
    disk = r.log_dir / "out.img"
    try:
        with open(disk, "rb") as f:
            f.seek(STASH_OFFSET)
            with tarfile.open(fileobj=f) as tar:
                return tar.extractfile(name).read().decode()
    finally:
        disk.unlink(missing_ok=True)   # 256 MiB sparse


def capture_cmdline(dmesg):
    m = re.search(r"^Command line: (.*)$", dmesg, re.M)
    assert m, "capture kernel logged no command line"
    return m[1]


def normal(line):
    """A report line with what only the capture kernel measures blanked."""
    return RUNTIME.sub(lambda m: m[1] + "?", line)


def kernel_report(lines):
    """The capture kernel's per-function and summary lines, in order."""
    text = "\n".join(lines)
    return [normal(m[0]) for m in re.finditer(
        f"(?:{LINE.pattern})|(?:{SUMMARY.pattern})", text, re.M)]


def iommu_verdicts(lines):
    """Per IOMMU state line: starts clean or not; and the functions it
    named as possibly still doing DMA."""
    clean = [("starting from clean tables" in l)
             for l in lines if l.startswith("iommu_kdump: ")
             and ("clean tables" in l or "mainline" in l or "keeping" in l)]
    dirty = {m[1] for l in lines
             if (m := re.search(r"may still do DMA: (\S+)", l))}
    return clean, dirty


def kept_rids(lines):
    """Requester IDs an IOMMU logged it kept old entries for."""
    return {rid for l in lines if l.startswith("iommu_kdump: ") and "kept" in l
            for rid in re.findall(r"\b[0-9a-f]{4}:([0-9a-f]{2}:[0-9a-f]{2}\.\d)\b", l)}


def rid_set(ranges):
    """{"bb:dd.f", ...} of the prediction's "bb:dd.f[-bb:dd.f]" ranges."""
    def num(r):
        b, df = r.split(":")
        d, f = df.split(".")
        return int(b, 16) << 8 | int(d, 16) << 3 | int(f)
    out = set()
    for r in ranges:
        first, _, last = r.partition("-")
        for n in range(num(first), num(last or first) + 1):
            out.add(f"{n >> 8:02x}:{n >> 3 & 0x1f:02x}.{n & 7}")
    return out


def predict(dump, cmdline, tmp):
    if not TOOL.exists():
        subprocess.run(["make", "-C", str(TOOLDIR)], check=True)
    path = tmp / "first.dump"
    path.write_text(dump)
    out = {}
    for fmt in ("text", "json"):
        r = subprocess.run([str(TOOL), "--predict", "-F", str(path),
                            "--cmdline", cmdline] +
                           (["--json"] if fmt == "json" else []),
                           capture_output=True, text=True)
        assert r.returncode in (0, 1), r.stderr
        out[fmt] = r.stdout
    return out["text"], json.loads(out["json"])


CASES = {
    "minimal": dict(topology="minimal"),
    "full": dict(topology="full"),
    # the e1000e's bus reset replaced by FLR-less "none", the nvme forced
    # to a bus reset: the plan, the wait and the verdict all move
    "override": dict(topology="minimal", capture_append=(
        "pci_kdump.method=0000:01:00.0:none,1b36:0010:bus")),
    # the switch's virtio-blk skipped by slot, edu by ID, plus two bad
    # options the kernel must name
    "skip": dict(topology="full", capture_append=(
        "pci_kdump.skip=0000:06:00.0,1234:11e8,zz:00.0 "
        "pci_kdump.timeout_ms=soon")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_prediction_matches_capture_kernel(case, tmp_path):
    assert harness.bzimage("patched").exists(), "no patched kernel: run make kernel"
    r = harness.run_kdump_cycle(f"predict-{case}", first_script=FIRST,
                                keep_out_disk=True, **CASES[case])
    assert r.marker("stashed") and r.marker("crash"), r.serial_log
    dump = stashed(r, "first.dump")
    (r.log_dir / "first.dump").write_text(dump)
    # The console: everything compared here is logged before the IOMMU
    # handoff ends, whether or not the capture kernel then reaches init
    # (test_pci_kdump_vm holds it to that)
    dmesg = dmesg_lines(r.capture_dmesg)
    print(f"{case}: capture kernel reached init: {r.booted_capture}")
    cmdline = capture_cmdline("\n".join(dmesg))
    text, js = predict(dump, cmdline, tmp_path)
    (r.log_dir / "prediction.txt").write_text(text)
    predicted = [l for l in text.splitlines() if not l.startswith(("#", "iommu:"))]

    # Every line the prediction prints, the capture kernel logged, in order
    want = [normal(l) for l in predicted]
    got = [normal(l) for l in dmesg]
    at = 0
    for line in want:
        assert line in got[at:], (f"predicted but not logged: {line!r}\n"
                                  f"capture kernel: {r.serial_log}")
        at = got.index(line, at) + 1
    # and its report is exactly the predicted one, line by line
    assert kernel_report(dmesg) == kernel_report(predicted)
    assert len(kernel_report(predicted)) >= 8

    # Per segment: clean tables or not, and for which functions
    clean, dirty = iommu_verdicts(dmesg)
    assert len(clean) >= 2, "no IOMMU handoff (interrupt remapping, translation) logged"
    (scope,) = js["iommu"]
    assert scope["segment"] == "0000"
    assert set(clean) == {scope["clean"]}, (clean, scope)
    assert dirty == set(scope["may_still_dma"]), (dirty, scope)
    # An IOMMU keeps old entries only for IDs the prediction names (it may
    # have had none for some of them)
    assert kept_rids(dmesg) <= rid_set(scope["requester_ids"]), scope

    # The JSON carries the same report
    assert [f["slot"] for f in js["functions"]] == [
        m["slot"] for m in LINE.finditer("\n".join(predicted))]
    assert js["summary"]["wait_ms"] == int(re.search(
        r"wait_ms=(\d+)", "\n".join(dmesg))[1])
    assert js["summary"]["reset_ms"] is None

    if case == "skip":
        assert any("ignoring 'zz:00.0'" in l for l in predicted), predicted
        assert any("`soon' invalid for parameter `pci_kdump.timeout_ms'" in l
                   for l in predicted), predicted
        for slot in ("0000:06:00.0", "0000:08:02.0"):
            assert "method=skip" in next(l for l in predicted if slot in l)
    if case == "override":
        assert "method=none" in next(l for l in predicted if "0000:01:00.0" in l)
