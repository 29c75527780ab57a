"""The scenario checks on made-up traces and dumps (no VM): a workload that
did not run, an NVMe reset without its disable, a vanilla row without
harm, frames found in a dump and dated, a driver bound in the capture
kernel, what QEMU's SMMUv3 did after the crash; and that the capture
command line can keep the drivers off, on both architectures."""
import re
import struct
import zlib
from types import SimpleNamespace

import pytest

from harness import arm64_smmu, kconfig
from harness.dma import frame
from harness.paths import BUILD
from scenarios import SCENARIOS, Outcome, Scenario, harm
from scenarios.core import (dma_model, driver_problems, frame_metrics,
                            nvme_disable_problems, parse_trace, trace_metrics,
                            workload_problems)
from scenarios.defs import NO_DMA_DRIVERS
from scenarios.vmcore import DumpFormatError, pages

# QEMU 7.2 format with -msg timestamp=on, capture side from t=10; the
# NVMe's PCIe capability is at 0x80, so Device Control is at 0x88
NVME_TRACE = """\
1@5.0:pci_nvme_enqueue_req_completion cid 1 cqid 1 dw0 0x0 dw1 0x0 status 0x0
1@5.1:pci_nvme_mmio_write addr 0x1000 data 0x3 size 4
1@11.0:pci_nvme_enqueue_req_completion cid 2 cqid 1 dw0 0x0 dw1 0x0 status 0x0
1@12.0:pci_cfg_write nvme 02:00.0 @0x4 <- 0x402
1@12.1:pci_nvme_mmio_read addr 0x14 size 4
1@12.2:pci_nvme_mmio_write addr 0x14 data 0x460000 size 4
1@12.2:pci_nvme_mmio_cfg wrote MMIO, config controller config=0x460000
1@12.2:pci_nvme_mmio_stopped cleared controller enable bit
1@12.3:pci_nvme_mmio_read addr 0x1c size 4
1@12.4:pci_cfg_write nvme 02:00.0 @0x4 <- 0x406
1@12.5:pci_cfg_write nvme 02:00.0 @0x88 <- 0x8000
1@13.5:pci_cfg_read nvme 02:00.0 @0x0 -> 0x101b36
"""


def events(text):
    out = []
    for line in text.splitlines():
        head, _, args = line.partition(" ")
        t, ev = head.split("@")[1].split(":")
        out.append((float(t), ev, args))
    return out


def nvme(text):
    return nvme_disable_problems(events(text), 10.0, "02:00.0", 0x80)


def test_nvme_disabled_before_flr():
    assert nvme(NVME_TRACE) == []


def test_nvme_flr_without_disable():
    no_cc = "".join(l + "\n" for l in NVME_TRACE.splitlines()
                    if "addr 0x14 data" not in l)
    assert nvme(no_cc) == ["02:00.0: CC.EN not cleared before its FLR"]
    no_stop = NVME_TRACE.replace("pci_nvme_mmio_stopped", "pci_nvme_mmio_xx")
    assert "CSTS.RDY not dropped" in nvme(no_stop)[0]
    no_wait = NVME_TRACE.replace("addr 0x1c size 4", "addr 0x0 size 4")
    assert "did not wait for RDY" in nvme(no_wait)[0]
    # the disable after the FLR does not count
    late = NVME_TRACE.replace("1@12.5:pci_cfg_write nvme 02:00.0 @0x88 <- 0x8000\n", "")
    late = late.replace("1@12.1:", "1@12.5:pci_cfg_write nvme 02:00.0 @0x88 "
                        "<- 0x8000\n1@12.1:")
    assert nvme(late) == ["02:00.0: CC.EN not cleared before its FLR"]
    # the first kernel's own CC writes do not count either
    cc = "1@12.2:pci_nvme_mmio_write addr 0x14 data 0x460000 size 4\n"
    first = NVME_TRACE.replace(cc, "").replace(
        "1@11.0:", cc.replace("12.2", "9.0") + "1@11.0:")
    assert nvme(first) == ["02:00.0: CC.EN not cleared before its FLR"]
    assert nvme(NVME_TRACE.replace("@0x88 <- 0x8000", "@0x88 <- 0x0")) == [
        "02:00.0: no FLR traced after the crash"]


def test_dma_before_the_crash_counts(tmp_path):
    scn = Scenario(name="nvme-x", targets=("02:00.0",), target_models=("nvme",))
    tm = trace_metrics(events(NVME_TRACE), 10.0, {"02:00.0"}, {"02:00.0": "nvme"})
    assert tm["dma_first"] == 1 and tm["dma_capture"] == 1
    o = Outcome(scenario=scn.name, flavour="patched", mode="a")
    r = SimpleNamespace(marker=lambda prefix: None)
    o.dma_first = tm["dma_first"]
    assert workload_problems(scn, o, r) == []
    o.dma_first = 0
    assert "workload did not run" in workload_problems(scn, o, r)[0]
    o.dma_first = None
    assert "DMA before it unknown" in workload_problems(scn, o, r)[0]
    # a model without a DMA trace event: the guest's rx_packets decide
    e1000 = Scenario(name="v", target_models=("e1000",))
    assert workload_problems(e1000, o, SimpleNamespace(
        marker=lambda p: "rx_packets=12")) == []
    assert workload_problems(e1000, o, SimpleNamespace(
        marker=lambda p: "rx_packets=0")) != []


def test_harm():
    o = Outcome(scenario="x", flavour="vanilla", mode="b", faults_qemu=0,
                vmcore_changed=0, canary="intact")
    assert harm(o) == []
    o.faults_qemu = 864
    assert harm(o) == ["864 IOMMU faults after the crash"]
    o.faults_qemu, o.smmu_disabled = 0, 5
    assert harm(o) == ["5 DMAs let through untranslated while the SMMU "
                       "was disabled"]
    assert harm(Outcome(scenario="x", flavour="vanilla", mode="a",
                        disk="3 bad")) == ["disk: 3 bad"]


def test_frames_in_the_dump_dated():
    """Frames sent at 99..104 s; crash at 100, quiesce point at 101, dump
    started at 103: a frame counts after T if it was sent after T."""
    page = lambda *seqs: b"".join(frame(q, 98.5 + q) + b"\0" * 50 for q in seqs)
    dump = [(10, page(1, 2)), (11, page(3)), (12, b"\0" * 4096),
            (13, page(4, 5, 5))]      # frame 5 twice: counted once
    fm = frame_metrics(dump, crash=100.0, quiesce=101.0, dump_start=103.0)
    assert fm == {"frames_dump": 5, "frames_after_crash": 4,
                  "frames_after_quiesce": 3, "frames_after_dump": 1,
                  "pages_after_crash": 3, "last_frame_s": 3.5}
    # vanilla: no quiesce point, so no count after it (not 0)
    assert frame_metrics(dump, 100.0, None, 103.0)["frames_after_quiesce"] is None
    assert frame_metrics([], 100.0, 101.0, 103.0)["frames_dump"] == 0


def _kdump_file(path, dumped):
    """A kdump-compressed file holding {pfn: page}, odd pfns compressed."""
    block, max_mapnr = 4096, 64
    head = bytearray(block)
    head[:8] = b"KDUMP   "
    struct.pack_into("<iiIII", head, 428, block, 1, 2, max_mapnr, 0)
    bitmap = bytearray(block)
    for pfn in dumped:
        bitmap[pfn >> 3] |= 1 << (pfn & 7)
    data_at = 4 * block + 24 * len(dumped)
    descs, blobs = b"", b""
    for pfn in sorted(dumped):
        blob = zlib.compress(dumped[pfn]) if pfn & 1 else dumped[pfn]
        descs += struct.pack("<QIIQ", data_at + len(blobs), len(blob),
                             pfn & 1, 0)
        blobs += blob
    path.write_bytes(bytes(head) + b"\0" * block + b"\xff" * block
                     + bytes(bitmap) + descs + blobs)


def test_kdump_compressed_pages(tmp_path):
    want = {3: frame(7, 1.0).ljust(4096, b"\0"), 8: b"\x01" * 4096,
            40: b"x" * 4096}
    _kdump_file(tmp_path / "vmcore", want)
    assert dict(pages(tmp_path / "vmcore")) == want
    (tmp_path / "elf").write_bytes(b"\x7fELF" + b"\0" * 8192)
    with pytest.raises(DumpFormatError):
        list(pages(tmp_path / "elf"))


def test_driver_bound_in_capture_kernel(tmp_path):
    scn = Scenario(name="x", targets=("02:00.0",), nics=("01:00.0",))
    f = tmp_path / "pci-drivers"
    f.write_text("0000:00:03.0 virtio-pci\n0000:01:00.0 -\n0000:02:00.0 -\n")
    assert driver_problems(scn, f) == []
    f.write_text("0000:00:03.0 virtio-pci\n0000:01:00.0 e1000e\n0000:02:00.0 -\n")
    assert driver_problems(scn, f) == [
        "01:00.0: driver e1000e bound in the capture kernel, which a kdump "
        "initramfs without its module would not do"]
    # the virtio transport is loaded for the dump disk and binds all virtio
    f.write_text("0000:01:00.0 virtio-pci\n0000:02:00.0 -\n")
    assert driver_problems(scn, f) == []
    assert driver_problems(scn, None) != []


def test_virtio_net_rx_writes_by_length():
    n = len(frame(0, 0))
    assert dma_model("virtqueue_fill", f"vq 0x1 elem 0x2 len {n + 12} idx 0") \
        == "virtio-net-pci"
    # the out disk's virtio-blk fills have other lengths
    assert dma_model("virtqueue_fill", "vq 0x1 elem 0x2 len 1 idx 0") is None
    assert dma_model("e1000e_rx_written_to_guest", "") == "e1000e"


def test_frames_after_the_dump_are_harm():
    o = Outcome(scenario="x", flavour="vanilla", mode="pt", faults_qemu=0,
                vmcore_changed=0, canary="intact", frames_after_dump=17)
    assert harm(o) == ["17 frames in the dump sent after the dump started"]


# QEMU 7.2 virt with -msg timestamp=on -d guest_errors: the e1000e
# (01:00.0, sid 0x100) receives through the first kernel's stream table;
# after the crash (t=10) the capture kernel disables the SMMU (a DMA gets
# through untranslated), then its new stream table refuses the rest, and
# QEMU logs those without time or stream ID
SMMU_TRACE = """\
1@5.0:smmuv3_translate_success smmuv3-iommu-memory-region-0-5 sid=0x100 iova=0xffffd000 translated=0x41151000 perm=0x3
1@5.1:e1000e_rx_written_to_guest Received packet of 214 bytes
1@11.0:smmuv3_translate_success smmuv3-iommu-memory-region-0-5 sid=0x100 iova=0xffffd000 translated=0x41151000 perm=0x3
1@11.1:e1000e_rx_written_to_guest Received packet of 214 bytes
1@12.0:smmuv3_translate_disable smmuv3-iommu-memory-region-0-5 sid=0x100 addr=0xffffd000 perm=0x3
1@12.5:pci_cfg_write e1000e 01:00.0 @0x4 <- 0x400
smmuv3-iommu-memory-region-0-5 translation failed for iova=0xffffd000 (C_BAD_STREAMID)
gicv3_dist_read: invalid guest read at offset 000000000000000c size 4
invalid sid=256 (L1STD span=0)
1@13.0:e1000e_rx_written_to_guest Received packet of 214 bytes
smmuv3-iommu-memory-region-0-5 translation failed for iova=0xffffd040 (F_TRANSLATION)
smmuv3-iommu-memory-region-9-9 translation failed for iova=0x1000 (F_TRANSLATION)
1@13.0:smmuv3_translate_abort smmuv3-iommu-memory-region-0-5 sid=0x100 addr=0xffffd000 perm=0x3
"""


def test_smmu_failures_are_events(tmp_path):
    """The guest_errors lines become events, in file order, timed like the
    line before them, with the stream ID their region has elsewhere."""
    f = tmp_path / "trace.log"
    f.write_text(SMMU_TRACE)
    ev = parse_trace(f)
    failed = [(t, a) for t, e, a in ev if e == arm64_smmu.FAILED]
    assert failed == [
        (12.5, "smmuv3-iommu-memory-region-0-5 sid=0x100 iova=0xffffd000 "
               "(C_BAD_STREAMID)"),
        (13.0, "smmuv3-iommu-memory-region-0-5 sid=0x100 iova=0xffffd040 "
               "(F_TRANSLATION)"),
        (13.0, "smmuv3-iommu-memory-region-9-9 iova=0x1000 (F_TRANSLATION)")]
    names = [e for _, e, _ in ev]
    assert names.index(arm64_smmu.FAILED) == names.index("pci_cfg_write") + 1
    assert names[-4:] == ["e1000e_rx_written_to_guest", arm64_smmu.FAILED,
                          arm64_smmu.FAILED, "smmuv3_translate_abort"]
    # no trace at all stays "unknown", not "no failure"
    assert parse_trace(tmp_path / "none.log") is None


def test_smmu_counts_after_the_crash(tmp_path):
    f = tmp_path / "trace.log"
    f.write_text(SMMU_TRACE)
    tm = trace_metrics(parse_trace(f), 10.0, {"01:00.0"}, {"01:00.0": "e1000e"})
    # two failures and the abort of the e1000e, one failure of a region
    # without a stream ID: faults all, but only three are the target's
    assert tm["faults_qemu"] == 4 and tm["faults_pre_driver"] == 3
    assert tm["first_kernel_faults"] == 0
    assert (tm["smmu_translated"], tm["smmu_disabled"], tm["smmu_bypass"],
            tm["smmu_events"]) == (1, 1, 0, 0)
    assert tm["dma_first"] == 1 and tm["dma_capture"] == 2
    assert tm["dma_after_quiesce"] == 1 and tm["quiesced"]


@pytest.mark.parametrize("arch", ["x86", "arm64"])
@pytest.mark.parametrize("flavour", ["patched", "vanilla"])
def test_capture_cmdline_keeps_dma_drivers_off(flavour, arch):
    """initcall_blacklist= finds init functions by name, through kallsyms:
    without CONFIG_KALLSYMS it only warns, the drivers bind and reset
    their devices at probe, and the scenarios show nothing."""
    assert all(NO_DMA_DRIVERS in s.capture_append for s in SCENARIOS)
    assert kconfig(flavour, arch).get("CONFIG_KALLSYMS") == "y", \
        "initcall_blacklist= needs CONFIG_KALLSYMS=y (configs/kdump-vm*.config)"
    obj = BUILD / (f"obj-{flavour}" if arch == "x86" else f"obj-{arch}-{flavour}")
    symbols = set(re.findall(r" [tT] (\w+)$", (obj / "System.map").read_text(),
                             re.M))
    names = NO_DMA_DRIVERS.partition("=")[2].split(",")
    assert set(names) <= symbols, set(names) - symbols
