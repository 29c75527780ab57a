"""Render outcomes as a fixed-width text table and as JSON."""
import json
from dataclasses import asdict

COLUMNS = [
    ("scenario", "scenario", 16), ("kernel", "flavour", 7),
    ("ok", None, 5), ("handoff", "handoff", 7),
    ("clean_e", "entries_clean", 7),
    ("flt_q", "faults_qemu", 5), ("flt_g", "faults_guest", 5),
    ("dma_cap", "dma_capture", 7), ("dma>q", "dma_after_quiesce", 5),
    ("q_s", "frame_quiesce_s", 5), ("dump_s", "dump_start_s", 6),
    ("last_s", "last_frame_s", 6), ("fr>crash", "frames_after_crash", 8),
    ("fr>q", "frames_after_quiesce", 4), ("fr>dump", "frames_after_dump", 7),
    ("vmc_chg", None, 7), ("canary", "canary", 7), ("disk", "disk", 7),
    ("init_s", "capture_init_s", 6), ("wall_s", "wall_s", 6),
]
# arm64 rows (QEMU virt, SMMUv3): what the SMMU did, after the IOMMU faults
_AT = [t for t, _, _ in COLUMNS].index("flt_g") + 1
ARCH_COLUMNS = {
    "x86": COLUMNS,
    "arm64": COLUMNS[:_AT] + [
        ("smmu_tr", "smmu_translated", 7), ("byp", "smmu_bypass", 4),
        ("dis", "smmu_disabled", 4), ("evq", "smmu_events", 4)] + COLUMNS[_AT:],
}
ARCH_TITLES = {"x86": "x86: QEMU q35", "arm64": "arm64: QEMU virt, SMMUv3"}

LEGEND = """\
The capture kernel binds no driver to the scenario's NIC and NVMe (as a
kdump initramfs without their modules); the host sends numbered, time-
stamped frames. Times are host seconds after the crash mark.
ok       capture booted and wrote a vmcore (cycles ok/run)
handoff  IOMMU in the capture kernel, for the row's DMA devices: clean =
         their old entries dropped (pci-kdump reset them; functions that
         could not be reset, such as q35's AHCI, keep theirs), kept = their
         old entries kept, copied = mainline copied every old entry, - = no
         handoff
clean_e  old translation entries (VT-d context, AMD-Vi device table) that
         started clean, of those the crashed kernel had in use; all = the
         IOMMU started from empty tables, 0/all = mainline copied them
flt_q    IOMMU faults QEMU saw after the crash: vtd_dmar_fault,
         amdvi_page_fault; SMMUv3: smmuv3_translate_abort and the
         translations QEMU logs as failed (-d guest_errors)
flt_g    capture dmesg fault lines: "DMAR: [DMA" (few: fault compression);
         arm-smmu-v3 "event 0x.. received" (only with its event queue on,
         which a vanilla kdump kernel keeps off)
smmu_tr  arm64: the target's DMA the SMMUv3 translated after the crash,
         before a driver set BME again: through the crashed kernel's
         stream table, as no capture-kernel driver mapped anything for it
byp      arm64: DMA (any device) an STE in bypass let through untranslated
dis      arm64: DMA (any device) let through untranslated while SMMUEN=0;
         QEMU 7.2 has no SMMU_GBPA abort, so hardware that honours
         GBPA=abort would fault these (docs/arm64-bed.rst)
evq      arm64: SMMUv3 event queue records written (smmuv3_record_event)
dma_cap  the target's DMA writes traced after the crash
         (e1000e_rx_written_to_guest, pci_nvme_enqueue_req_completion,
         virtqueue_fill of a frame's length)
dma>q    ... of those, after the COMMAND write that cleared its BME (the
         quiesce point); - = no such write (vanilla). Informational: QEMU
         drops a device's DMA while BME is clear, so under QEMU this is 0
         whatever the kernel does
q_s      the NIC's quiesce point (its BME-clearing COMMAND write)
dump_s   the capture kernel starts reading /proc/vmcore
last_s   send time of the newest frame in the makedumpfile dump
fr>crash frames in the dump sent after the crash (written after it)
fr>q     ... after the quiesce point (- = none, vanilla)
fr>dump  ... after the dump started: the dump is not the crash as it was
vmc_chg  /proc/vmcore checksummed per 4 MiB, twice, a pass (~20 s) apart:
         chunks that changed between the reads
canary   64 MiB tmpfs filled at capture init, checked after the vmcore reads
disk     NVMe image: every 4 KiB block is the old block or the complete
         new pattern block (whole), else N bad
init_s   capture kernel guest time of "Run /init"
"""


def _cell(o, attr, title):
    if title == "ok":
        return f"{o.cycles_ok}/{o.cycles}"
    if title == "vmc_chg":
        return "-" if o.vmcore_changed is None else str(o.vmcore_changed)
    v = getattr(o, attr)
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.0f}" if attr == "wall_s" else \
            f"{v:.2f}" if attr == "capture_init_s" else f"{v:.1f}"
    return str(v)


def render(outcomes, title="pci-kdump scenarios"):
    """One table per architecture in outcomes (the arm64 one has the SMMU
    columns), then the runs that prove nothing, then the legend."""
    lines = [title]
    arches = [a for a in ARCH_COLUMNS if any(o.arch == a for o in outcomes)]
    for arch in arches:
        cols = ARCH_COLUMNS[arch]
        head = " ".join(t.ljust(w) for t, _, w in cols)
        if len(arches) > 1:
            lines.append(("" if arch == arches[0] else "\n") + ARCH_TITLES[arch])
        lines += [head, "-" * len(head)]
        lines += [" ".join(_cell(o, a, t).ljust(w) for t, a, w in cols)
                  for o in outcomes if o.arch == arch]
    bad = [f"  {o.scenario} {o.flavour}: {p}" for o in outcomes
           for p in o.problems]
    if bad:
        lines += ["", "runs that prove nothing (see Outcome.problems):"] + bad
    return "\n".join(lines) + "\n\n" + LEGEND


def to_json(outcomes):
    return json.dumps([asdict(o) for o in outcomes], indent=1) + "\n"
