"""QEMU's arm64 `virt` machine for run_vm(..., arch="arm64").

By default virt boots the kernel directly (-kernel Image, no firmware) and
hands it a devicetree that describes the ECAM host bridge
(pci-host-ecam-generic), GICv3 with its ITS, the PL011 UART and, with
iommu=smmuv3, one SMMUv3 in front of the whole PCIe root complex (pcie.0).
With qemu_args=BOOTS["acpi"] the same machine starts UEFI firmware
(Debian's qemu-efi-aarch64) instead, which enumerates PCI itself and boots
the kernel's EFI stub with the ACPI tables QEMU builds for it (MCFG for
ECAM, IORT for the SMMUv3, MADT, SPCR, ...) and no devicetree. The host is
x86, so the guest always runs under TCG.
"""
from pathlib import Path

from .paths import BUILD

QEMU = "qemu-system-aarch64"
# cortex-a57 rather than max: max emulates pointer authentication, which
# makes TCG several times slower, and nothing here needs an ARMv8.3+ CPU.
CPU = "cortex-a57"
FIRST_CMDLINE = "console=ttyAMA0 crashkernel=256M panic=-1"
# e1000e.IntMode=0: legacy interrupts for the capture kernel's e1000e.
# Bound to an e1000e nobody reset (vanilla), QEMU 7.2's model can abort
# when the throttling timer the crashed kernel armed fires after the new
# driver turned MSI-X on (an assertion in hw/net/e1000e_core.c): an
# emulator crash, not a kernel fact.  (The DMA scenarios keep the driver
# out altogether with initcall_blacklist=, as on x86.)
CAPTURE_CMDLINE = ("console=ttyAMA0 reset_devices nr_cpus=1 irqpoll panic=-1 "
                   "e1000e.IntMode=0")
IOMMUS = {"smmuv3": ",iommu=smmuv3", "none": ""}
# -bios gives virt its firmware; acpi=on (a second -machine merges with
# run_vm's) makes QEMU's ACPI tables mandatory rather than "auto"
FIRMWARE = Path("/usr/share/qemu-efi-aarch64/QEMU_EFI.fd")
BOOTS = {"dt": [], "acpi": ["-bios", str(FIRMWARE), "-machine", "acpi=on"]}
# an arm64 guest under TCG is several times slower than x86 guests here
TIMEOUT = 900


def image(flavour="patched"):
    """Image built by `make kernel-arm64` / `make kernel-vanilla-arm64`."""
    if flavour not in ("patched", "vanilla"):
        raise ValueError(f"unknown kernel flavour {flavour!r}")
    return BUILD / f"obj-arm64-{flavour}" / "arch" / "arm64" / "boot" / "Image"


def machine(iommu):
    """(-machine value, args after -smp) of virt."""
    if iommu not in IOMMUS:
        raise ValueError(f"arm64 iommu must be one of {sorted(IOMMUS)}")
    return f"virt,gic-version=3,accel=tcg{IOMMUS[iommu]}", ["-cpu", CPU]
