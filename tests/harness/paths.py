"""Where things live: repo root, build outputs, kernels."""
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "build"
GUEST_DIR = REPO / "tests" / "guest"
LOGS = BUILD / "logs"


def bzimage(flavour="patched"):
    """bzImage built by `make kernel` (patched) or `make kernel-vanilla`."""
    if flavour not in ("patched", "vanilla"):
        raise ValueError(f"unknown kernel flavour {flavour!r}")
    return BUILD / f"obj-{flavour}" / "arch" / "x86" / "boot" / "bzImage"


def kconfig(flavour="patched", arch="x86"):
    """Parsed .config of a built kernel: {"CONFIG_X": "y", ...}."""
    out = {}
    obj = f"obj-{flavour}" if arch == "x86" else f"obj-{arch}-{flavour}"
    path = BUILD / obj / ".config"
    for line in path.read_text().splitlines():
        if line.startswith("CONFIG_") and "=" in line:
            k, _, v = line.partition("=")
            out[k] = v
    return out
