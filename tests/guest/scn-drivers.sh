#!/bin/sh
# Which driver each PCI function has in this kernel, "BDF driver" or
# "BDF -" per line, to /out/pci-drivers (tests/scenarios checks that the
# scenario's DMA devices have none in the capture kernel).
for d in /sys/bus/pci/devices/*; do
	drv=-
	[ -e "$d/driver" ] && drv=$(basename "$(readlink "$d/driver")")
	echo "${d##*/} $drv"
done >/out/pci-drivers
