"""The test bed itself: real kdump cycles in QEMU work end to end."""
import pytest

import harness


@pytest.fixture(scope="module")
def cycle():
    """One kdump cycle of the patched kernel, NIC receiving during the crash."""
    return harness.run_kdump_cycle("bed-cycle", topology="minimal")


def test_first_kernel_boots():
    r = harness.boot_once("bed-boot", topology="minimal")
    assert "Linux version" in r.first_dmesg
    assert "first-init" in r.markers, r.serial_log
    assert "boot-done" in r.markers
    assert not r.timed_out and r.exit_status == 0
    assert "dmesg" in r.files     # the output disk round trip works


def test_panic_boots_capture_kernel(cycle):
    assert cycle.marker("kexec-loaded") == "kexec-loaded rc=0", cycle.serial_log
    assert "crash" in cycle.markers
    assert "sysrq: Trigger a crash" in cycle.first_dmesg
    assert "Linux version" in cycle.capture_dmesg
    assert cycle.booted_capture, cycle.serial_log
    assert "reset_devices" in cycle.capture_dmesg   # capture cmdline used
    assert not cycle.timed_out


def test_nic_was_receiving_at_crash(cycle):
    rx = cycle.marker("rx_packets=")
    assert rx and int(rx.split("=")[1]) > 0, cycle.serial_log
    assert cycle.frames_sent > 0


def test_vmcore_is_a_kdump_compressed_dump(cycle):
    assert cycle.marker("makedumpfile") == "makedumpfile rc=0", \
        cycle.files.get("makedumpfile.log")
    assert cycle.vmcore_written
    with open(cycle.files["vmcore"], "rb") as f:
        assert f.read(8) == b"KDUMP   "
    assert cycle.vmcore_size > 1 << 20


def test_full_topology_cycle():
    r = harness.run_kdump_cycle("bed-full", topology="full")
    assert r.booted_capture, r.serial_log
    assert r.vmcore_written
    # every device of the topology was enumerated by the capture kernel
    for ids in ("[8086:10d3]", "[8086:100e]", "[1b36:0010]", "[1234:11e8]",
                "[1af4:1041]", "[1af4:1042]", "[104c:8232]", "[104c:8233]"):
        assert ids in r.capture_dmesg, ids


def test_vanilla_capture_copies_vtd_tables():
    """Mainline behaviour pci-kdump replaces: the kdump kernel keeps the
    crashed kernel's VT-d translation tables live."""
    r = harness.run_kdump_cycle("bed-vanilla-vtd", flavour="vanilla",
                                iommu="intel")
    assert r.booted_capture, r.serial_log
    assert "Copied translation tables from previous kernel" in r.capture_dmesg
    assert r.vmcore_written


def test_vanilla_capture_copies_amdvi_table():
    # "flat": QEMU 7.2's AMD-Vi loses MSIs from behind root ports
    r = harness.run_kdump_cycle("bed-vanilla-amd", flavour="vanilla",
                                iommu="amd", topology="flat")
    assert r.booted_capture, r.serial_log
    assert "Copied DEV table from previous kernel" in r.capture_dmesg
    assert r.vmcore_written
