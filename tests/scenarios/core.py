"""Run one scenario (a kdump cycle with QEMU tracing) and extract metrics.

Separating the two kernels in the QEMU trace: the trace has host wall-clock
timestamps (-msg timestamp=on). A sampler thread records (time, size) of
the serial log every 10 ms while QEMU runs; the byte offset of the
"PCIKDUMP-MARK crash" line, written right before sysrq-c, then maps to a
host time. Trace events after it belong to the crash path and the capture
kernel ("capture side").

The capture side is a kdump initramfs's: the scenario's DMA devices get no
driver in the capture kernel (defs.NO_DMA_DRIVERS), so nothing but
pci-kdump stops them. The data they wrote is read back from the dump: the
host's frames carry a sequence number and their send time (harness/dma.py),
and the makedumpfile dump is searched for them (vmcore.py), so the dump
says how many frames sent after the quiesce point, or after the dump
started, it holds.

arm64 rows (Scenario.arch) run QEMU's virt machine with an SMMUv3
(harness/arm64_machine.py); what the SMMU did with the DMA after the crash
comes from QEMU's smmuv3 trace events and its guest-error log of failed
translations (harness/arm64_smmu.py).

Each run also proves its workload ran (Outcome.problems, empty when it
did): the trace exists and traced (pci_cfg_write fires in every boot), the
target did DMA before the crash, no capture-kernel driver bound to a DMA
device, and for NVMe on the patched kernel the controller was disabled
(CC.EN cleared, CSTS.RDY dropped) before its FLR.
"""
import json
import re
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, asdict

import harness
from harness import arm64_smmu, report
from harness.dma import frame, frames_in
from harness.paths import BUILD, LOGS
from harness.pcicfg import capabilities, pci_config
from harness.qtrace import CAP_EXP, EXP_DEVCTL, FLR_BIT, cfg_accesses, sets_bit
from .vmcore import DumpFormatError, pages

TRACE_EVENTS = ["pci_cfg_write", "e1000e_rx_written_to_guest",
                "pci_nvme_rw_cb", "pci_nvme_enqueue_req_completion",
                "virtqueue_fill"]
# what each IOMMU model does with DMA: (trace events, other QEMU args)
IOMMU_TRACE = {"intel": (["vtd_dmar_fault"], []),
               "amd": (["amdvi_page_fault"], []),
               "none": ([], []),
               "smmuv3": (list(arm64_smmu.EVENTS), arm64_smmu.QEMU_LOG)}
# a DMA the IOMMU refused: a fault
FAULT_EVENTS = {"vtd_dmar_fault", "amdvi_page_fault", arm64_smmu.FAILED,
                "smmuv3_translate_abort"}
# capture-kernel log lines of a fault the IOMMU reported
GUEST_FAULTS = {"x86": re.compile(r"DMAR: \[DMA"),
                "arm64": re.compile(r"arm-smmu-v3 \S+: event 0x[0-9a-f]+ "
                                    r"received")}
# device-side DMA-write events and the QEMU device model they belong to
DMA_EVENTS = {"e1000e_rx_written_to_guest": "e1000e",
              "pci_nvme_enqueue_req_completion": "nvme",
              "virtqueue_fill": "virtio-net-pci"}
# QEMU 7.2 has no virtio-net receive event; virtqueue_fill (any virtio
# device) with the length of a host frame behind a virtio_net_hdr (10
# bytes, or 12 with mergeable buffers / virtio 1.0) is one written frame
VIRTIO_NET_RX_LENS = {len(frame(0, 0)) + 10, len(frame(0, 0)) + 12}
_FILL_LEN = re.compile(r" len (\d+) ")
# QEMU 7.2 NVMe register accesses, to see the disable before the FLR
# (hw/nvme/ctrl.c: "stopped" is where the model clears CSTS.RDY)
NVME_EVENTS = ["pci_nvme_mmio_write", "pci_nvme_mmio_read",
               "pci_nvme_mmio_stopped"]
KIND_EVENTS = {"nvme": NVME_EVENTS}
HEARTBEAT = "pci_cfg_write"    # every boot writes config space
_MMIO = re.compile(r"addr 0x([0-9a-f]+)(?: data 0x([0-9a-f]+))?")
_CFG = re.compile(r"^(\S+) ([0-9a-f]{2}):([0-9a-f]{2})\.([0-7]) @0x([0-9a-f]+) <- 0x([0-9a-f]+)")
_SID = re.compile(r"sid[ =]0x([0-9a-f]+)")
_TS = re.compile(r"^\[\s*(\d+\.\d+)\]")


@dataclass
class Scenario:
    name: str
    kind: str = "nic"            # nic | nvme | edu | repeat
    topology: object = "minimal"
    iommu: str = "intel"
    mode: str = "a"              # IOMMU mode label (defs.MODES)
    arch: str = "x86"            # x86 (q35) | arm64 (virt)
    first_append: str = ""
    capture_append: str = ""
    first_script: str = "/guest/nic-up.sh"
    capture_script: str = "/guest/scn-capture.sh 64 4"
    qemu_args: tuple = ()
    dma_rate_hz: int = 50
    targets: tuple = ("01:00.0",)   # the DMA masters of interest (bus:dev.fn)
    target_models: tuple = ("e1000e",)  # their QEMU models, same order
    nics: tuple = ("01:00.0",)      # receive the host's frames; no driver may bind
    flavours: tuple = ("patched", "vanilla")
    repeat: int = 1
    note: str = ""
    timeout: int = None          # None: run_vm's default for the arch


@dataclass
class Outcome:
    scenario: str
    flavour: str
    mode: str
    arch: str = "x86"
    ok: bool = False                 # capture booted and vmcore written
    cycles: int = 1
    cycles_ok: int = 0
    faults_qemu: int = None          # IOMMU faults (FAULT_EVENTS) on the capture side
    faults_pre_driver: int = None    # ... from targets, before a driver set BME again
    faults_guest: int = None         # capture dmesg fault lines (GUEST_FAULTS)
    # SMMUv3 only, capture side: the targets' DMA it translated before a
    # driver set BME again (no capture-kernel driver maps anything for
    # them: these went through the crashed kernel's stream table), and
    # every device's DMA it let through untranslated, by a bypass STE or
    # while SMMUEN=0, and its event queue records
    smmu_translated: int = None
    smmu_bypass: int = None
    smmu_disabled: int = None
    smmu_events: int = None
    dma_first: int = None            # target DMA writes before the crash
    dma_capture: int = None          # target DMA writes, capture side, before driver BME
    # ... after the BME-clearing COMMAND write. Informational only: QEMU
    # turns a device's DMA address space off while BME is clear, so under
    # QEMU this is 0 whatever the kernel does; it is not evidence.
    dma_after_quiesce: int = None
    quiesced: bool = None            # a BME-clearing COMMAND write was seen
    vmcore_changed: int = None       # chunks whose checksum changed between reads
    # host seconds after the crash mark: the NICs' quiesce point (their last
    # first BME-clearing COMMAND write; None without one, as on vanilla),
    # the start of the capture kernel's dump reads, the newest frame's send
    frame_quiesce_s: float = None
    dump_start_s: float = None
    last_frame_s: float = None
    frames_dump: int = None          # host frames found in the makedumpfile dump
    frames_after_crash: int = None   # ... sent after the crash mark
    frames_after_quiesce: int = None  # ... after the NICs' quiesce point
    frames_after_dump: int = None    # ... after the dump reads started
    pages_after_crash: int = None    # dump pages holding frames sent after the crash
    canary: str = None
    disk: str = None
    handoff: str = None
    entries_clean: str = None        # old translation entries dropped/in use
    capture_init_s: float = None     # capture kernel "Run /init" guest time
    reset_ms: int = None
    serial_ms: int = None
    wall_s: float = 0.0
    boundary: str = None             # how first/capture were separated
    problems: list = field(default_factory=list)  # the run proves nothing if any
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
    """[(host time, event, args)], None if QEMU wrote no trace; SMMUv3
    translation failures QEMU logged are events too."""
    return arm64_smmu.parse_trace(path)


def _sid_bdf(sid):
    return f"{sid >> 8:02x}:{(sid >> 3) & 0x1f:02x}.{sid & 7}"


def dma_model(ev, args):
    """The QEMU model whose write to guest memory the event is, or None."""
    if ev == "virtqueue_fill":
        m = _FILL_LEN.search(args)
        if not m or int(m.group(1)) not in VIRTIO_NET_RX_LENS:
            return None
    return DMA_EVENTS.get(ev)


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
        # a driver sets BME again after the quiesce cleared it; a COMMAND
        # write that merely keeps it set (the PCI core's INTx Disable on a
        # device nobody quiesced) is no driver
        if not bme and bdf not in quiesce and bdf not in driver:
            quiesce[bdf] = t
        elif bme and bdf in quiesce and bdf not in driver:
            driver[bdf] = t
    faults = [(t, _sid_bdf(int(m.group(1), 16)) if m else None)
              for t, ev, a in cap if ev in FAULT_EVENTS
              for m in [_SID.search(a)]]
    pre = sum(1 for t, b in faults
              if b in targets and t < driver.get(b, float("inf")))
    dma_cap = dma_q = dma_first = 0
    if not any(models.get(b) in DMA_EVENTS.values() for b in targets):
        dma_cap = dma_q = dma_first = None  # no DMA-write event for this model
    if boundary is None:
        dma_first = None
    for bdf in (targets if dma_cap is not None else ()):
        model = models.get(bdf)
        evs = [t for t, ev, a in cap if dma_model(ev, a) == model
               and t < driver.get(bdf, float("inf"))]
        dma_cap += len(evs)
        if bdf in quiesce:
            dma_q += sum(1 for t in evs if t > quiesce[bdf])
        if dma_first is not None:
            dma_first += sum(1 for t, ev, a in events
                             if dma_model(ev, a) == model and t <= boundary)
    first_faults = sum(1 for t, ev, _ in events
                       if ev in FAULT_EVENTS and boundary is not None
                       and t <= boundary)
    smmu_tr = 0
    for t, ev, a in cap:
        m = ev == "smmuv3_translate_success" and _SID.search(a)
        bdf = m and _sid_bdf(int(m.group(1), 16))
        if bdf in targets and t < driver.get(bdf, float("inf")):
            smmu_tr += 1
    return {"faults_qemu": len(faults), "faults_pre_driver": pre,
            "dma_first": dma_first, "dma_capture": dma_cap,
            "dma_after_quiesce": dma_q if all(b in quiesce for b in targets)
            else None,
            "quiesced": all(b in quiesce for b in targets),
            "quiesce_t": quiesce,
            "first_kernel_faults": first_faults,
            "smmu_translated": smmu_tr,
            "smmu_bypass": sum(1 for _, ev, _ in cap
                               if ev == "smmuv3_translate_bypass"),
            "smmu_disabled": sum(1 for _, ev, _ in cap
                                 if ev == "smmuv3_translate_disable"),
            "smmu_events": sum(1 for _, ev, _ in cap
                               if ev == "smmuv3_record_event"),
            "driver_bme": sorted(driver)}


def harm(o):
    """What went wrong in a row, in words ([] if nothing did): DMAR faults
    after the crash, the dump changing while read, the canary or the disk
    damaged, frames in the dump sent after the NICs' quiesce point or after
    the dump started. A vanilla row with harm is a positive control."""
    out = []
    if o.faults_qemu:
        out.append(f"{o.faults_qemu} IOMMU faults after the crash")
    if o.smmu_disabled:
        out.append(f"{o.smmu_disabled} DMAs let through untranslated while "
                   "the SMMU was disabled")
    if o.vmcore_changed:
        out.append(f"{o.vmcore_changed} vmcore chunks changed while read")
    if o.frames_after_quiesce:
        out.append(f"{o.frames_after_quiesce} frames in the dump sent after "
                   "the quiesce point")
    if o.frames_after_dump:
        out.append(f"{o.frames_after_dump} frames in the dump sent after the "
                   "dump started")
    if o.canary not in (None, "intact"):
        out.append(f"canary {o.canary}")
    if o.disk not in (None, "whole", "no run"):
        out.append(f"disk: {o.disk}")
    return out


def _kv(path):
    out = {}
    if path and path.exists():
        for line in path.read_text().splitlines():
            k, _, v = line.partition("=")
            out[k.strip()] = v.strip()
    return out


def frame_metrics(dump_pages, crash, quiesce, dump_start):
    """Frames in the dump against host times (None = unknown): dump_pages
    is [(pfn, bytes)]; returns the Outcome fields it decides."""
    seen = {}           # seq -> send time; a frame may sit in two buffers
    late_pages = set()
    for pfn, data in dump_pages:
        for seq, sent in frames_in(data):
            seen[seq] = sent
            if crash is not None and sent > crash:
                late_pages.add(pfn)

    def after(t):
        return None if t is None else sum(1 for s in seen.values() if s > t)
    last = max(seen.values(), default=None)
    return {"frames_dump": len(seen),
            "frames_after_crash": after(crash),
            "frames_after_quiesce": after(quiesce),
            "frames_after_dump": after(dump_start),
            "pages_after_crash": len(late_pages) if crash is not None else None,
            "last_frame_s": None if last is None or crash is None
            else round(last - crash, 2)}


# A kdump initramfs that dumps to a virtio-blk disk loads virtio_pci, and
# that transport binds every virtio function, the NIC too, and resets it
# when it registers the virtio device; it is what such a capture side does.
TRANSPORTS = {"virtio-pci"}


def driver_problems(scn, drivers_file):
    """[] if no capture-kernel driver bound to the scenario's DMA devices
    (tests/guest/scn-drivers.sh lists them), transports aside."""
    if drivers_file is None:
        return ["no pci-drivers list from the capture kernel"]
    bound = dict(line.split() for line in drivers_file.read_text().splitlines()
                 if len(line.split()) == 2)
    return [f"{bdf}: driver {bound['0000:' + bdf]} bound in the capture kernel, "
            "which a kdump initramfs without its module would not do"
            for bdf in sorted(set(scn.targets) | set(scn.nics))
            if bound.get("0000:" + bdf, "-") not in TRANSPORTS | {"-"}]


SMMU_FIELDS = ("smmu_translated", "smmu_bypass", "smmu_disabled", "smmu_events")


def _handoff(text, scn):
    """clean: the IOMMU dropped the crashed kernel's entries of the
    scenario's DMA devices; kept: it kept them (all of them, when
    pci-kdump could not tell which were still in use)."""
    if "iommu_kdump: " in text:
        kept = report.kept_ids(text)
        ours = {"0000:" + bdf for bdf in set(scn.targets) | set(scn.nics)}
        return "kept" if kept is None or kept & ours else "clean"
    if "Copied translation tables" in text or "Copied DEV table" in text:
        return "copied"
    return "-"


def _entries_clean(text):
    """Old translation entries (VT-d context, AMD-Vi device table) that
    started clean, of those the crashed kernel had in use: "N/M"; "all"
    when pci-kdump let the IOMMU start from empty tables, "0/all" when
    mainline copied them."""
    if "iommu_kdump: " in text:
        counts = report.translation_entries(text)
        if counts:
            return f"{counts[0]}/{counts[1]}"
        return "all" if "starting from clean tables" in text else None
    if "Copied translation tables" in text or "Copied DEV table" in text:
        return "0/all"
    return None


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
    iommu_events, iommu_args = IOMMU_TRACE[scn.iommu]
    qargs = extra_args + iommu_args + ["-msg", "timestamp=on",
                                       "-D", "{log_dir}/trace.log"]
    for ev in TRACE_EVENTS + iommu_events + KIND_EVENTS.get(scn.kind, []):
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
                           timeout=scn.timeout, arch=scn.arch,
                           keep_out_disk=False)
    finally:
        sampler.stop()
    o = Outcome(scenario=scn.name, flavour=flavour, mode=scn.mode,
                arch=scn.arch)
    o.wall_s = round(time.monotonic() - t0, 1)
    o.log_dirs = [str(r.log_dir)]
    o.ok = bool(r.booted_capture and r.vmcore_written)
    o.cycles_ok = int(o.ok)
    # a byte offset in the file: read_text() would turn the console's
    # "\r\n" into "\n" and put the boundary a line's byte early per line
    raw = r.serial_log.read_bytes() if r.serial_log.exists() else b""
    idx = raw.find(b"PCIKDUMP-MARK crash")
    boundary = sampler.time_of(idx) if idx >= 0 else None
    idx = raw.find(b"PCIKDUMP-MARK dump-start")
    dump_start = sampler.time_of(idx) if idx >= 0 else None
    o.boundary = "serial-offset" if boundary else "none (whole trace)"
    o.extra["boundary_t"] = boundary
    events = parse_trace(r.log_dir / "trace.log")
    # no trace, or a trace without the event every boot causes, means
    # tracing broke: the counts stay None ("unknown"), never 0
    if events is None:
        o.problems.append("QEMU wrote no trace")
    elif not any(ev == HEARTBEAT for _, ev, _ in events):
        o.problems.append(f"QEMU trace has no {HEARTBEAT}: tracing broke")
        events = None
    if events is not None:
        tm = trace_metrics(events, boundary, set(scn.targets), _models(scn))
        for k in ("faults_qemu", "faults_pre_driver", "dma_first",
                  "dma_capture", "dma_after_quiesce", "quiesced"):
            setattr(o, k, tm[k])
        if scn.iommu == "smmuv3":
            for k in SMMU_FIELDS:
                setattr(o, k, tm[k])
        o.extra["first_kernel_faults"] = tm["first_kernel_faults"]
        o.extra["driver_bme"] = tm["driver_bme"]
        o.problems += workload_problems(scn, o, r)
        nic_q = [tm["quiesce_t"].get(b) for b in scn.nics]
        if boundary is not None and nic_q and None not in nic_q:
            o.frame_quiesce_s = round(max(nic_q) - boundary, 2)
    if boundary is not None and dump_start is not None:
        o.dump_start_s = round(dump_start - boundary, 2)
    if r.booted_capture:
        o.problems += driver_problems(scn, r.files.get("pci-drivers"))
    if r.files.get("vmcore") and boundary is not None:
        quiesce = boundary + o.frame_quiesce_s \
            if o.frame_quiesce_s is not None else None
        try:
            fm = frame_metrics(pages(r.files["vmcore"]), boundary, quiesce,
                               dump_start)
        except DumpFormatError as e:
            o.problems.append(str(e))
        else:
            for k, v in fm.items():
                setattr(o, k, v)
            if scn.nics and not fm["frames_dump"]:
                o.problems.append("no host frame in the dump: the NIC's "
                                  "buffers were not dumped")
    cap = r.capture_dmesg
    if r.files.get("dmesg") and r.booted_capture:
        cap = r.files["dmesg"].read_text(errors="replace")
    # no capture kernel, no count (not "0 faults")
    o.faults_guest = len(GUEST_FAULTS[scn.arch].findall(cap)) \
        if r.booted_capture else None
    o.handoff = _handoff(cap, scn)
    o.entries_clean = _entries_clean(cap)
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
        o.extra["vmcore_chunk_mb"] = kv.get("vmcore_chunk_mb")
        o.extra["vmcore_changed_at"] = kv.get("vmcore_changed_at")
    o.extra["markers"] = r.markers
    o.extra["frames_sent"] = r.frames_sent
    if check:
        check(o, r, dict(ctx, events=events, boundary=boundary))
    return o, r


def workload_problems(scn, o, r):
    """[] if the scenario's DMA master did DMA before the crash: traced
    DMA writes where QEMU's model has a trace event, else the NICs'
    rx_packets the guest saw (nic-up.sh)."""
    models = _models(scn)
    if any(models.get(b) in DMA_EVENTS.values() for b in scn.targets):
        if o.dma_first is None:
            return ["trace not split at the crash: DMA before it unknown"]
        if o.dma_first == 0:
            return [f"no DMA by {','.join(scn.targets)} traced before the "
                    "crash: the workload did not run"]
        return []
    rx = r.marker("rx_packets=")
    if not rx or int(rx.split("=")[1]) == 0:
        return ["no packet received before the crash: the workload did not run"]
    return []


def nvme_disable_problems(events, boundary, nvme, exp_cap):
    """[] if, on the capture side, the NVMe at bdf nvme was disabled before
    its FLR: a CC write with EN clear, QEMU's "stopped" (the model clears
    CSTS.RDY there), then a CSTS read (the wait for RDY to drop), all
    before the write setting FLR in its Device Control. The trace has one
    NVMe controller, so its pci_nvme_* events are this one's."""
    if boundary is None:
        return ["trace not split at the crash: NVMe disable unknown"]
    start = next((i for i, (t, _, _) in enumerate(events) if t > boundary),
                 len(events))
    flr = next((c.index for c in cfg_accesses(events) if c.index >= start and
                c.bdf == nvme and sets_bit(c, exp_cap + EXP_DEVCTL, FLR_BIT)),
               None)
    if flr is None:
        return [f"{nvme}: no FLR traced after the crash"]

    def first(after, event, want=None):
        """Index of the first event in [after, flr) that want accepts."""
        for i in range(after, flr):
            _, ev, args = events[i]
            if ev != event:
                continue
            m = _MMIO.match(args)
            if want is None or (m and want(int(m.group(1), 16), m.group(2))):
                return i
        return None
    cc_off = first(start, "pci_nvme_mmio_write",
                   lambda addr, data: addr == 0x14 and data is not None
                   and not int(data, 16) & 1)
    if cc_off is None:
        return [f"{nvme}: CC.EN not cleared before its FLR"]
    stopped = first(cc_off, "pci_nvme_mmio_stopped")
    if stopped is None:
        return [f"{nvme}: controller not stopped (CSTS.RDY not dropped) "
                "before its FLR"]
    if first(stopped, "pci_nvme_mmio_read", lambda addr, _: addr == 0x1c) is None:
        return [f"{nvme}: CSTS not read after the stop: the FLR did not "
                "wait for RDY to drop"]
    return []


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
    for k in ("faults_qemu", "faults_pre_driver", "faults_guest", "dma_first",
              "dma_capture", "dma_after_quiesce", "vmcore_changed",
              "frames_dump", "frames_after_crash", "frames_after_quiesce",
              "frames_after_dump", "pages_after_crash") + SMMU_FIELDS:
        vals = [getattr(o, k) for o in outs]
        # one unknown cycle makes the sum unknown, not smaller
        setattr(agg, k, None if None in vals else sum(vals))
    agg.problems = [f"cycle {i}: {p}" for i, o in enumerate(outs)
                    for p in o.problems]
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
    if new == 0:
        o.problems.append("no pattern block reached the disk: the writer "
                          "did not run")
    if o.flavour == "patched" and ctx["events"] is not None:
        nvme = "02:00.0"     # NVME_FILE in defs.py
        cfg = r.files.get("pci-config")
        caps = capabilities(pci_config(cfg).get("0000:" + nvme, b"")) \
            if cfg else {}
        if CAP_EXP not in caps:
            o.problems.append(f"{nvme}: no PCIe capability in pci-config")
        else:
            o.problems += nvme_disable_problems(ctx["events"], ctx["boundary"],
                                                nvme, caps[CAP_EXP])


_HOOKS = {"nvme": (_nvme_prepare, _nvme_check)}


def save_json(outcomes, path):
    path.write_text(json.dumps([asdict(o) for o in outcomes], indent=1) + "\n")


__all__ = ["Scenario", "Outcome", "run_scenario", "run_many", "one_cycle",
           "check_disk", "harm", "save_json", "BUILD"]
