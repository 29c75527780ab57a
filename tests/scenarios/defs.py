"""The scenarios.

IOMMU modes, the ones servers run:
  pt  VT-d on in both kernels, the first kernel in passthrough (iommu=pt)
  a   VT-d on in both kernels, translated
  b   VT-d off in the first kernel, on in the capture kernel
  d   no IOMMU
  amd AMD-Vi on in both kernels (devices on pcie.0: QEMU 7.2's AMD-Vi model
      loses the MSIs of devices behind root ports, harness/topology.py)
  smmu arm64: QEMU virt with an SMMUv3 in front of the root complex, on in
      both kernels (harness/arm64_machine.py, docs/arm64-bed.rst)

The capture side is a distribution's kdump initramfs: it loads the driver
of the dump target only, so the NIC and the NVMe get no driver and nothing
but pci-kdump stops them. The test kernels have the drivers built in, so
the capture command line keeps their init functions from running
(NO_DMA_DRIVERS, the same for both kernels); the out disk's virtio-blk
driver stays. Each run checks in the capture kernel's sysfs that no driver
bound (core.driver_problems).
"""
from .core import Scenario

# initcall names from System.map. e1000_init_module is also e1000's (not
# in these topologies); nvme_init is the PCI driver, not nvme-core.
# initcall_blacklist= needs CONFIG_KALLSYMS to find them by name.
NO_DMA_DRIVERS = ("initcall_blacklist=e1000_init_module,nvme_init,"
                  "virtio_net_driver_init")

MODES = {
    "pt": dict(iommu="intel", first_append="iommu=pt"),
    "a": dict(iommu="intel"),
    "b": dict(iommu="intel", first_append="intel_iommu=off"),
    "d": dict(iommu="none"),
    "amd": dict(iommu="amd"),
    "smmu": dict(iommu="smmuv3", arch="arm64"),
}

# The host sends 4 frames/s: the e1000e's and virtio-net's receive rings
# (256 buffers) then take about a minute to fill, longer than crash,
# capture boot and the two dump reads take under TCG, so a NIC nobody
# stopped is still writing while the dump is read. At line rate a ring
# fills in milliseconds and then the NIC drops: the dump then differs from
# the crash by a ring's worth of frames instead.
RATE_HZ = 4

E1000E = ["pcie-root-port,id=rp1,chassis=1,slot=1",
          "e1000e,bus=rp1,netdev={net}"]
VIRTIO_NET = ["pcie-root-port,id=rp1,chassis=1,slot=1",
              "virtio-net-pci,bus=rp1,netdev={net}"]
NVME_FILE = E1000E + ["pcie-root-port,id=rp2,chassis=2,slot=2",
                      "nvme,bus=rp2,serial=nvme0,drive=nvd"]
NVME_DRIVE = ["-drive", "if=none,id=nvd,format=raw,file={img},"
              "throttling.iops-total=40"]
# AMD-Vi: integrated endpoints at fixed slots (the amd-iommu device is a
# PCI function on pcie.0 too)
FLAT_ADDR = {"01:00.0": "00:05.0", "02:00.0": "00:06.0"}


def _flat(devices):
    out = []
    for dev in devices:
        if dev.startswith("pcie-root-port"):
            continue
        bus = next(p for p in dev.split(",") if p.startswith("bus="))
        slot = 5 if "bus=rp1" in dev else 6
        out.append(dev.replace(bus, f"bus=pcie.0,addr={slot:#x}"))
    return out


def _mode(name, mode, topology=E1000E, targets=("01:00.0",),
          nics=("01:00.0",), **kw):
    args = dict(MODES[mode])
    for k in ("first_append", "capture_append"):
        args[k] = " ".join(x for x in (args.get(k, ""), kw.pop(k, "")) if x)
    args["capture_append"] = (args["capture_append"] + " "
                              + NO_DMA_DRIVERS).strip()
    if mode == "amd":
        topology = _flat(topology)
        targets = tuple(FLAT_ADDR[b] for b in targets)
        nics = tuple(FLAT_ADDR[b] for b in nics)
    kw.setdefault("dma_rate_hz", RATE_HZ)
    return Scenario(name=f"{name}-{mode}", mode=mode, topology=topology,
                    targets=targets, nics=nics, **args, **kw)


SCENARIOS = (
    [_mode("e1000e-rx", m) for m in MODES]
    + [_mode("e1000e-rx-pm", "a", capture_append="pci_kdump.method=01:00.0:pm",
             flavours=("patched",),
             note="patched only: forced PM reset, which QEMU's e1000e model "
                  "advertises but does not perform; pci-kdump sees its Command "
                  "register kept, reports it not_ready and keeps the tables")]
    # virtio_pci, loaded for the virtio-blk dump disk, binds and resets the
    # NIC as well (core.TRANSPORTS): one mode shows it
    + [_mode("virtio-net-rx", "pt", topology=VIRTIO_NET,
             target_models=("virtio-net-pci",))]
    + [_mode("nvme-write", m, kind="nvme", topology=NVME_FILE,
             qemu_args=tuple(NVME_DRIVE), targets=("02:00.0",),
             target_models=("nvme",),
             first_script="/guest/scn-nvme-write.sh 2048 4 3")
       for m in ("pt", "d", "smmu")]
    # a bus master pci-kdump may not reset: only its old entries stay
    + [_mode("nvme-skip", "a", topology="minimal",
             capture_append="pci_kdump.skip=02:00.0",
             note="the NVMe under pci_kdump.skip while the NIC receives: "
                  "patched keeps its old entries and those of q35's two "
                  "functions without a reset, and no other; vanilla keeps all")]
    + [_mode("repeat", "a", kind="repeat", repeat=10, flavours=("patched",),
             topology="minimal", capture_script="/guest/scn-drivers.sh",
             note="success over repeated cycles")]
    # on both kernels: a vanilla capture kernel behind an SMMUv3 is the case
    # pci-kdump was first asked for
    + [_mode("repeat", "smmu", kind="repeat", repeat=3, topology="minimal",
             capture_script="/guest/scn-drivers.sh",
             note="success over repeated cycles, both kernels")]
)


def by_name(name):
    return next(s for s in SCENARIOS if s.name == name)


# The positive controls of the make test subset: pairs whose vanilla row
# shows the harm in the same run, which gives the patched row's "no harm"
# its meaning. e1000e-rx-pt: VT-d passthrough, what most servers run;
# vanilla copies the old tables and the undriven NIC keeps writing into
# the crashed kernel's memory while it is dumped. e1000e-rx-b: VT-d off in
# the first kernel; vanilla's fresh tables turn the NIC's writes into DMAR
# faults. nvme-write-smmu: arm64, the NIC receiving and the NVMe writing;
# vanilla resets the SMMUv3 to a stream table without the NIC, whose next
# frame becomes a flood of SMMU faults (which its kdump kernel, event
# queue off, never sees).
CONTROLS = ("e1000e-rx-pt", "e1000e-rx-b", "nvme-write-smmu")


def TEST_SUBSET():
    """Bounded subset for make test: (scenario, flavour) pairs."""
    import dataclasses
    rep = dataclasses.replace(by_name("repeat-a"), repeat=2)
    return ([(by_name(c), f) for c in CONTROLS for f in ("patched", "vanilla")]
            + [(by_name("nvme-write-pt"), "patched"), (rep, "patched")])
