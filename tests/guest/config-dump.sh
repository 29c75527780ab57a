#!/bin/sh
# Print every PCI function's config space in lspci -xxxx format, the input
# of pci-reset-audit -F, as this kernel reads it through sysfs (root reads
# all of it, 4096 bytes for PCI Express).
cd /sys/bus/pci/devices || exit 1
for d in *; do
	echo "$d config"
	hexdump -v -e '16/1 "%02x " "\n"' "$d/config" |
		awk '{ printf "%03x: %s\n", (NR - 1) * 16, $0 }'
	echo
done
