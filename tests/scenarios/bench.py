#!/usr/bin/python3
"""`make bench`: pci-kdump's overlapped reset against the serial
equivalent for 1, 8, 32 and 128 active FLR-capable functions (virtio-net-pci,
multifunction behind root ports), and capture-kernel boot time, patched
against vanilla. Reports only; nothing is asserted. Writes
build/bench.txt and build/bench.json.

Per N, one patched kdump cycle gives:
- mainline serial: the first kernel writes 1 to each function's sysfs
  reset one after another (guest clock), then crashes;
- reset_ms and serial_ms from the capture kernel's `pci_kdump: summary:`
  line (serial_ms is the sum of the mandatory delays, a lower bound);
- capture init: guest time of "Run /init" in the capture kernel.
One vanilla cycle on the same topology gives its capture init time.

The quiesce point: the e1000e receiving paced traffic across the crash,
VT-d on in both kernels (scenario e1000e-rx-a) and no IOMMU (e1000e-rx-d),
each on the patched kernel run from start_kernel() (the default), on the
patched kernel with pci_kdump.inject_late=1 (run where it ran before that
hook: the VT-d interrupt-remapping setup, or the early initcall without an
IOMMU), and on vanilla. Per cycle:
- guest time of the first and the last Bus Master Enable cleared, from the
  capture kernel's "pci_kdump: phase 1: N functions quiesced in M ms" line
  (its time stamp is the last; minus M, the first);
- host seconds from the crash mark to the first and the last
  BME-clearing COMMAND write in QEMU's trace;
- the NIC's DMA writes after the crash mark, before a driver set BME again;
- capture init time.
Ratios compare the late run with the early one, and patched with vanilla.
"""
import dataclasses
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import harness  # noqa: E402
from harness.paths import BUILD  # noqa: E402
from scenarios.core import _CFG, one_cycle, parse_trace  # noqa: E402
from scenarios.defs import by_name  # noqa: E402

_TS = re.compile(r"^\[\s*(\d+\.\d+)\]")
_PHASE1 = re.compile(r"^\[\s*(\d+\.\d+)\] pci_kdump: phase 1: \d+ functions "
                     r"quiesced in (\d+) ms")
QUIESCE_SCENARIOS = ("e1000e-rx-a", "e1000e-rx-d")
QUIESCE_RUNS = (("patched", False), ("patched", True), ("vanilla", False))
QUIESCE_ROUNDS = 2     # the runs alternate, so drift hits each kind alike


def topology(n):
    """n virtio-net functions: n == 1 one function, else groups of 8
    functions (one multifunction slot) behind root ports. Above 32, INTx
    instead of MSI-X (vectors=0): 3 vectors each would use up the one
    CPU's interrupt vectors, and the serial port's interrupt with them."""
    devs = []
    ports = max(1, n // 8)
    per = 1 if n == 1 else 8
    intx = ",vectors=0" if n > 32 else ""
    for p in range(ports):
        devs.append(f"pcie-root-port,id=brp{p},chassis={20 + p},slot={20 + p}")
        for f in range(per):
            mf = ",multifunction=on" if per > 1 and f == 0 else ""
            devs.append(f"virtio-net-pci,bus=brp{p},addr=0.{f}{mf}{intx}")
    return devs


def measure(n, flavour):
    first = "/guest/scn-serial-reset.sh" if flavour == "patched" else None
    r = harness.run_vm(f"bench-{n}-{flavour}", flavour=flavour, mode="cycle",
                       topology=topology(n), iommu="intel", dma=False,
                       first_script=first, timeout=600)
    out = {"n": n, "flavour": flavour, "ok": r.booted_capture and r.vmcore_written,
           "wall_s": round(r.seconds, 1), "log_dir": str(r.log_dir)}
    m = r.marker("serial-reset")
    if m:
        kv = dict(x.split("=") for x in m.split()[1:])
        out["mainline_serial_n"] = int(kv["n"])
        out["mainline_serial_ms"] = int(kv["ms"])
    cap = r.capture_dmesg
    if r.files.get("dmesg") and r.booted_capture:
        cap = r.files["dmesg"].read_text(errors="replace")
    for line in cap.splitlines():
        if "Run /init as init process" in line and _TS.match(line):
            out["capture_init_s"] = float(_TS.match(line).group(1))
        s = re.search(r"pci_kdump: summary: (.*)", line)
        if s:
            out["summary"] = s.group(1).strip()
            out.update({k: int(v) for k, v in re.findall(
                r"(reset|serial_ms|reset_ms|wait_ms|wall_ms)=(\d+)", s.group(1))
                if k != "reset"})
            out["reset_functions"] = int(re.search(r" reset=(\d+)", line).group(1))
    return out


def bme_clears(events, boundary):
    """Host seconds after boundary of the first BME-clearing COMMAND write
    to each function (pci_cfg_write fires for every config write)."""
    first = {}
    for t, ev, args in events or ():
        m = _CFG.match(args) if ev == "pci_cfg_write" else None
        if not m or t <= boundary or int(m.group(5), 16) != 4:
            continue
        bdf = f"{m.group(2)}:{m.group(3)}.{m.group(4)}"
        if not int(m.group(6), 16) & 0x4 and bdf not in first:
            first[bdf] = t - boundary
    return sorted(first.values())


def quiesce_point(name, flavour, late, rnd):
    # the pace the quiesce-point figures in the admin guide were taken at
    # (the scenarios send slower, see defs.RATE_HZ)
    scn = dataclasses.replace(by_name(name), dma_rate_hz=50)
    tag = flavour + ("-late" if late else "")
    if late:
        scn = dataclasses.replace(scn, capture_append=(
            scn.capture_append + " pci_kdump.inject_late=1").strip())
    o, r = one_cycle(scn, flavour, f"bench-qp-{name}-{tag}-{rnd}")
    out = {"scenario": name, "run": tag, "ok": o.ok, "problems": o.problems,
           "dma_capture": o.dma_capture, "capture_init_s": o.capture_init_s,
           "log_dir": str(r.log_dir)}
    for line in r.capture_dmesg.splitlines():
        m = _PHASE1.match(line)
        if m:
            out["guest_last_bme_s"] = float(m.group(1))
            out["guest_first_bme_s"] = round(float(m.group(1))
                                             - int(m.group(2)) / 1000, 3)
    boundary = o.extra.get("boundary_t")
    clears = bme_clears(parse_trace(r.log_dir / "trace.log"), boundary) \
        if boundary else []
    if flavour == "patched" and clears:
        out["host_first_bme_s"] = round(clears[0], 3)
        out["host_last_bme_s"] = round(clears[-1], 3)
    return out


def _ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else "-"


def _mean(rows, key):
    vals = [r[key] for r in rows if r.get(key) is not None]
    return sum(vals) / len(vals) if vals else None


def render_quiesce(rows):
    lines = ["", "quiesce point: e1000e receiving across the crash. guest: s of "
             "the first-last BME cleared (printk time;",
             "0.0 when the early TSC calibration failed), host: s from the "
             "crash mark to the first-last BME-clearing",
             "COMMAND write (QEMU trace), DMA: NIC writes after the crash mark "
             "before a driver set BME again",
             "scenario      run           guest          host           DMA     init s",
             "-" * 78]
    for name in QUIESCE_SCENARIOS:
        for flavour, late in QUIESCE_RUNS:
            tag = flavour + ("-late" if late else "")
            for r in (x for x in rows if (x["scenario"], x["run"]) == (name, tag)):
                def span(k):
                    a, b = r.get(f"{k}_first_bme_s"), r.get(f"{k}_last_bme_s")
                    return f"{a}-{b}" if a is not None else "-"
                lines.append(f"{name:<13} {tag:<13} {span('guest'):<14} "
                             f"{span('host'):<14} {r.get('dma_capture')!s:<7} "
                             f"{r.get('capture_init_s')}")

        def mean(tag, key):
            return _mean([x for x in rows if (x["scenario"], x["run"]) == (name, tag)], key)
        lines.append(
            f"  means, late/early: last BME host "
            f"{_ratio(mean('patched-late', 'host_last_bme_s'), mean('patched', 'host_last_bme_s'))}, "
            f"DMA writes {_ratio(mean('patched-late', 'dma_capture'), mean('patched', 'dma_capture'))}; "
            f"vanilla/patched DMA writes "
            f"{_ratio(mean('vanilla', 'dma_capture'), mean('patched', 'dma_capture'))}; "
            f"init patched/vanilla "
            f"{_ratio(mean('patched', 'capture_init_s'), mean('vanilla', 'capture_init_s'))}")
    return "\n".join(lines) + "\n"


def render(rows, took):
    lines = [f"pci-kdump bench ({time.strftime('%Y-%m-%d')}, TCG, q35, "
             f"intel-iommu, {took:.0f} s)", "",
             "active  reset   pci_kdump  serial    ratio    mainline sysfs   ratio",
             "fns     fns     reset_ms   est. ms   serial/  serial ms (1st   mainline/",
             "                                     reset    kernel, guest)   reset",
             "-" * 72]
    by = {(r["n"], r["flavour"]): r for r in rows}
    for n in sorted({r["n"] for r in rows}):
        p = by.get((n, "patched"), {})
        rm, sm, mm = p.get("reset_ms"), p.get("serial_ms"), p.get("mainline_serial_ms")
        ratio = f"{sm / rm:.1f}x" if rm and sm else "-"
        mratio = f"{mm / rm:.1f}x" if rm and mm else "-"
        lines.append(f"{n:<7} {p.get('reset_functions', '-')!s:<7} {rm!s:<10} "
                     f"{sm!s:<9} {ratio:<8} {mm!s:<16} {mratio}")
    lines += ["", "capture kernel boot (guest time of \"Run /init\", s)",
              "active fns  patched  vanilla  delta",
              "-" * 40]
    for n in sorted({r["n"] for r in rows}):
        p = by.get((n, "patched"), {}).get("capture_init_s")
        v = by.get((n, "vanilla"), {}).get("capture_init_s")
        d = f"{p - v:+.2f}" if p and v else "-"
        lines.append(f"{n:<11} {p!s:<8} {v!s:<8} {d}")
    return "\n".join(lines) + "\n"


def main():
    t0 = time.monotonic()
    rows = []
    for n in (1, 8, 32, 128):
        for flavour in ("patched", "vanilla"):
            rows.append(measure(n, flavour))
            print(json.dumps(rows[-1]), flush=True)
    qrows = []
    for name in QUIESCE_SCENARIOS:
        for rnd in range(QUIESCE_ROUNDS):
            for flavour, late in QUIESCE_RUNS:
                qrows.append(quiesce_point(name, flavour, late, rnd))
                print(json.dumps(qrows[-1]), flush=True)
    text = render(rows, time.monotonic() - t0) + render_quiesce(qrows)
    print(text)
    (BUILD / "bench.txt").write_text(text)
    (BUILD / "bench.json").write_text(json.dumps(rows + qrows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
