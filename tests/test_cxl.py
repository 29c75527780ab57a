"""CXL memory the dump needs survives the capture kernel (issue 18, item 5).

A CXL memory expander's capacity can be System RAM of the crashed kernel,
so part of the dump; a Secondary Bus Reset above the expander throws its
decoding (and, on real volatile memory, its contents) away. pci-kdump
must never do that: a function with CXL.mem enabled (Mem_Enable in its
CXL DVSEC Control) gets FLR or nothing, and no bus reset is done above
it.

Two QEMU runs of the patched kernel, one CXL type-3 device behind a CXL
root port on a pxb-cxl host bridge with one fixed memory window:

- the control (first kernel only): the CXL driver stack commits a region
  over the device, the guest writes a pattern into it and reads it back,
  then sets and clears Secondary Bus Reset on the root port: the pattern
  is gone. That is the harm a bus reset does.
- the kdump cycle: the same region and pattern, then a crash. The
  capture kernel's pci_kdump report must show the device with CXL.mem on,
  not reset, and why; QEMU's trace must show no bus reset of the port;
  the IOMMU must act on the verdict the report gives; and the capture
  kernel must read the pattern back from the same physical addresses.

In both runs the first kernel sets Unmask SBR in the root port's Port
Control (CXL Extensions DVSEC for Ports), so the port does not mask bus
resets and the device's CXL.mem is the only thing that keeps pci-kdump
from resetting the bus (the masked case is a KUnit case,
test_cxl_port_masks_sbr).

What QEMU 7.2's CXL model does and does not do (Debian's qemu
1:7.2+dfsg-7+deb12u18: hw/mem/cxl_type3.c, hw/cxl/cxl-host.c,
hw/pci-bridge/cxl_root_port.c):

- cxl-type3 has persistent memory only (a memory-backend-file and a
  label area; volatile capacity came with QEMU 8.0), so the region is a
  pmem region, not System RAM: it is not in the vmcore, and the test
  reads its physical range in the capture kernel through /dev/mem, the
  same physical loads /proc/vmcore would make for System RAM there.
  Making it System RAM would need LIBNVDIMM namespaces (ndctl) and
  devdax + kmem (daxctl) in the guest; not done.
- Reads of the fixed window are decoded by the host bridge's HDM decoder
  and then the device's (cxl_cfmws_find_device, cxl_type3_dpa). A bus
  reset runs the device's reset (ct3d_reset), which zeroes its component
  registers, so its HDM decoder is no longer committed: reads of the
  window fail (MEMTX_ERROR) and the guest reads zeros. The backing file
  keeps the bytes, as real persistent memory would; volatile CXL memory
  loses them. Either way the dump reads nothing of it.
- The root port ignores Unmask SBR: a bus reset always resets the bus
  (cxl_rp_dvsec_write_config only logs "SBR mask control is not
  supported"). Real ports with the bit clear ignore the reset.
- cxl-type3 has neither FLR nor a PM capability, so pci-kdump has no
  reset it may use: the device stays as it is. The CXL driver sets its
  Bus Master Enable (cxl_pci_probe), so the verdict for it is dirty and
  the IOMMU keeps the crashed kernel's tables.
- CXL DVSEC Control resets to 0x0002 (IO_Enable) in QEMU; Linux's
  cxl_port sets Mem_Enable when it enables the HDM decoders
  (cxl_hdm_decode_init). QEMU does not clear it on reset
  (pci_do_device_reset touches standard registers only).
- QEMU's _OSC grants CXL memory error reporting to the OS whatever it
  asks for (hw/acpi/cxl.c), yet has no event interrupts (Get Event
  Interrupt Policy answers zeros, Set is a no-op). 6.12's cxl_pci then
  fails its probe ("Failed to get interrupt for event Info log") unless
  it gets no MSI/MSI-X vectors, when it skips event processing: both
  kernels boot with pci=nomsi. Without it in the capture kernel, the
  failing probe, after adding the memdev, tears down the region it had
  just assembled from the committed decoders and resets them
  (cxl_region_detach -> cxl_region_decode_reset, which logs "Bypassing
  cpu_cache_invalidate_memregion()"): the capture kernel's own CXL
  driver throws the memory away, pci-kdump or not (seen: all 64 pages
  read zeros, with pci-kdump's report as in the passing run).

Checked by breaking it: a first kernel that clears Mem_Enable after
writing the pattern (QEMU keeps decoding without it) makes pci-kdump
reset the bus (method=bus by=0000:0c:00.0), the capture kernel reads
zeros, and the three kdump tests fail.
"""
import re

import pytest

import harness
from harness import report
from harness.qtrace import (PCI_BRIDGE_CONTROL, SBR_BIT, bdf, cfg_accesses,
                            crash_index, require_trace, sets_bit)

MEM_SIZE = 256 << 20       # the device's capacity, all of it one region
PAGES = 64                 # pattern pages (tests/guest/cxl-pattern.sh)
MEM_ENABLE = 1 << 2        # CXL DVSEC Control
UNMASK_SBR = 1 << 0        # Port Control, CXL Extensions DVSEC for Ports
CONFIG = ["CONFIG_CXL_ACPI", "CONFIG_CXL_PCI", "CONFIG_CXL_MEM",
          "CONFIG_CXL_REGION", "CONFIG_CXL_REGION_INVALIDATION_TEST",
          "CONFIG_DEVMEM"]

CXL = ["-machine", "cxl=on",
       "-object", "memory-backend-file,id=cxl-mem0,share=on,"
       f"mem-path={{log_dir}}/cxl-mem0.raw,size={MEM_SIZE >> 20}M",
       "-object", "memory-backend-file,id=cxl-lsa0,share=on,"
       "mem-path={log_dir}/cxl-lsa0.raw,size=1M",
       "-device", "pxb-cxl,bus_nr=12,bus=pcie.0,id=cxl.1",
       "-device", "cxl-rp,port=0,bus=cxl.1,id=cxlrp0,chassis=0,slot=2",
       "-device", "cxl-type3,bus=cxlrp0,memdev=cxl-mem0,lsa=cxl-lsa0,id=cxl-pmem0",
       "-machine", "cxl-fmw.0.targets.0=cxl.1,cxl-fmw.0.size=4G",
       "-trace", "pci_cfg_read", "-trace", "pci_cfg_write",
       "-D", "{log_dir}/trace.log"]

# Without MSI, 6.12's cxl_pci skips the event interrupts QEMU 7.2 lacks
# and probes (see the docstring); both kernels need it
NO_MSI = "pci=nomsi"

# The region's start and size come from cxl-region.sh (/tmp/cxl-region)
FIRST = ("sh /guest/cxl-region.sh && sh /guest/cxl-port.sh unmask-sbr && "
         "read -r start size </tmp/cxl-region && "
         "sh /guest/cxl-pattern.sh fill $start $size && "
         "sh /guest/cxl-pattern.sh check first $start $size && "
         "sh /guest/cxl-port.sh state first")
CONTROL = (FIRST + " && sh /guest/cxl-port.sh sbr && "
           "sh /guest/cxl-port.sh state after-sbr && "
           "sh /guest/cxl-pattern.sh check after-sbr $start $size")
# The capture kernel finds the window in /proc/iomem (cxl_acpi, from the
# CEDT); the first kernel's region starts at its base (checked below)
CAPTURE = ("sh /guest/cxl-port.sh state capture; "
           "start=$(sed -n 's/^ *\\([0-9a-f]*\\)-.* : CXL Window 0$/\\1/p' "
           "/proc/iomem); "
           f"sh /guest/cxl-pattern.sh check capture 0x$start {MEM_SIZE}")


def kv(marker):
    """'tag a=1 b=2' -> {'a': '1', 'b': '2'}."""
    return dict(t.split("=", 1) for t in marker.split() if "=" in t)


def marker(r, prefix):
    m = r.marker(prefix)
    assert m, (f"no '{prefix}' marker: "
               f"{[m for m in r.markers if 'cxl' in m]} ({r.serial_log})")
    return kv(m)


def region(r):
    """The first kernel's region, checked: committed over the whole device."""
    failed = r.marker("cxl-region-failed")
    assert not failed, f"{failed} ({r.serial_log})"
    reg = marker(r, "cxl-region ")
    assert reg["commit"] == "1", reg
    assert int(reg["size"], 0) == MEM_SIZE, reg
    return reg


def first_state(r):
    """The device had CXL.mem on and its port let bus resets through, and
    the pattern was in place, before anything was reset."""
    s = marker(r, "cxl-state first")
    assert int(s["ctrl"], 16) & MEM_ENABLE, f"Mem_Enable not set: {s}"
    assert int(s["port_ctrl"], 16) & UNMASK_SBR, f"Unmask SBR not set: {s}"
    p = marker(r, "cxl-pattern first")
    assert int(p["found"]) == PAGES, f"pattern not read back: {p}"
    return s


def pages_in(backing):
    """Pattern pages in the device's backing file (region offset = device
    address here: one device, no interleave, pmem from DPA 0)."""
    found = 0
    if not backing.exists():            # QEMU never started
        return found
    with open(backing, "rb") as f:
        for i in range(PAGES):
            f.seek(i * (MEM_SIZE // PAGES))
            found += f.read(16) == f"PCIKDUMPCXL-{i:04x}".encode()
    return found


def run(name, mode, first_script):
    """One QEMU run; returns (result, pattern pages in the backing file).
    The backing files (~130 MB written) are removed afterwards."""
    config = harness.kconfig("patched")
    missing = [k for k in CONFIG if config.get(k) != "y"]
    assert not missing, (f"kernel without {missing} (configs/kdump-vm.config, "
                         "CXL section): run make kernel")
    r = harness.run_vm(name, mode=mode, topology="none", dma=False,
                       first_append=NO_MSI, capture_append=NO_MSI,
                       first_script=first_script, capture_script=CAPTURE,
                       qemu_args=CXL)
    kept = pages_in(r.log_dir / "cxl-mem0.raw")
    for f in r.log_dir.glob("cxl-*.raw"):
        f.unlink()
    print(f"{name}: {r.seconds:.1f} s of QEMU, {kept} pattern pages in the "
          f"backing file, markers {[m for m in r.markers if 'cxl' in m]}")
    return r, kept


@pytest.fixture(scope="module")
def control():
    return run("cxl-sbr-control", "boot", CONTROL)


@pytest.fixture(scope="module")
def kdump():
    return run("cxl-kdump", "cycle", FIRST)


def test_control_bus_reset_loses_the_memory(control):
    """The harm: a Secondary Bus Reset on the CXL root port, and the
    pattern the guest read back a moment earlier is gone."""
    r, kept = control
    assert "boot-done" in r.markers, r.serial_log
    region(r)
    s = first_state(r)
    after = marker(r, "cxl-pattern after-sbr")
    print(f"after the bus reset: {after}, state {marker(r, 'cxl-state after-sbr')}")
    assert int(after["found"]) == 0, f"pattern survived a bus reset: {after}"
    # QEMU's model (see the docstring): the bytes stay in the backing file,
    # only the decoding is gone
    assert kept == PAGES, f"{kept} pattern pages left in the backing file"
    # the reset was a real one: QEMU saw the guest set the bit
    events = require_trace(r.log_dir / "trace.log", "pci_cfg_write")
    assert any(sets_bit(c, PCI_BRIDGE_CONTROL, SBR_BIT) and c.bdf == bdf(s["port"])
               for c in cfg_accesses(events)), "no SBR write traced"


def function_line(r, slot):
    lines = [l for l in r.pci_kdump_lines() if l.startswith(f"pci_kdump: {slot} ")]
    assert len(lines) == 1, (f"want one report line for {slot}: {lines}; "
                             f"{r.pci_kdump_lines()}")
    return lines[0]


def test_capture_leaves_cxl_memory_alone(kdump):
    """No bus reset above a device with CXL.mem on, and the report says so."""
    r, _ = kdump
    assert r.booted_capture and r.vmcore_written, r.serial_log
    region(r)
    s = first_state(r)
    line = function_line(r, s["dev"])
    print(line)
    assert "method=none" in line, line
    assert "CXL.mem on, so FLR only" in line, line
    assert "serves CXL memory the dump needs" in line, line
    port = function_line(r, s["port"])
    print(port)
    assert "result=reset" not in port, port
    events = require_trace(r.log_dir / "trace.log", "pci_cfg_write")
    crash = crash_index(events)
    sbr = [c for c in cfg_accesses(events) if c.index > crash and
           c.bdf == bdf(s["port"]) and sets_bit(c, PCI_BRIDGE_CONTROL, SBR_BIT)]
    assert not sbr, f"bus reset of {s['port']} after the crash: {sbr}"
    cap = marker(r, "cxl-state capture")
    assert int(cap["ctrl"], 16) & MEM_ENABLE, f"Mem_Enable lost: {cap}"


def test_capture_reads_the_pattern(kdump):
    """The capture kernel reads every pattern page back, at the physical
    addresses the first kernel wrote."""
    r, _ = kdump
    assert r.booted_capture, r.serial_log
    reg = region(r)
    p = marker(r, "cxl-pattern capture")
    print(f"first kernel region {reg}; capture kernel {p}")
    assert int(p["start"], 16) == int(reg["start"], 0), (reg, p)
    assert int(p["found"]) == PAGES, f"pattern lost in the capture kernel: {p}"


VERDICT = re.compile(r"^pci_kdump: (\S+) \[.*\] .*verdict=(\S+)")


def test_iommu_follows_the_report(kdump):
    """The IOMMU acts on the verdict the report gives: old entries are kept
    only for functions left dirty, and the CXL device is one of them."""
    r, _ = kdump
    assert r.booted_capture, r.serial_log
    s = first_state(r)
    verdicts = dict(m.groups() for m in map(VERDICT.match, r.pci_kdump_lines()) if m)
    dirty = sorted(f for f, v in verdicts.items() if v == "dirty")
    print(f"dirty: {dirty}; CXL device {s['dev']}: {verdicts.get(s['dev'])}")
    d = r.capture_dmesg
    assert dirty, "cxl_pci's device was not reported"
    assert ("dmar0 translation: some DMA masters in its scope may still do "
            "DMA; keeping old entries for them only") in d
    for f in dirty:
        assert f"may still do DMA: {f} " in d, f
    kept = report.kept_ids(d)
    assert kept is not None and kept <= set(dirty), (kept, dirty)
    # cxl_pci sets Bus Master Enable, and nothing may reset the device
    assert verdicts.get(s["dev"]) == "dirty", verdicts
