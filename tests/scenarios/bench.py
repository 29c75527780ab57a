#!/usr/bin/python3
"""`make bench`: pci-kdump's overlapped reset against the serial
equivalent for 1, 8 and 32 active FLR-capable functions (virtio-net-pci,
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
"""
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import harness  # noqa: E402
from harness.paths import BUILD  # noqa: E402

_TS = re.compile(r"^\[\s*(\d+\.\d+)\]")


def topology(n):
    """n virtio-net functions: n == 1 one function, else groups of 8
    functions (one multifunction slot) behind root ports."""
    devs = []
    ports = max(1, n // 8)
    per = 1 if n == 1 else 8
    for p in range(ports):
        devs.append(f"pcie-root-port,id=brp{p},chassis={20 + p},slot={20 + p}")
        for f in range(per):
            mf = ",multifunction=on" if per > 1 and f == 0 else ""
            devs.append(f"virtio-net-pci,bus=brp{p},addr=0.{f}{mf}")
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
    for n in (1, 8, 32):
        for flavour in ("patched", "vanilla"):
            rows.append(measure(n, flavour))
            print(json.dumps(rows[-1]), flush=True)
    text = render(rows, time.monotonic() - t0)
    print(text)
    (BUILD / "bench.txt").write_text(text)
    (BUILD / "bench.json").write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
