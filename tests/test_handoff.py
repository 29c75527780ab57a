"""IOMMU handoff: with every DMA master reset, the capture kernel's IOMMU
starts from clean tables.  Otherwise it keeps the crashed kernel's entries
of the devices that may still do DMA, and only those, and says which.
DMAR faults are counted on the QEMU side (the guest logs only a few: VT-d
compresses faults)."""

import harness
from harness.report import as_dmesg, dirty, kept_ids, kept_tables, per_function
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


KEPT = "some DMA masters in its scope may still do DMA; keeping old entries for them only"


def kept(d, table):
    """(entries kept, requester IDs named, entries that start clean)"""
    tables = kept_tables(d)
    assert table in tables and tables[table][1] is not None, \
        f"no kept line for {table}: {tables}"
    return tables[table]


# q35's AHCI controller (bus mastering since SeaBIOS) and the dump disk,
# virtio-blk on the root bus, have no reset method: they may still do DMA
# and keep their entries.  Everything else starts clean.
UNRESETTABLE = {"0000:00:1f.2", "0000:00:03.0"}
NIC = "0000:01:00.0"


def test_vtd_receiving_nic_starts_clean():
    r = run("ho-vtd")
    assert r.frames_sent > 0 and int(r.marker("rx_packets=").split("=")[1]) > 0
    d = r.capture_dmesg
    assert dirty(d) == UNRESETTABLE, dirty(d)
    assert f"iommu_kdump: dmar0 translation: {KEPT}" in d
    assert f"iommu_kdump: dmar0 interrupt remapping: {KEPT}" in d
    # Old entries only for the functions that could not be reset
    n, ids, clean = kept(d, "dmar0 context entries")
    assert set(ids) == UNRESETTABLE and clean >= 2, (n, ids, clean)
    assert kept_ids(d) <= UNRESETTABLE, kept_ids(d)
    assert "Translation already enabled" in d
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


NVME = "0000:02:00.0"


def test_skipped_master_keeps_only_its_own_entries():
    """The NVMe controller under pci_kdump.skip while the e1000e receives:
    VT-d keeps the NVMe's old context entry and interrupt-remapping
    entries and nothing else; the NIC starts clean; no DMA faults."""
    r = run("ho-vtd-skip", capture_append=f"pci_kdump.skip={NVME}")
    assert r.frames_sent > 0 and int(r.marker("rx_packets=").split("=")[1]) > 0
    d = r.capture_dmesg
    assert f"dmar0 translation: {KEPT}" in d
    assert f"dmar0 interrupt remapping: {KEPT}" in d
    assert f"may still do DMA: {NVME} [1b36:0010]" in d
    assert f"may still do DMA: {NIC}" not in d
    assert dirty(d) == UNRESETTABLE | {NVME}, dirty(d)
    # One context entry more than without the skip: the controller's
    n, ids, clean = kept(d, "dmar0 context entries")
    assert set(ids) == UNRESETTABLE | {NVME} and clean >= 1, (n, ids, clean)
    # Its MSI-X vectors' entries, and no resettable device's
    n, ids, clean = kept(d, "dmar0 interrupt remapping entries")
    assert NVME in ids and set(ids) <= UNRESETTABLE | {NVME}, (n, ids)
    assert clean >= 1, "the NIC's interrupt entries were kept too"
    # The report saved beside the vmcore says what was kept, per function
    funcs = per_function(as_dmesg(r.files["pci_kdump_report"].read_text()))
    assert funcs[NVME]["iommu"] == "kept old translations", funcs[NVME]
    assert "iommu" not in funcs[NIC], funcs[NIC]
    assert funcs[NIC]["verdict"] == "clean"
    assert "DMAR: [DMA" not in d and "DMAR: [INTR-REMAP" not in d
    assert dmar_faults(r) == 0
    # the device is named before the IR copy that it forced
    assert d.index(f"may still do DMA: {NVME}") < d.index("Copied IR table for dmar0")


def test_vtd_vanilla_keeps_every_entry_same_scenario():
    """The anchor for the row above: mainline copies the whole table, so no
    device starts clean (reported, not asserted, beyond the copy)."""
    r = run("ho-vtd-skip-vanilla", flavour="vanilla",
            capture_append=f"pci_kdump.skip={NVME}")
    assert "Copied translation tables from previous kernel" in r.capture_dmesg
    assert "iommu_kdump" not in r.capture_dmesg


def test_amd_vi_resettable_devices_start_clean():
    r = harness.run_kdump_cycle("ho-amd", topology="flat", iommu="amd")
    assert r.booted_capture and r.vmcore_written, r.serial_log
    d = r.capture_dmesg
    reset = {slot for slot, f in per_function(d).items() if f["verdict"] == "clean"}
    assert reset, per_function(d)
    assert kept_ids(d) is not None and kept_ids(d) <= dirty(d), kept_ids(d)
    assert not kept_ids(d) & reset
    assert "AMD-Vi: Event logged [IO_PAGE_FAULT" not in d
    # the reset ran before interrupt remapping, ahead of any initcall
    assert d.index("pci_kdump: summary") < d.index("AMD-Vi: Interrupt remapping enabled")


def test_amd_vi_vanilla_copies_device_table():
    r = harness.run_kdump_cycle("ho-amd-vanilla", flavour="vanilla",
                                topology="flat", iommu="amd")
    assert r.booted_capture, r.serial_log
    assert "Copied DEV table from previous kernel" in r.capture_dmesg


def test_amd_vi_skipped_master_keeps_only_its_entry():
    r = harness.run_kdump_cycle("ho-amd-skip", topology="flat", iommu="amd",
                                capture_append="pci_kdump.skip=1b36:0010")
    assert r.booted_capture and r.vmcore_written, r.serial_log
    d = r.capture_dmesg
    assert f"iommu_kdump: AMD-Vi device table: {KEPT}" in d
    nvme = {bdf for bdf, f in per_function(d).items() if f["result"] == "skipped"}
    assert len(nvme) == 1, per_function(d)
    n, ids, clean = kept(d, "AMD-Vi device table entries")
    assert nvme <= set(ids) <= dirty(d) and clean >= 1, (n, ids, clean)
    assert "Copied DEV table from previous kernel" in d
    assert "AMD-Vi: Event logged [IO_PAGE_FAULT" not in d
