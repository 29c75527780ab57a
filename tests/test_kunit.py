"""pci-kdump's KUnit suites, run built-in at boot of the patched kernel."""
import pytest

import harness


def test_pci_kdump_kunit():
    if harness.kconfig("patched").get("CONFIG_PCI_KDUMP_KUNIT_TEST") != "y":
        pytest.skip("patched kernel has no CONFIG_PCI_KDUMP_KUNIT_TEST=y yet")
    r = harness.boot_once("kunit", topology="none",
                          first_append="kunit.filter_glob=pci_kdump*")
    results = harness.parse_ktap(r.first_dmesg)
    suites = [n for n in results if "." not in n and n.startswith("pci_kdump")]
    assert suites, f"no pci_kdump KUnit suite ran ({r.serial_log})"
    failed = [n for n, s in results.items() if s == "not ok"]
    assert not failed, failed
