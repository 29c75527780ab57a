"""pci-kdump's KUnit suites, run built-in at boot of the patched kernel,
on x86 (q35) and arm64 (virt, harness/arm64_machine.py).

The run passes only if every suite and case that drivers/pci/kdump-test.c
registers ran to an "ok" result: a missing suite or case, a skip, a plan
count that does not match the results, or a log cut short by a hang fail.
"""
import pytest

import harness
from harness.kunit import expected_kunit, kunit_run_problems
from harness.paths import REPO

SOURCE = REPO / "drivers" / "pci" / "kdump-test.c"
ARCHES = pytest.mark.parametrize("arch", ["x86", "arm64"])


@ARCHES
def test_kunit_is_built_in(arch):
    cfg = harness.kconfig("patched", arch)
    for sym in ("CONFIG_KUNIT", "CONFIG_PCI_KDUMP_KUNIT_TEST"):
        assert cfg.get(sym) == "y", (
            f"patched kernel has {sym}={cfg.get(sym, '(not set)')}, want y: "
            "the KUnit suites would not run")


@ARCHES
def test_pci_kdump_kunit(arch):
    expected = expected_kunit(SOURCE.read_text())
    r = harness.boot_once("kunit" if arch == "x86" else f"kunit-{arch}",
                          topology="none", arch=arch,
                          first_append="kunit.filter_glob=pci_kdump*")
    # a hang inside a case shows as a timeout and a missing end marker
    assert not r.timed_out, f"boot timed out ({r.serial_log})"
    assert "boot-done" in r.markers, f"boot never reached its end ({r.serial_log})"
    tree = harness.parse_ktap_tree(r.first_dmesg)
    problems = kunit_run_problems(tree, expected)
    assert not problems, f"{r.serial_log}:\n" + "\n".join(problems)
    print({s: len(c) for s, c in expected.items()})
