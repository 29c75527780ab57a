"""IOMMU handoff: with every DMA master reset, the capture kernel's IOMMU
starts from clean tables; otherwise it keeps mainline's behaviour and says
why.  DMAR faults are counted on the QEMU side (the guest logs only a few:
VT-d compresses faults)."""
import harness
from harness.qtrace import require_trace

# vtd_reg_write_gcmd fires whenever a kernel programs VT-d (both do here),
# so a trace without it means tracing broke, not "no faults"
TRACE_VTD = ["-trace", "vtd_dmar_fault", "-trace", "vtd_reg_write_gcmd",
             "-D", "{log_dir}/trace.log"]


def dmar_faults(r):
    events = require_trace(r.log_dir / "trace.log", "vtd_reg_write_gcmd")
    return sum(e == "vtd_dmar_fault" for _, e, _ in events)


def run(name, flavour="patched", **kw):
    kw.setdefault("topology", "minimal")
    r = harness.run_kdump_cycle(name, flavour=flavour, qemu_args=TRACE_VTD, **kw)
    assert r.booted_capture and r.vmcore_written, r.serial_log
    return r


CLEAN = "every DMA master in its scope is reset or stopped; starting from clean tables"
KEPT = "DMA masters in its scope were not reset; handled as mainline does in kdump"


def test_vtd_clean_init_with_nic_receiving():
    r = run("ho-vtd")
    assert r.frames_sent > 0 and int(r.marker("rx_packets=").split("=")[1]) > 0
    d = r.capture_dmesg
    assert f"iommu_kdump: dmar0 translation: {CLEAN}" in d
    assert f"iommu_kdump: dmar0 interrupt remapping: {CLEAN}" in d
    assert "Translation already enabled" not in d
    assert "Copied translation tables" not in d
    assert "Copied IR table" not in d
    assert "DMAR: [DMA" not in d and "DMAR: [INTR-REMAP" not in d
    assert dmar_faults(r) == 0
    # start_kernel() ran it: before interrupt remapping and the initcalls
    assert d.index("pci_kdump: summary") < d.index("DMAR-IR: Enabled IRQ remapping")
    assert d.index("pci_kdump: phase 1:") < d.index("Console: ")


def test_vtd_vanilla_copies_tables_same_scenario():
    """The anchor: mainline in the same scenario. Its fault count is
    reported by make scenarios, not asserted."""
    r = run("ho-vtd-vanilla", flavour="vanilla")
    assert "Copied translation tables from previous kernel" in r.capture_dmesg
    assert "Copied IR table for dmar0 from previous kernel" in r.capture_dmesg
    assert "iommu_kdump" not in r.capture_dmesg


def test_skipped_master_forces_fallback_and_says_which():
    r = run("ho-vtd-skip", capture_append="pci_kdump.skip=0000:01:00.0")
    d = r.capture_dmesg
    assert f"dmar0 translation: {KEPT}" in d
    assert f"dmar0 interrupt remapping: {KEPT}" in d
    assert "may still do DMA: 0000:01:00.0 [8086:10d3]" in d
    assert "Copied translation tables from previous kernel" in d
    assert "Copied IR table for dmar0 from previous kernel" in d
    # the device is named before the IR copy that it forced
    assert (d.index("may still do DMA: 0000:01:00.0")
            < d.index("Copied IR table for dmar0"))


def test_amd_vi_clean_init():
    r = harness.run_kdump_cycle("ho-amd", topology="flat", iommu="amd")
    assert r.booted_capture and r.vmcore_written, r.serial_log
    d = r.capture_dmesg
    assert f"iommu_kdump: AMD-Vi device table: {CLEAN}" in d
    assert "Copied DEV table" not in d
    # the reset ran before interrupt remapping, ahead of any initcall
    assert d.index("pci_kdump: summary") < d.index("AMD-Vi: Interrupt remapping enabled")


def test_amd_vi_vanilla_copies_device_table():
    r = harness.run_kdump_cycle("ho-amd-vanilla", flavour="vanilla",
                                topology="flat", iommu="amd")
    assert r.booted_capture, r.serial_log
    assert "Copied DEV table from previous kernel" in r.capture_dmesg
