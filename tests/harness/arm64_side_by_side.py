"""arm64 side by side (make arm64-side-by-side, part of make test-full):
repeated kdump cycles of the patched and the vanilla arm64 kernel on the
virt topology, NICs receiving, and per kernel what QEMU's SMMUv3 did with
DMA in the capture kernel (harness/arm64_smmu.py), whether the SMMU started
from a clean stream table, and how many captures succeeded.

Exits non-zero if a patched cycle failed its invariants (capture written,
clean start); the SMMU figures of both kernels are reported, not asserted:
in QEMU 7.2 a vanilla capture kernel shows no harm in them either (see
docs/arm64-bed.rst).

    python3 -m harness.arm64_side_by_side [CYCLES]     (from tests/)
"""
import sys
from collections import Counter

from . import arm64_smmu
from .vm import run_kdump_cycle

CLEAN = "stream table: every DMA master in its scope is reset or stopped"


def one(flavour, n):
    r = run_kdump_cycle(f"arm64-sbs-{flavour}-{n}", flavour=flavour,
                        arch="arm64", topology="virt",
                        qemu_args=arm64_smmu.QEMU_ARGS)
    ok = r.booted_capture and r.vmcore_written
    counts = arm64_smmu.capture_counts(r.log_dir) if r.booted_capture \
        else Counter()
    return ok, CLEAN in r.capture_dmesg, counts, r.log_dir


def main(cycles):
    problems = []
    print(f"{'kernel':8} {'captured':>9} {'clean':>6} " +
          " ".join(f"{e.replace('smmuv3_', ''):>18}" for e in arm64_smmu.EVENTS))
    for flavour in ("patched", "vanilla"):
        total, captured, clean = Counter(), 0, 0
        for n in range(cycles):
            ok, is_clean, counts, log_dir = one(flavour, n)
            captured += ok
            clean += is_clean
            total.update({e: counts[e] for e in arm64_smmu.EVENTS})
            if flavour == "patched" and not (ok and is_clean):
                problems.append(f"patched cycle {n}: {log_dir}")
        print(f"{flavour:8} {captured:>4}/{cycles:<4} {clean:>6} " +
              " ".join(f"{total[e]:>18}" for e in arm64_smmu.EVENTS))
    for p in problems:
        print("FAIL", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
