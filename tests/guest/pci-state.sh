#!/bin/sh
# Print each PCI function's config header (64 bytes) as one console line,
# so a test can compare BARs, bus numbers and windows across the crash.
# Usage: pci-state.sh TAG
for d in /sys/bus/pci/devices/*; do
	echo "PCISTATE $1 ${d##*/} $(od -An -tx4 -N64 "$d/config" | tr -s ' \n' ' ')"
done
