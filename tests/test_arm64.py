"""pci-kdump on arm64: a real kdump cycle in QEMU's virt machine behind an
SMMUv3, patched 6.12 and vanilla 6.12 side by side.

The patched cycle runs twice (harness/arm64_machine.BOOTS): booted from
QEMU's devicetree, where pci-kdump finds ECAM from the
pci-host-ecam-generic node, and through UEFI firmware with ACPI, where it
finds ECAM from MCFG and the kernel finds the SMMUv3 from IORT. The
topology ("virt", harness/topology.py) puts e1000e and nvme behind root
ports and a virtio-net/virtio-blk pair behind an x3130 switch, with the
NICs receiving the host's UDP frames when the first kernel crashes.

QEMU differences that matter here: the guest runs under TCG (the host is
x86), so times are not hardware times; QEMU 7.2's e1000e implements no
D3hot reset, so it gets a secondary bus reset as on x86.  The output disk
sits behind a root port (harness/vm.py), so every DMA master has a reset
and the SMMUv3 can start clean; a device under pci_kdump.skip shows the
per-device handoff.
"""
import re

import pytest

import harness
from harness.arm64_machine import BOOTS
from harness.report import per_function, summary

CYCLE = dict(arch="arm64", topology="virt")
# the functions of the virt topology that DMA in the first kernel, by ID
DMA_MASTERS = {"8086:10d3": "bus",    # e1000e: QEMU has no D3hot reset
               "1b36:0010": "flr",    # nvme
               "1af4:1041": "flr",    # virtio-net behind the switch
               "1af4:1042": "flr"}    # virtio-blk behind the switch
# the reason's wording aside: the SMMUv3 asked and starts clean
HANDOFF = re.compile(r"iommu_kdump: (\S+) stream table: [^;\n]*; "
                     r"starting from clean tables")


# what each boot leaves in the kernel log: the host bridge found from the
# devicetree, or ACPI's MCFG and IORT tables and the bridge found from MCFG
BOOT_SIGNS = {"dt": [r"pci-host-generic \S+: host bridge /pcie@"],
              "acpi": [r"ACPI: MCFG 0x", r"ACPI: IORT 0x",
                       r"acpi PNP0A08:00: ECAM at \[mem "]}


@pytest.fixture(scope="module", params=sorted(BOOTS))
def patched(request):
    boot = request.param
    r = harness.run_kdump_cycle(f"arm64-patched-{boot}", qemu_args=BOOTS[boot],
                                **CYCLE)
    r.boot = boot
    return r


@pytest.fixture(scope="module")
def vanilla():
    return harness.run_kdump_cycle("arm64-vanilla", flavour="vanilla", **CYCLE)


def assert_captured(r):
    assert not r.timed_out, f"timed out ({r.serial_log})"
    assert r.marker("rx_packets="), r.serial_log
    assert r.booted_capture, f"capture kernel never reached /init ({r.serial_log})"
    assert r.marker("makedumpfile rc=") == "makedumpfile rc=0", r.serial_log
    assert r.vmcore_written, r.serial_log


def test_patched_cycle_writes_a_vmcore(patched):
    assert_captured(patched)
    # the NICs were receiving when the first kernel crashed
    assert patched.marker("rx_packets=") != "rx_packets=0", patched.serial_log


def test_every_dma_master_got_a_method_and_a_result(patched):
    fns = per_function(patched.capture_dmesg)
    by_id = {f["id"]: f for f in fns.values()}
    for dev, method in DMA_MASTERS.items():
        assert dev in by_id, (dev, patched.serial_log)
        f = by_id[dev]
        assert "bme" in f["entry"].split(","), (dev, f)
        assert (f["method"], f["result"]) == (method, "reset"), (dev, f)
    for slot, f in fns.items():
        if "bme" in f["entry"].split(","):
            assert f["method"] and f["result"] in ("reset", "quiesced",
                                                   "unsafe"), (slot, f)
    s = summary(patched.capture_dmesg)
    assert s["mode"] == "reset" and s["not_ready"] == "0", s


def test_early_quiesce_found_ecam_before_the_smmu(patched):
    """start_kernel's early quiesce (phase 1) reached every function the
    report lists, before the SMMUv3 driver probed, in a capture kernel
    booted the same way as the first: from the devicetree (no ACPI tables
    to find ECAM in, so the pci-host-ecam-generic node) or with ACPI (no
    devicetree PCI node, so MCFG)."""
    for kernel in (patched.first_dmesg, patched.capture_dmesg):
        for boot, signs in BOOT_SIGNS.items():
            found = [bool(re.search(s, kernel)) for s in signs]
            assert all(found) if boot == patched.boot else not any(found), (
                boot, signs, found, patched.serial_log)
    lines = harness.dmesg_lines(patched.capture_dmesg)
    phase1 = [(i, m) for i, l in enumerate(lines) for m in
              [re.match(r"pci_kdump: phase 1: (\d+) functions quiesced", l)] if m]
    smmu = next((i for i, l in enumerate(lines) if "arm-smmu-v3" in l), None)
    assert len(phase1) == 1 and smmu is not None, patched.serial_log
    (at, m), = phase1
    assert at < smmu, (lines[at], lines[smmu])
    assert m.group(1) == summary(patched.capture_dmesg)["functions"], m.group(0)


def test_smmuv3_starts_from_a_clean_stream_table(patched):
    m = HANDOFF.search(patched.capture_dmesg)
    assert m, f"no SMMUv3 handoff line ({patched.serial_log})"
    assert "smmu" in m.group(1), m.group(0)
    assert "handled as mainline does" not in patched.capture_dmesg


def test_not_active_in_the_first_kernel(patched):
    assert "pci_kdump:" not in patched.first_dmesg
    assert "iommu_kdump:" not in patched.first_dmesg


def test_vanilla_control_captures_without_pci_kdump(vanilla):
    """The same cycle on vanilla 6.12: the capture works (so the bed, not
    pci-kdump, is what makes the patched run work) and nothing of
    pci-kdump is there."""
    assert_captured(vanilla)
    assert "arm-smmu-v3" in vanilla.capture_dmesg, vanilla.serial_log
    for word in ("pci_kdump", "iommu_kdump"):
        assert word not in vanilla.capture_dmesg, vanilla.serial_log



NVME = "0000:02:00.0"
DEFERRED = "kdump: may still do DMA; its streams abort until its driver attaches"


def test_skipped_master_aborts_until_its_driver_attaches():
    """The NVMe controller under pci_kdump.skip: the SMMUv3 keeps its event
    queue on, the controller's streams keep the stream table's initial
    abort (which records no event) until the nvme driver first maps DMA,
    and no other device waits.  The driver then works: the attach was
    only deferred."""
    r = harness.run_kdump_cycle("arm64-skip", capture_append=f"pci_kdump.skip={NVME}",
                                **CYCLE)
    assert_captured(r)
    d = r.capture_dmesg
    assert per_function(d)[NVME]["verdict"] == "dirty"
    deferred = [l for l in harness.dmesg_lines(d) if DEFERRED in l]
    assert len(deferred) == 1 and NVME in deferred[0], deferred
    assert re.search(r"arm-smmu-v3 \S+: kdump: event queue on: streams of "
                     r"devices that may still do DMA abort", d), r.serial_log
    assert not HANDOFF.search(d), "the SMMUv3 started as if nothing were dirty"
    assert re.search(r"nvme nvme0: \d+/\d+/\d+ default/read/poll queues", d), \
        r.serial_log
