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
"""
import harness
from harness.paths import LOGS
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


def test_unscanned_bus_keeps_old_tables_and_says_why():
    r = harness.run_kdump_cycle("fc-hide", topology="minimal",
                                capture_append="pci_kdump.inject_hide=01-01")
    assert r.booted_capture and r.vmcore_written, r.serial_log
    d = r.capture_dmesg
    assert "fault injection: not scanning buses 01-01" in d
    assert "segment 0000: 1 bridges lead to buses not scanned" in d
    assert ("dmar0 translation: DMA masters in its scope were not reset; "
            "handled as mainline does in kdump") in d
    assert "Copied translation tables from previous kernel" in d
    assert "Copied IR table for dmar0 from previous kernel" in d
    assert "starting from clean tables" not in d
