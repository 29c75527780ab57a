"""SR-IOV virtual functions in a real crash (issue 16, item 1).

The first kernel enables 2 VFs of QEMU's nvme and leaves them bus
mastering (tests/guest/sriov-up.sh); the capture kernel must find them from
their PF's SR-IOV capability, quiesce them, stop them for good (reset the
PF, or clear VF Enable where the PF cannot be reset), report each VF, and
and have the IOMMU start their entries clean. Mainline, in the same run, is the
control.

What QEMU 7.2's nvme does with SR-IOV. Read in Debian's source package
qemu 1:7.2+dfsg-7+deb12u18 (the qemu-system-x86 installed here: v7.2.0 plus
the v7.2.1..v7.2.22 stable diffs); where the stable diffs changed
something that matters it is said.

- Properties (hw/nvme/ctrl.c nvme_props, nvme_check_params):
  sriov_max_vfs (u8, default 0, at most NVME_MAX_VFS=127) turns SR-IOV on.
  Then the controller needs an nvme-subsys ("subsystem is required for the
  use of SR-IOV"), and a subsystem refuses nvme's drive= ("subsystem support
  is unavailable with legacy namespace"), so the namespace is an nvme-ns
  device; no CMB, no PMR. sriov_vq_flexible and sriov_vi_flexible must both
  be set, sriov_vq_flexible >= 2 * sriov_max_vfs, sriov_vi_flexible >=
  sriov_max_vfs, max_ioqpairs >= sriov_vq_flexible + 2 and msix_qsize >=
  sriov_vi_flexible + 1 (the defaults 64 and 65 satisfy that for 2 VFs);
  sriov_max_vq_per_vf (0 or >= 2) and sriov_max_vi_per_vf (0 or >= 1)
  default to flexible / max_vfs (nvme_init_state). Topology "sriov"
  (harness/topology.py) uses max_vfs=2, vq_flexible=4, vi_flexible=2.
- Capability (nvme_init_pci, nvme_init_sriov, hw/pci/pcie_sriov.c
  pcie_sriov_pf_init): ARI at 0x100 (its Next Function Number is 1, i.e.
  the first VF, which real PFs do not do), SR-IOV at 0x120 with
  InitialVFs = TotalVFs = sriov_max_vfs, First VF Offset 1, VF Stride 1
  (NVME_VF_OFFSET, NVME_VF_STRIDE), VF Device ID 0x0010
  (PCI_DEVICE_ID_REDHAT_NVME, the PF's own; 0x5845 with use-intel-id),
  one 64-bit VF BAR 0. So the VFs of PF 02:00.0 are 02:00.1 and 02:00.2,
  [1b36:0010] like the PF, and a vendor:device rule matches them too.
  pcie_sriov_pf_init sets the PF's multifunction bit.
- VFs exist only while VF Enable is set: a config write setting it
  creates NumVFs "nvme" devices (pcie_sriov_config_write, register_vfs;
  v7.2.22 ignores NumVFs > TotalVFs), clearing it unrealizes and frees them
  and zeroes NumVFs (unregister_vfs). register_vf sets each VF's Vendor
  and Device ID to 0xffff, as the spec has it: a bus scan does not see
  them. QEMU traces both (sriov_register_vfs, sriov_unregister_vfs).
- A VF is a full nvme controller with the PF's parameters (nvme_realize)
  but starts Offline: its CSTS reads CFS and CC.EN=1 fails until the PF
  gets Virtualization Management commands (nvme_ctrl_reset,
  nvme_start_ctrl, nvme_virt_set_state). VFs have FLR, PM (NoSoftRst),
  MSI-X, and Interrupt Pin 1 (nvme_init_pci runs for them too; real VFs
  have no INTx). Their BAR decodes by the VF's own Command Memory Space
  bit (hw/pci/pci.c pci_bar_address; real VFs ignore it and use the PF's
  VF MSE).
- The PF has FLR (pcie_cap_flr_init). An FLR (pcie_cap_flr_write_config ->
  pci_device_reset -> nvme_pci_reset -> nvme_ctrl_reset(NVME_RESET_FUNCTION))
  puts every secondary controller Offline and calls
  pcie_sriov_pf_disable_vfs, which removes the VFs (unregister_vfs, NumVFs
  reads 0). But it calls the SR-IOV write hook directly, without writing
  config space, and pci_do_device_reset does not touch extended
  capabilities: after a PF FLR, VF Enable still reads 1 with NumVFs 0 and
  no VFs behind it (the capture-side sriov-state marker shows ctrl=0x0001
  numvfs=0 after the FLR). Real hardware clears VF Enable on a PF FLR. A
  controller reset (CC.EN=0, NVME_RESET_CONTROLLER) puts the VFs Offline
  but leaves them enabled. (v7.2.0 set them Offline before a VF Enable
  clear in nvme_sriov_pre_write_ctrl; v7.2.22 does it after, in
  nvme_sriov_post_write_config, from pcie_sriov_num_vfs.)

Linux clears VF Enable itself when it enumerates a PF that has it set
(drivers/pci/iov.c sriov_init, then sleeps 1 s), in any kernel built with
CONFIG_PCI_IOV. So "no VF in sysfs after boot" holds for mainline too; what
pci-kdump changes is when the VFs stop: before the capture kernel programs
its IOMMU, not after. The QEMU trace shows it (sriov_unregister_vfs against
the capture kernel's first VT-d command register write).

The first kernel needs CONFIG_PCI_IOV (configs/kdump-vm.config) for
sriov_numvfs and for the VFs' sysfs config files.
"""
import re

import pytest

import harness
from harness import report
from harness.pcicfg import capabilities, pci_config
from harness.qtrace import (CAP_EXP, EXP_DEVCTL, FLR_BIT, bdf, cfg_accesses,
                            crash_index, require_trace, sets_bit)

PF = "0000:02:00.0"
VFS = ("0000:02:00.1", "0000:02:00.2")
VF_DID = 0x0010            # PCI_DEVICE_ID_REDHAT_NVME, nvme_init_sriov
NUM_VFS = len(VFS)
FIRST = (f"sh /guest/sriov-up.sh {PF} {NUM_VFS}; "
         f"sh /guest/sriov-up.sh --state first {PF}; sh /guest/nic-up.sh")
CAPTURE = f"sh /guest/sriov-up.sh --state capture {PF}"
# vtd_reg_write_gcmd fires whenever a kernel programs VT-d: the heartbeat,
# and the capture kernel's first one is "the IOMMU starts". pci_cfg_* split
# the trace at the crash (harness/qtrace.py CRASH_MARK).
TRACE = ["-trace", "pci_cfg_read", "-trace", "pci_cfg_write",
         "-trace", "vtd_dmar_fault", "-trace", "vtd_reg_write_gcmd",
         "-trace", "sriov_*", "-trace", "pci_nvme_pci_reset",
         "-D", "{log_dir}/trace.log"]

SRIOV_CTRL = 0x08          # in the SR-IOV capability
VFE = 0x1
PCI_COMMAND, BME_BIT = 0x04, 2


def per_function(r):
    """slot -> fields of each capture-kernel pci_kdump line."""
    return report.per_function("\n".join(r.pci_kdump_lines()))


def assert_vfs_start_clean(r, pf_kept):
    """No VF keeps the crashed kernel's IOMMU entries, the PF only if it
    may still do DMA, and nothing but such functions keeps any."""
    d = r.capture_dmesg
    kept = report.kept_ids(d)
    assert kept is not None, "every old entry was kept"
    assert not kept & set(VFS), kept
    assert (PF in kept) == pf_kept, kept
    assert kept <= report.dirty(d), kept


def kv(marker):
    """'tag a=1 b=2' -> {'a': '1', 'b': '2'}."""
    return dict(t.split("=", 1) for t in marker.split() if "=" in t)


def sriov_markers(r):
    return [m for m in r.markers if m.startswith("sriov")]


def first_vfs(r):
    """{vf slot: Command register} from the first kernel's sriov-vfs marker."""
    m = r.marker("sriov-vfs ")
    assert m, ("first kernel enabled no VFs with Bus Master Enable: "
               f"{sriov_markers(r)} ({r.serial_log})")
    out = {}
    for tok in m.split()[1:]:
        slot, _, regs = tok.partition("=")
        out[slot] = int(regs.split(",")[0], 16)
    return out


class Timeline:
    """The QEMU trace of one cycle, split at the crash: VT-d programming,
    DMAR faults, VFs created and removed, config accesses."""

    def __init__(self, r):
        self.events = require_trace(r.log_dir / "trace.log", "vtd_reg_write_gcmd")
        self.crash = crash_index(self.events)
        after = [(i, e, a) for i, (_, e, a) in enumerate(self.events)
                 if i > self.crash]
        gcmd = [i for i, e, _ in after if e == "vtd_reg_write_gcmd"]
        assert gcmd, "the capture kernel never programmed VT-d"
        self.iommu_start = gcmd[0]
        self.faults_first = sum(e == "vtd_dmar_fault" for i, (_, e, _) in
                                enumerate(self.events) if i < self.crash)
        self.faults_capture = sum(e == "vtd_dmar_fault" for _, e, _ in after)
        self.registered = [(i, self._n(a)) for i, (_, e, a) in
                           enumerate(self.events)
                           if e == "sriov_register_vfs" and i < self.crash]
        self.unregistered = [(i, self._n(a)) for i, e, a in after
                             if e == "sriov_unregister_vfs"]
        self.cfg = cfg_accesses(self.events)

    @staticmethod
    def _n(args):
        m = re.search(r"(?:creating|Unregistering) (\d+) vf devs", args)
        return int(m[1]) if m else None

    def vfs_removed_at(self):
        """Index of the capture-side event that removed the VFs, or None."""
        return next((i for i, n in self.unregistered if n), None)

    def capture_cfg(self):
        return [c for c in self.cfg if c.index > self.crash]

    def summary(self):
        gone = self.vfs_removed_at()
        when = ("never removed" if gone is None else
                f"removed at event {gone}, " +
                ("before" if gone < self.iommu_start else "after"))
        return (f"VFs created in the first kernel {self.registered} "
                f"[(event, VFs)], capture-side removals {self.unregistered}: "
                f"{when} the capture kernel's first VT-d command write "
                f"(event {self.iommu_start}); DMAR faults first kernel "
                f"{self.faults_first}, capture kernel {self.faults_capture}")


def cycle(name, flavour="patched", capture_append=""):
    r = harness.run_kdump_cycle(name, flavour=flavour, topology="sriov",
                                first_script=FIRST, capture_script=CAPTURE,
                                capture_append=capture_append, qemu_args=TRACE)
    print(f"{name}: {r.seconds:.1f} s of QEMU, markers {sriov_markers(r)}")
    return r


@pytest.fixture(scope="module")
def reset_pf():
    """The default: the PF is reset (FLR), which takes its VFs down."""
    return cycle("sriov-flr")


@pytest.fixture(scope="module")
def pf_none():
    """The PF cannot be reset: pci-kdump must clear VF Enable instead."""
    return cycle("sriov-pf-none", capture_append=f"pci_kdump.method={PF}:none")


@pytest.fixture(scope="module")
def vanilla():
    return cycle("sriov-vanilla", flavour="vanilla")


def check_first_kernel(r):
    assert r.marker("kexec-loaded") == "kexec-loaded rc=0", r.serial_log
    pf = r.marker("sriov-pf ")
    assert pf, f"no sriov-pf marker: {sriov_markers(r)}"
    f = kv(pf)
    # the capability as QEMU 7.2 builds it (see the docstring)
    assert (f["offset"], f["stride"], int(f["vf_did"], 16)) == ("1", "1", VF_DID), pf
    assert f["numvfs"] == str(NUM_VFS) and int(f["ctrl"], 16) & VFE, pf
    vfs = first_vfs(r)
    assert tuple(sorted(vfs)) == VFS, vfs
    for slot, cmd in vfs.items():
        assert cmd & 1 << BME_BIT, f"{slot}: Command {cmd:#06x} has no BME"
    rx = r.marker("rx_packets=")
    assert rx and int(rx.split("=")[1]) > 0, r.serial_log
    # QEMU saw it too: VFs created, then BME written into each one's Command
    t = Timeline(r)
    assert (max(n for _, n in t.registered) if t.registered else 0) == NUM_VFS, t.summary()
    for slot in VFS:
        assert any(c.write and c.bdf == bdf(slot) and sets_bit(c, PCI_COMMAND, BME_BIT)
                   for c in t.cfg if c.index < t.crash), f"{slot}: no BME write traced"


def vf_lines(r, fns):
    pf = fns.get(PF)
    assert pf, f"no pci_kdump line for the PF {PF}: {sorted(fns)}"
    missing = [s for s in VFS if s not in fns]
    assert not missing, (f"no pci_kdump line for VF(s) {missing}; the capture "
                         f"kernel reported {sorted(fns)}")
    vendor = pf["id"].split(":")[0]
    for slot in VFS:
        vf = fns[slot]
        assert vf["id"] == f"{vendor}:{VF_DID:04x}", (slot, vf)
        assert "bme" in vf["entry"].split(","), (slot, vf)
        assert vf["method"] == "pf" and vf["by"] == PF, (slot, vf)
    return pf, [fns[s] for s in VFS]


def capture_state(r):
    m = r.marker("sriov-state capture")
    assert m, f"capture-side script did not report: {sriov_markers(r)} ({r.serial_log})"
    return kv(m)


def vfs_quiesced_before(t, index):
    """Each VF got a Command write with BME clear between the crash and index."""
    for slot in VFS:
        assert any(c.write and c.bdf == bdf(slot) and c.off == PCI_COMMAND
                   and not c.val & 1 << BME_BIT and c.index < index
                   for c in t.capture_cfg()), (
            f"{slot}: no capture-side write clearing Bus Master Enable before "
            f"its VFs went (event {index})")


# ---- the reset PF -------------------------------------------------------

def test_first_kernel_vfs_bus_master(reset_pf):
    """2 VFs enabled through sysfs, each with BME set (read back, and seen
    by QEMU), while the NIC receives."""
    check_first_kernel(reset_pf)


def test_capture_resets_pf_and_reports_vfs(reset_pf):
    r = reset_pf
    assert r.booted_capture and r.vmcore_written, r.serial_log
    fns = per_function(r)
    pf, vfs = vf_lines(r, fns)
    for vf in vfs:
        assert (vf["result"], vf["verdict"]) == ("reset", "clean"), vf
    assert "vfs" in pf["entry"].split(","), pf
    assert (pf["method"], pf["result"], pf["verdict"]) == ("flr", "reset", "clean"), pf
    assert_vfs_start_clean(r, pf_kept=False)


def test_capture_vfs_gone_before_iommu_no_faults(reset_pf):
    r = reset_pf
    assert r.booted_capture and r.vmcore_written, r.serial_log
    t = Timeline(r)
    print(t.summary())
    assert t.faults_first == 0 and t.faults_capture == 0, t.summary()
    gone = t.vfs_removed_at()
    assert gone is not None and gone < t.iommu_start, t.summary()
    # by the PF's FLR, after each VF's BME was cleared
    exp = capabilities(pci_config(r.files["pci-config"])[PF])[CAP_EXP]
    flr = next((c.index for c in t.capture_cfg() if c.bdf == bdf(PF)
                and sets_bit(c, exp + EXP_DEVCTL, FLR_BIT)), None)
    assert flr is not None and flr < gone, (flr, t.summary())
    vfs_quiesced_before(t, flr)
    s = capture_state(r)
    assert s["vfs"] == "none" and s["numvfs"] == "0", s
    assert s["sysfs_numvfs"] in ("0", "-"), s


# ---- a PF that cannot be reset -------------------------------------------

def test_pf_none_first_kernel(pf_none):
    check_first_kernel(pf_none)


def test_pf_none_clears_vf_enable(pf_none):
    r = pf_none
    assert r.booted_capture and r.vmcore_written, r.serial_log
    assert f"pci_kdump.method={PF}:none" in r.capture_dmesg
    fns = per_function(r)
    pf, vfs = vf_lines(r, fns)
    for vf in vfs:
        assert (vf["result"], vf["verdict"]) == ("disabled", "clean"), vf
    assert "vfs" in pf["entry"].split(","), pf
    # Its own rings and state survive: it keeps its entries, its VFs do not
    assert (pf["method"], pf["result"], pf["verdict"]) == ("none", "unsafe", "dirty"), pf
    assert_vfs_start_clean(r, pf_kept=True)
    t = Timeline(r)
    print(t.summary())
    assert t.faults_capture == 0, t.summary()
    gone = t.vfs_removed_at()
    assert gone is not None and gone < t.iommu_start, t.summary()
    # by a VF Enable clear in the SR-IOV capability, not by a reset
    # (QEMU's own VF removal on a PF FLR also traces a Control write with
    # VF Enable clear, sriov_config_write, so the guest's write is looked
    # for among the config writes that reached the PF)
    sr = int(kv(r.marker("sriov-pf "))["cap"], 16)
    clear = [c.index for c in t.capture_cfg() if c.write and c.bdf == bdf(PF)
             and c.off == sr + SRIOV_CTRL and not c.val & VFE and c.index < gone]
    assert clear, f"no write clearing VF Enable before the VFs went: {t.summary()}"
    exp = capabilities(pci_config(r.files["pci-config"])[PF])[CAP_EXP]
    assert not any(c.bdf == bdf(PF) and sets_bit(c, exp + EXP_DEVCTL, FLR_BIT)
                   for c in t.capture_cfg()), "the PF was reset after all"
    vfs_quiesced_before(t, clear[-1])
    s = capture_state(r)
    assert s["vfs"] == "none" and s["numvfs"] == "0", s
    assert not int(s["ctrl"], 16) & VFE, s


# ---- mainline, the control -----------------------------------------------

def test_vanilla_vfs_outlive_iommu_start(vanilla):
    """Mainline in the same scenario: the VFs, bus mastering, are still
    enabled when the capture kernel first programs VT-d (interrupt
    remapping, from the copied IR table, before any initcall); Linux
    disables them only when it enumerates the PF, in a subsys_initcall
    (drivers/pci/iov.c sriov_init), or never without CONFIG_PCI_IOV. That
    is the window the patched tests must show closed. The VFs' controllers
    are Offline, so they do no DMA and no fault or dump change can show
    it: faults are printed, not asserted."""
    r = vanilla
    assert r.booted_capture and r.vmcore_written, r.serial_log
    t = Timeline(r)
    s = r.marker("sriov-state capture")
    copied = "Copied translation tables from previous kernel" in r.capture_dmesg
    print(f"vanilla: {t.summary()}; capture state {s}; tables copied: {copied}")
    check_first_kernel(r)
    assert copied, "mainline did not copy the VT-d tables"
    gone = t.vfs_removed_at()
    assert gone is None or gone > t.iommu_start, t.summary()
