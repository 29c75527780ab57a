"""A secondary bus reset below a hot-plug slot (issue 16, item 3).

With QEMU's ACPI PCI hotplug off, Linux drives the q35 root ports' slots
natively: pciehp binds in the first kernel and enables the slot's event
notifications, which the crash leaves on. In the capture kernel, pci-kdump
resets the e1000e below root port 00:01.0 by a secondary bus reset; the
capture kernel's pciehp must then bind to that port and see no removal or
insertion, and the NIC must come back.

What the VM can and cannot show: QEMU 7.2 raises no hot-plug interrupt
here (the port's MSI is off from phase 1 until its driver enables it), and
pciehp clears stale Slot Status events when it initialises (pcie_init()).
With pci-kdump's masking and clearing of the slot events removed, this
test still passes (tried on 2026-12-05), so it guards against regressions
in the whole path but does not on its own show the hazard; KUnit's
test_sbr_below_hotplug_slot, on a simulated slot that raises Data Link
Layer State Changed and Presence Detect Changed across the reset, does.
"""
import re

import harness

NATIVE_HOTPLUG = ["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off"]
PORT, NIC = "0000:00:01.0", "0000:01:00.0"


def test_bus_reset_below_hotplug_slot_is_no_hotplug_event():
    r = harness.run_kdump_cycle("hotplug-sbr", topology="minimal",
                                qemu_args=NATIVE_HOTPLUG)
    assert r.booted_capture and r.vmcore_written, r.serial_log
    first, cap = r.first_dmesg, r.capture_dmesg
    bound = f"pcieport {PORT}: pciehp: Slot #1"
    # the crashed kernel drove the slot natively, so left its events enabled
    assert bound in first, "pciehp did not bind in the first kernel"
    assert re.search(rf"pci_kdump: {NIC} \S+ entry=bme\S* method=bus "
                     rf"result=reset verdict=clean .*by={PORT}", cap), cap
    assert bound in cap, "pciehp did not bind in the capture kernel"
    events = [l for l in cap.splitlines()
              if PORT in l and re.search(r"Link (Down|Up)|Card (not )?present|"
                                          r"Presence|removed|inserted", l)]
    assert not events, events
    assert f"e1000e {NIC} eth0: Intel(R) PRO/1000" in cap
