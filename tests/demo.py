#!/usr/bin/python3
"""`make demo`: one real kdump cycle of the patched kernel while NICs
DMA-receive, then a short summary of what the capture kernel did."""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402


def main():
    t0 = time.monotonic()
    r = harness.run_kdump_cycle("demo", topology="full")
    print(f"== pci-kdump demo: {r.accel}, {time.monotonic() - t0:.1f} s, "
          f"{r.frames_sent} UDP frames sent, logs in {r.log_dir}")
    print(f"first kernel:   {r.marker('rx_packets') or 'no NIC traffic seen'}, "
          f"{r.marker('kexec-loaded') or 'kexec not loaded'}")
    print(f"capture kernel: {'booted' if r.booted_capture else 'DID NOT BOOT'}")
    lines = r.pci_kdump_lines()
    for line in lines:
        print("  " + line)
    if not lines:
        print("  (no 'pci_kdump: ' lines: framework not in this kernel yet?)")
    for line in harness.dmesg_lines(r.capture_dmesg):
        if line.startswith("iommu_kdump: ") or "Copied translation tables" in line \
                or "Copied IR table" in line:
            print("  " + line)
    if r.vmcore_written:
        print(f"vmcore: written, {r.vmcore_size} bytes "
              f"({r.files['vmcore'].resolve()})")
    else:
        print("vmcore: NOT written")
    return 0 if r.vmcore_written else 1


if __name__ == "__main__":
    sys.exit(main())
