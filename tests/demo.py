#!/usr/bin/python3
"""`make demo`: one real kdump cycle of the patched kernel with an e1000e
receiving numbered UDP frames (VT-d in passthrough, as most servers run),
a capture side like a distribution's kdump initramfs (no driver for the
NIC), then what the capture kernel did and whether the dump stayed the
crash as it was."""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
import scenarios  # noqa: E402

SCENARIO = "e1000e-rx-pt"


def main():
    t0 = time.monotonic()
    o = scenarios.run_scenario(scenarios.by_name(SCENARIO), "patched",
                               tag="-demo")
    log_dir = Path(o.log_dirs[0])
    _, capture = harness.split_console(
        (log_dir / "serial.log").read_text(errors="replace"))
    print(f"== pci-kdump demo ({SCENARIO}): {time.monotonic() - t0:.0f} s, "
          f"logs in {log_dir}")
    print(f"capture kernel: {'booted, vmcore written' if o.ok else 'FAILED'}")
    for line in harness.dmesg_lines(capture):
        if line.startswith(("pci_kdump: ", "iommu_kdump: ")):
            print("  " + line)
    late = o.frames_after_quiesce
    print(f"NIC frames that reached the dump after pci-kdump stopped the NIC: "
          f"{'unknown' if late is None else late}; dump chunks that changed "
          f"between two reads 30 s apart: "
          f"{'unknown' if o.vmcore_changed is None else o.vmcore_changed}")
    return 0 if o.ok and not o.problems else 1


if __name__ == "__main__":
    sys.exit(main())
