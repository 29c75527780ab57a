"""Pick QEMU's accelerator. Linux guests have been seen to hang under KVM
on these machines, so KVM is used only if a short probe boot reaches
/init; the verdict is cached in build/accel-probe. PCI_KDUMP_ACCEL=tcg|kvm
overrides both."""
import os

from .paths import BUILD

CACHE = BUILD / "accel-probe"
PROBE_TIMEOUT = 15


def choose(flavour="patched"):
    forced = os.environ.get("PCI_KDUMP_ACCEL")
    if forced:
        if forced not in ("tcg", "kvm"):
            raise ValueError("PCI_KDUMP_ACCEL must be tcg or kvm")
        return forced
    if CACHE.exists():
        return CACHE.read_text().strip()
    verdict = "tcg"
    if os.access("/dev/kvm", os.R_OK | os.W_OK):
        from .vm import boot_once
        r = boot_once("accel-probe", flavour=flavour, accel="kvm",
                      topology="none", timeout=PROBE_TIMEOUT)
        if "first-init" in r.markers:
            verdict = "kvm"
    CACHE.write_text(verdict + "\n")
    return verdict
