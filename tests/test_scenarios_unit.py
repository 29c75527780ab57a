"""The scenario checks on made-up traces (no VM): a workload that did not
run, an NVMe reset without its disable, a vanilla row without harm."""
from types import SimpleNamespace

from scenarios import Outcome, Scenario, harm
from scenarios.core import nvme_disable_problems, trace_metrics, workload_problems

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
    virtio = Scenario(name="v", target_models=("virtio-net-pci",))
    assert workload_problems(virtio, o, SimpleNamespace(
        marker=lambda p: "rx_packets=12")) == []
    assert workload_problems(virtio, o, SimpleNamespace(
        marker=lambda p: "rx_packets=0")) != []


def test_harm():
    o = Outcome(scenario="x", flavour="vanilla", mode="b", faults_qemu=0,
                vmcore_changed=0, canary="intact")
    assert harm(o) == []
    o.faults_qemu = 864
    assert harm(o) == ["864 DMAR faults after the crash"]
    assert harm(Outcome(scenario="x", flavour="vanilla", mode="a",
                        disk="3 bad")) == ["disk: 3 bad"]
