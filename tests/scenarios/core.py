"""Run one scenario (a kdump cycle with QEMU tracing) and extract metrics.

Separating the two kernels in the QEMU trace: the trace has host wall-clock
timestamps (-msg timestamp=on). A sampler thread records (time, size) of
the serial log every 10 ms while QEMU runs; the byte offset of the
"PCIKDUMP-MARK crash" line, written right before sysrq-c, then maps to a
host time. Trace events after it belong to the crash path and the capture
kernel ("capture side").
"""
import json
import re
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, asdict

import harness
from harness.paths import BUILD, LOGS

TRACE_EVENTS = ["vtd_dmar_fault", "pci_cfg_write", "e1000e_rx_written_to_guest",
                "pci_nvme_rw_cb", "pci_nvme_enqueue_req_completion",
                "amdvi_page_fault"]
# device-side DMA-write events and the QEMU device model they belong to
DMA_EVENTS = {"e1000e_rx_written_to_guest": "e1000e",
              "pci_nvme_enqueue_req_completion": "nvme"}
_TRACE = re.compile(r"^\d+@(\d+\.\d+):(\w+)\s?(.*)$")
_CFG = re.compile(r"^(\S+) ([0-9a-f]{2}):([0-9a-f]{2})\.([0-7]) @0x([0-9a-f]+) <- 0x([0-9a-f]+)")
_SID = re.compile(r"sid 0x([0-9a-f]+)")
_TS = re.compile(r"^\[\s*(\d+\.\d+)\]")


@dataclass
class Scenario:
    name: str
    kind: str = "nic"            # nic | nvme | edu | repeat
    topology: object = "minimal"
    iommu: str = "intel"
    mode: str = "a"              # IOMMU mode label a|b|c|d
    first_append: str = ""
    capture_append: str = ""
    first_script: str = "/guest/nic-up.sh"
    capture_script: str = "/guest/scn-capture.sh 64 64"
    qemu_args: tuple = ()
    dma_rate_hz: int = 50
    targets: tuple = ("01:00.0",)   # the DMA masters of interest (bus:dev.fn)
    target_models: tuple = ("e1000e",)  # their QEMU models, same order
    flavours: tuple = ("patched", "vanilla")
    repeat: int = 1
    note: str = ""
    timeout: int = 300


@dataclass
class Outcome:
    scenario: str
    flavour: str
    mode: str
    ok: bool = False                 # capture booted and vmcore written
    cycles: int = 1
    cycles_ok: int = 0
    faults_qemu: int = None          # vtd_dmar_fault on the capture side
    faults_pre_driver: int = None    # ... from targets, before a driver set BME again
    faults_guest: int = None         # capture dmesg "DMAR: [DMA" lines
    dma_capture: int = None          # target DMA writes, capture side, before driver BME
    dma_after_quiesce: int = None    # ... after the BME-clearing COMMAND write
    quiesced: bool = None            # a BME-clearing COMMAND write was seen
    vmcore_changed: int = None       # chunks whose checksum changed between reads
    canary: str = None
    disk: str = None
    handoff: str = None
    capture_init_s: float = None     # capture kernel "Run /init" guest time
    reset_ms: int = None
    serial_ms: int = None
    wall_s: float = 0.0
    boundary: str = None             # how first/capture were separated
    extra: dict = field(default_factory=dict)
    log_dirs: list = field(default_factory=list)


class SerialSampler(threading.Thread):
    def __init__(self, path):
        super().__init__(daemon=True)
        self.path, self.samples, self._stop_ev = path, [], threading.Event()

    def run(self):
        while not self._stop_ev.is_set():
            try:
                self.samples.append((time.time(), self.path.stat().st_size))
            except FileNotFoundError:
                pass
            self._stop_ev.wait(0.01)

    def stop(self):
        self._stop_ev.set()
        self.join()

    def time_of(self, offset):
        """Last sample before the byte at offset was written."""
        before = [t for t, size in self.samples if size <= offset]
        return before[-1] if before else None


def parse_trace(path):
    out = []
    if not path.exists():
        return out
    for line in path.read_text(errors="replace").splitlines():
        m = _TRACE.match(line)
        if m:
            out.append((float(m.group(1)), m.group(2), m.group(3)))
    return out


def _sid_bdf(sid):
    return f"{sid >> 8:02x}:{(sid >> 3) & 0x1f:02x}.{sid & 7}"


def trace_metrics(events, boundary, targets, models):
    """models: {bdf: QEMU model name}; returns a dict of counts."""
    cap = [e for e in events if boundary is None or e[0] > boundary]
    quiesce, driver = {}, {}
    for t, ev, args in cap:
        if ev != "pci_cfg_write":
            continue
        m = _CFG.match(args)
        if not m or int(m.group(5), 16) != 4:
            continue
        bdf = f"{m.group(2)}:{m.group(3)}.{m.group(4)}"
        bme = int(m.group(6), 16) & 0x4
        if not bme and bdf not in quiesce and bdf not in driver:
            quiesce[bdf] = t
        elif bme and bdf not in driver:
            driver[bdf] = t
    faults = [(t, _sid_bdf(int(_SID.search(a).group(1), 16)))
              for t, ev, a in cap if ev in ("vtd_dmar_fault",) and _SID.search(a)]
    faults += [(t, None) for t, ev, a in cap if ev == "amdvi_page_fault"]
    pre = sum(1 for t, b in faults
              if b in targets and t < driver.get(b, float("inf")))
    dma_cap = dma_q = 0
    if not any(models.get(b) in DMA_EVENTS.values() for b in targets):
        dma_cap = dma_q = None     # no DMA-write trace event for this model
    for bdf in (targets if dma_cap is not None else ()):
        model = models.get(bdf)
        evs = [t for t, ev, _ in cap if DMA_EVENTS.get(ev) == model
               and t < driver.get(bdf, float("inf"))]
        dma_cap += len(evs)
        if bdf in quiesce:
            dma_q += sum(1 for t in evs if t > quiesce[bdf])
    first_faults = sum(1 for t, ev, _ in events
                       if ev == "vtd_dmar_fault" and boundary is not None
                       and t <= boundary)
    return {"faults_qemu": len(faults), "faults_pre_driver": pre,
            "dma_capture": dma_cap,
            "dma_after_quiesce": dma_q if all(b in quiesce for b in targets)
            else None,
            "quiesced": all(b in quiesce for b in targets),
            "first_kernel_faults": first_faults,
            "driver_bme": sorted(driver)}


def _kv(path):
    out = {}
    if path and path.exists():
        for line in path.read_text().splitlines():
            k, _, v = line.partition("=")
            out[k.strip()] = v.strip()
    return out


def _handoff(text):
    if "starting from clean tables" in text:
        return "clean"
    if "keeping the previous kernel" in text:
        return "kept"
    if "Copied translation tables" in text or "Copied DEV table" in text:
        return "copied"
    return "-"


def _models(scn):
    """bdf -> QEMU model for the targets."""
    return dict(zip(scn.targets, scn.target_models))


def one_cycle(scn, flavour, run_name, prepare=None, check=None):
    """One kdump cycle of scn on flavour; returns (Outcome, VMResult)."""
    log_dir = LOGS / run_name
    shutil.rmtree(log_dir, ignore_errors=True)
    extra_args = list(scn.qemu_args)
    ctx = prepare(log_dir) if prepare else {}
    extra_args = [a.format(**ctx) if "{" in a and "{log_dir}" not in a else a
                  for a in extra_args]
    qargs = extra_args + ["-msg", "timestamp=on", "-D", "{log_dir}/trace.log"]
    for ev in TRACE_EVENTS:
        qargs += ["-trace", ev]
    sampler = SerialSampler(log_dir / "serial.log")
    sampler.start()
    t0 = time.monotonic()
    try:
        r = harness.run_vm(run_name, flavour=flavour, mode="cycle",
                           topology=scn.topology, iommu=scn.iommu,
                           first_append=scn.first_append,
                           capture_append=scn.capture_append,
                           first_script=scn.first_script,
                           capture_script=scn.capture_script,
                           qemu_args=qargs, dma_rate_hz=scn.dma_rate_hz,
                           timeout=scn.timeout,
                           keep_out_disk=False)
    finally:
        sampler.stop()
    o = Outcome(scenario=scn.name, flavour=flavour, mode=scn.mode)
    o.wall_s = round(time.monotonic() - t0, 1)
    o.log_dirs = [str(r.log_dir)]
    o.ok = bool(r.booted_capture and r.vmcore_written)
    o.cycles_ok = int(o.ok)
    text = r.serial_log.read_text(errors="replace") if r.serial_log.exists() else ""
    idx = text.find("PCIKDUMP-MARK crash")
    boundary = sampler.time_of(len(text[:idx].encode())) if idx >= 0 else None
    o.boundary = "serial-offset" if boundary else "none (whole trace)"
    events = parse_trace(r.log_dir / "trace.log")
    tm = trace_metrics(events, boundary, set(scn.targets), _models(scn))
    for k in ("faults_qemu", "faults_pre_driver", "dma_capture",
              "dma_after_quiesce", "quiesced"):
        setattr(o, k, tm[k])
    o.extra["first_kernel_faults"] = tm["first_kernel_faults"]
    o.extra["driver_bme"] = tm["driver_bme"]
    cap = r.capture_dmesg
    if r.files.get("dmesg") and r.booted_capture:
        cap = r.files["dmesg"].read_text(errors="replace")
    o.faults_guest = cap.count("DMAR: [DMA")
    o.handoff = _handoff(cap)
    for line in cap.splitlines():
        if "Run /init as init process" in line and _TS.match(line):
            o.capture_init_s = float(_TS.match(line).group(1))
        m = re.search(r"pci_kdump: summary: .*reset_ms=(\d+) serial_ms=(\d+)", line)
        if m:
            o.reset_ms, o.serial_ms = int(m.group(1)), int(m.group(2))
    kv = _kv(r.files.get("scn-capture.txt"))
    if "vmcore_changed_chunks" in kv:
        o.vmcore_changed = int(kv["vmcore_changed_chunks"])
        o.canary = kv.get("canary")
        o.extra["vmcore_pass_s"] = kv.get("vmcore_pass_s")
    o.extra["markers"] = r.markers
    o.extra["frames_sent"] = r.frames_sent
    if check:
        check(o, r, ctx)
    return o, r


def run_scenario(scn, flavour, tag=""):
    """Run scn (scn.repeat cycles) on flavour; one aggregated Outcome."""
    outs = []
    for i in range(scn.repeat):
        name = f"scn-{scn.name}-{flavour}{tag}" + (f"-{i}" if scn.repeat > 1 else "")
        prepare, check = _HOOKS.get(scn.kind, (None, None))
        o, _ = one_cycle(scn, flavour, name, prepare, check)
        outs.append(o)
    if len(outs) == 1:
        return outs[0]
    agg = outs[0]
    agg.cycles = len(outs)
    agg.cycles_ok = sum(o.cycles_ok for o in outs)
    agg.ok = agg.cycles_ok == agg.cycles
    for k in ("faults_qemu", "faults_pre_driver", "faults_guest", "dma_capture",
              "dma_after_quiesce", "vmcore_changed"):
        vals = [getattr(o, k) for o in outs if getattr(o, k) is not None]
        setattr(agg, k, sum(vals) if vals else None)
    agg.quiesced = all(o.quiesced for o in outs)
    agg.wall_s = round(sum(o.wall_s for o in outs), 1)
    agg.log_dirs = [d for o in outs for d in o.log_dirs]
    inits = [o.capture_init_s for o in outs if o.capture_init_s]
    agg.capture_init_s = round(sum(inits) / len(inits), 3) if inits else None
    return agg


def run_many(pairs, jobs=2):
    """pairs: [(Scenario, flavour)] -> [Outcome] in the same order."""
    with ThreadPoolExecutor(max_workers=jobs) as ex:
        return list(ex.map(lambda p: run_scenario(*p), pairs))


# --- per-kind hooks -----------------------------------------------------

NVME_BLOCKS = 2048


def _old_block(i):
    return b"".join(b"%-15s\n" % (b"OLD %08d" % i) for _ in range(256))


def _new_block(i):
    return b"".join(b"%-15s\n" % (b"NEW %08d" % i) for _ in range(256))


def _nvme_prepare(log_dir):
    # not in log_dir: run_vm empties that before QEMU starts
    disks = BUILD / "scenario-disks"
    disks.mkdir(parents=True, exist_ok=True)
    img = disks / (log_dir.name + ".img")
    with open(img, "wb") as f:
        for i in range(NVME_BLOCKS):
            f.write(_old_block(i))
    return {"img": str(img)}


def check_disk(img):
    """Every 4 KiB block is the old content or a complete pattern block."""
    data = img.read_bytes()
    new = old = bad = 0
    bad_blocks = []
    for i in range(NVME_BLOCKS):
        blk = data[i * 4096:(i + 1) * 4096]
        if blk == _new_block(i):
            new += 1
        elif blk == _old_block(i):
            old += 1
        else:
            bad += 1
            bad_blocks.append(i)
    return new, old, bad, bad_blocks[:16]


def _nvme_check(o, r, ctx):
    from pathlib import Path
    if not r.booted_capture:
        o.disk = "no run"
        return
    new, old, bad, which = check_disk(Path(ctx["img"]))
    o.disk = "whole" if bad == 0 else f"{bad} bad"
    o.extra["disk"] = {"new": new, "old": old, "bad": bad, "bad_blocks": which}
    Path(ctx["img"]).unlink()


_HOOKS = {"nvme": (_nvme_prepare, _nvme_check)}


def save_json(outcomes, path):
    path.write_text(json.dumps([asdict(o) for o in outcomes], indent=1) + "\n")


__all__ = ["Scenario", "Outcome", "run_scenario", "run_many", "one_cycle",
           "check_disk", "save_json", "BUILD"]
