"""The scenarios. IOMMU modes: a = intel-iommu on in both kernels, b = off
in the first and on in the capture kernel, c = on in the first and off in
the capture kernel, d = no IOMMU at all."""
from .core import Scenario

MODES = {
    "a": dict(iommu="intel"),
    "b": dict(iommu="intel", first_append="intel_iommu=off"),
    "c": dict(iommu="intel", capture_append="intel_iommu=off"),
    "d": dict(iommu="none"),
}

VIRTIO_NET = ["pcie-root-port,id=rp1,chassis=1,slot=1",
              "virtio-net-pci,bus=rp1,netdev={net}"]
NVME_FILE = ["pcie-root-port,id=rp1,chassis=1,slot=1",
             "e1000e,bus=rp1,netdev={net}",
             "pcie-root-port,id=rp2,chassis=2,slot=2",
             "nvme,bus=rp2,serial=nvme0,drive=nvd"]
NVME_DRIVE = ["-drive", "if=none,id=nvd,format=raw,file={img},"
              "throttling.iops-total=40"]


def _mode(name, mode, **kw):
    args = dict(MODES[mode])
    for k in ("first_append", "capture_append"):
        if k in kw:
            args[k] = (args.get(k, "") + " " + kw.pop(k)).strip()
    args.update(kw)
    return Scenario(name=f"{name}-{mode}", mode=mode, **args)


SCENARIOS = (
    [_mode("e1000e-rx", m) for m in "abcd"]
    + [_mode("e1000e-rx-pm", "a", capture_append="pci_kdump.method=01:00.0:pm",
             flavours=("patched",),
             note="patched only: forced PM reset, which QEMU's e1000e model "
                  "advertises but does not perform; pci-kdump sees its Command "
                  "register kept, reports it not_ready and keeps the tables")]
    + [_mode("virtio-net-rx", m, topology=VIRTIO_NET,
             target_models=("virtio-net-pci",)) for m in "ab"]
    + [_mode("nvme-write", m, kind="nvme", topology=NVME_FILE,
             qemu_args=tuple(NVME_DRIVE), targets=("02:00.0",),
             target_models=("nvme",),
             first_script="/guest/scn-nvme-write.sh 2048 4 3") for m in "ac"]
    + [Scenario(name="repeat-a", kind="repeat", repeat=10, capture_script=None,
                note="success over repeated cycles")]
)


def by_name(name):
    return next(s for s in SCENARIOS if s.name == name)


# The one pair of the full matrix whose vanilla row shows harm (DMAR faults
# from the NIC the capture kernel did not reset): the positive control that
# gives the patched row's "no harm" its meaning. In the other rows vanilla
# shows no harm under QEMU either, so they cannot tell the kernels apart.
CONTROL = "e1000e-rx-b"


def TEST_SUBSET():
    """Bounded subset for make test: (scenario, flavour) pairs."""
    import dataclasses
    rep = dataclasses.replace(by_name("repeat-a"), repeat=2)
    return [(by_name(CONTROL), "patched"),
            (by_name(CONTROL), "vanilla"),
            (by_name("nvme-write-a"), "patched"),
            (rep, "patched")]
