"""Named PCIe topologies, as QEMU -device strings.

Placeholders the runner fills in:
  {net}   a fresh `-netdev socket,udp=...` backend fed by the host's DMA
          sender (harness/dma.py), so the NIC DMA-receives frames;
  {drive} a fresh `-drive driver=null-co` backend (no file, no lock).
The output disk (virtio-blk, serial pcikdump-out) is added by the runner on
pcie.0 and is not part of a topology.
"""

MINIMAL = [
    "pcie-root-port,id=rp1,chassis=1,slot=1",
    "e1000e,bus=rp1,netdev={net}",
    "pcie-root-port,id=rp2,chassis=2,slot=2",
    "nvme,bus=rp2,serial=nvme0,drive={drive}",
]

FULL = MINIMAL + [
    # x3130 switch: upstream port below a root port, two downstream ports
    "pcie-root-port,id=rp3,chassis=3,slot=3",
    "x3130-upstream,id=sw1,bus=rp3",
    "xio3130-downstream,id=sw1d1,bus=sw1,chassis=11,slot=1",
    "virtio-net-pci,bus=sw1d1,netdev={net}",
    "xio3130-downstream,id=sw1d2,bus=sw1,chassis=12,slot=2",
    "virtio-blk-pci,bus=sw1d2,drive={drive}",
    # PCIe-to-PCI bridge with conventional devices (no FLR: SBR territory)
    "pcie-root-port,id=rp4,chassis=4,slot=4",
    "pcie-pci-bridge,id=pb1,bus=rp4",
    "e1000,bus=pb1,addr=1.0,netdev={net}",
    "edu,bus=pb1,addr=2.0",
    # multi-function device: two functions in one slot
    "pcie-root-port,id=rp5,chassis=5,slot=5",
    "virtio-net-pci,bus=rp5,addr=0.0,multifunction=on,netdev={net}",
    "virtio-blk-pci,bus=rp5,addr=0.1,drive={drive}",
]

# Integrated endpoints on the root complex, no bridges. QEMU 7.2's AMD-Vi
# model loses MSIs of devices behind root ports (nvme admin commands time
# out after 60 s, e1000e tx watchdog fires), so AMD-Vi tests use this one.
FLAT = [
    "e1000e,bus=pcie.0,netdev={net}",
    "nvme,bus=pcie.0,serial=nvme0,drive={drive}",
]

TOPOLOGIES = {
    "flat": FLAT,
    "none": [],
    "minimal": MINIMAL,
    "full": FULL,
}

# SR-IOV (tests/test_sriov.py): MINIMAL's e1000e, and an nvme physical
# function that can enable 2 virtual functions, on its own root port.
# QEMU 7.2 accepts sriov_max_vfs only with an nvme-subsys and both
# sriov_vq_flexible (>= 2 * VFs) and sriov_vi_flexible (>= VFs) set, and
# wants max_ioqpairs >= sriov_vq_flexible + 2 and msix_qsize >=
# sriov_vi_flexible + 1 (hw/nvme/ctrl.c nvme_check_params); the defaults
# (64 queue pairs, 65 vectors) are kept, so the PF works as MINIMAL's.
# With a subsystem the drive= of nvme is refused ("subsystem support is
# unavailable with legacy namespace"), so the namespace is an nvme-ns.
# VFs appear at PF devfn + 1 + i (First VF Offset 1, VF Stride 1):
# 0000:02:00.1 and 0000:02:00.2, device ID 0x0010 like the PF.
SRIOV = [
    "pcie-root-port,id=rp1,chassis=1,slot=1",
    "e1000e,bus=rp1,netdev={net}",
    "nvme-subsys,id=nvsub0,nqn=pcikdump-sriov",
    "pcie-root-port,id=rp2,chassis=2,slot=2",
    "nvme,id=nvpf,bus=rp2,serial=nvme0,subsys=nvsub0,"
    "sriov_max_vfs=2,sriov_vq_flexible=4,sriov_vi_flexible=2",
    "nvme-ns,bus=nvpf,nsid=1,drive={drive}",
]
TOPOLOGIES["sriov"] = SRIOV

# arm64 virt (run_vm(arch="arm64")): pcie.0 is the root bus there too, so
# the root ports go on it. The virtio functions get iommu_platform=on: a
# virtio device without VIRTIO_F_ACCESS_PLATFORM has QEMU bypass the IOMMU
# for its DMA, so the SMMUv3 would never see what it does. e1000e, nvme and
# the switch as in FULL.
VIRT = [
    "pcie-root-port,id=rp1,bus=pcie.0,chassis=1,slot=1",
    "e1000e,bus=rp1,netdev={net}",
    "pcie-root-port,id=rp2,bus=pcie.0,chassis=2,slot=2",
    "nvme,bus=rp2,serial=nvme0,drive={drive}",
    "pcie-root-port,id=rp3,bus=pcie.0,chassis=3,slot=3",
    "x3130-upstream,id=sw1,bus=rp3",
    "xio3130-downstream,id=sw1d1,bus=sw1,chassis=11,slot=1",
    "virtio-net-pci,bus=sw1d1,iommu_platform=on,netdev={net}",
    "xio3130-downstream,id=sw1d2,bus=sw1,chassis=12,slot=2",
    "virtio-blk-pci,bus=sw1d2,iommu_platform=on,drive={drive}",
]
TOPOLOGIES["virt"] = VIRT
