"""Bounded subset of the in-flight DMA scenarios (`make scenarios` runs
them all). Asserts the patched kernel's invariants; the vanilla kernel's
figures are only reported (build/scenarios-test.txt and stdout).

QEMU 7.2's e1000e does not implement the internal reset a D3hot->D0
transition promises (NoSoftRst clear): after a PM "reset" the model still
holds the crashed kernel's RX ring and faults as soon as the capture
kernel's driver sets Bus Master Enable again.  pci-kdump's quirk table
therefore gives that model a secondary bus reset, which QEMU implements,
and the invariants hold for the whole capture boot.  `make scenarios`
keeps a forced-PM row (e1000e-rx-pm-a) to show the emulator gap.
"""
import pytest

import harness
from scenarios import TEST_SUBSET, render, run_many
from harness.paths import BUILD

_RESULTS = {}


def _outcomes():
    """Run the subset once; later tests reuse (or fail on) that run."""
    if "error" in _RESULTS:
        pytest.fail(f"scenario run failed: {_RESULTS['error']}")
    if not _RESULTS:
        pairs = TEST_SUBSET()
        try:
            outs = run_many(pairs, jobs=2)
        except Exception as e:   # don't re-run the VMs for every test
            _RESULTS["error"] = repr(e)
            raise
        for (s, f), o in zip(pairs, outs):
            _RESULTS[(s.name, f)] = o
        table = render(outs, title="pci-kdump scenarios, make test subset")
        (BUILD / "scenarios-test.txt").write_text(table)
        print("\n" + table)
    return _RESULTS


pytestmark = pytest.mark.skipif(
    not (harness.bzimage("patched").exists() and harness.bzimage("vanilla").exists()),
    reason="kernels not built")


def test_nic_rx_no_faults_no_dma_stable_vmcore():
    o = _outcomes()[("e1000e-rx-a", "patched")]
    assert o.ok, o.log_dirs
    assert o.boundary == "serial-offset", "could not split the trace at the crash"
    assert o.extra["first_kernel_faults"] == 0
    assert o.handoff == "clean"
    assert o.quiesced
    assert o.dma_capture > 0, "no DMA in flight at the crash: scenario too weak"
    assert o.faults_qemu == 0 and o.faults_guest == 0, o.log_dirs
    assert o.dma_after_quiesce == 0
    assert o.vmcore_changed == 0
    assert o.canary == "intact"


def test_nvme_disk_intact():
    o = _outcomes()[("nvme-write-a", "patched")]
    assert o.ok, o.log_dirs
    assert o.quiesced
    assert o.dma_after_quiesce == 0
    assert o.faults_qemu == 0, o.log_dirs
    assert o.disk == "whole", o.extra.get("disk")
    assert 0 < o.extra["disk"]["new"] < 2048, "crash was not mid-write"


def test_repeated_cycles():
    o = _outcomes()[("repeat-a", "patched")]
    assert o.cycles_ok == o.cycles


def test_vanilla_reported():
    o = _outcomes()[("e1000e-rx-a", "vanilla")]
    print(f"vanilla e1000e-rx-a: ok={o.ok} handoff={o.handoff} "
          f"faults={o.faults_qemu} dma_capture={o.dma_capture}")
