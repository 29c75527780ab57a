"""Fail closed: what the IOMMU does when pci-kdump's verdict is wrong or
cannot be given.  Needs CONFIG_PCI_KDUMP_FAULT_INJECT (the patched test
kernel has it; see configs/pci-kdump.config).

- A lie: pci_kdump.inject_lie leaves the receiving e1000e running, bus
  mastering and all, and reports it reset, so VT-d starts from clean
  tables while the NIC still writes with the crashed kernel's addresses.
  Translation must stay on with an empty root table: the NIC's writes
  fault and no page of the dump changes.  (Before this was fixed, the
  handoff switched translation off and the same writes landed untranslated
  in guest memory.)
- A gap: pci_kdump.inject_hide hides bus 1 from the scan, as if its config
  space were not reachable.  The segment's verdict must be dirty, the log
  must say why, and VT-d must keep the crashed kernel's tables.
- A device that never comes back: pci_kdump.inject_gone makes the NVMe
  controller stop answering config requests from the write that starts its
  FLR.  It must be reported not_ready once pci_kdump.timeout_ms has run
  out, VT-d must keep the crashed kernel's tables and name it, and the
  dump must still be written.  The vanishing is injected at pci-kdump's
  config accessor: QEMU 7.2 cannot take a device away during early boot
  without the guest's help (device_del waits for the guest to power the
  slot off), so only what pci-kdump sees is faked; the reset, the wait and
  the handoff are real.
"""
import harness
from harness.paths import LOGS
from harness.report import dirty, kept_ids, per_function, summary
from scenarios import Scenario, run_scenario

NIC = "0000:01:00.0"


def test_wrong_verdict_faults_instead_of_writing_memory():
    scn = Scenario(name="e1000e-rx-lie-a", flavours=("patched",),
                   capture_append=f"pci_kdump.inject_lie={NIC}")
    o = run_scenario(scn, "patched")
    assert o.ok, o.log_dirs
    log = (LOGS / f"scn-{scn.name}-patched" / "serial.log").read_text()
    assert f"fault injection: leaving {NIC} running" in log
    assert o.handoff == "clean", "the lie did not reach the handoff"
    # The NIC kept receiving into the empty tables: faults, not writes.
    # None in the first kernel, so every one is the capture kernel's.
    assert o.extra["first_kernel_faults"] == 0, o.log_dirs
    assert o.faults_qemu > 0, o.log_dirs
    assert o.vmcore_changed == 0, o.log_dirs
    assert o.canary == "intact", o.log_dirs


def assert_old_tables_kept(d, everything):
    """VT-d kept the crashed kernel's entries: every one when pci-kdump
    could not see the segment whole, else those of the dirty devices."""
    assert ("dmar0 translation: some DMA masters in its scope may still do "
            "DMA; keeping old entries for them only") in d
    assert "Copied translation tables from previous kernel" in d
    assert "starting from clean tables" not in d
    assert ("dmar0 context entries: kept all" in d) == everything


# The capture kernel leaves the hidden e1000e without a driver, as a kdump
# initramfs without its module would.  Bound to a device nobody reset,
# QEMU 7.2's e1000e model can abort: its interrupt throttling timer, armed
# by the crashed kernel in MSI mode, fires after the new driver turns
# MSI-X on, and hw/net/e1000e_core.c asserts MSI-X is off there.  That
# ends the run with an emulator crash, not a kernel fact (seen once in
# CI's run of this test).
NO_NIC_DRIVER = "initcall_blacklist=e1000_init_module"


def test_unscanned_bus_keeps_old_tables_and_says_why():
    r = harness.run_kdump_cycle(
        "fc-hide", topology="minimal",
        capture_append=f"pci_kdump.inject_hide=01-01 {NO_NIC_DRIVER}")
    assert r.booted_capture and r.vmcore_written, r.serial_log
    d = r.capture_dmesg
    assert "fault injection: not scanning buses 01-01" in d
    assert "e1000e 0000:01:00.0" not in d, "the NIC's driver was not kept out"
    assert "segment 0000: 1 bridges lead to buses not scanned" in d
    assert_old_tables_kept(d, everything=True)
    assert "Copied IR table for dmar0 from previous kernel" in d


NVME = "0000:02:00.0"


def test_device_gone_after_reset_is_not_ready_and_keeps_old_tables():
    r = harness.run_kdump_cycle(
        "fc-gone", topology="minimal",
        capture_append=f"pci_kdump.inject_gone={NVME} pci_kdump.timeout_ms=2000")
    assert r.booted_capture and r.vmcore_written, r.serial_log
    d = r.capture_dmesg
    assert f"fault injection: {NVME} vanishes with its reset" in d
    nvme = per_function(d)[NVME]
    assert (nvme["method"], nvme["result"], nvme["verdict"]) == \
        ("flr", "not_ready", "dirty"), nvme
    assert nvme["reason"] == \
        "no answer within pci_kdump.timeout_ms=2000 of its reset", nvme
    assert summary(d)["not_ready"] == "1"
    assert f"may still do DMA: {NVME} [1b36:0010]" in d
    assert_old_tables_kept(d, everything=False)
    assert NVME in kept_ids(d) and kept_ids(d) <= dirty(d), kept_ids(d)
