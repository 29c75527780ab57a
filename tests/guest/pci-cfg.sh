#!/bin/sh
# Config space helpers for guest scripts that source this: registers read
# and written through sysfs, as busybox has no setpci.

mark() { echo "PCIKDUMP-MARK $*"; }

# rd DEV OFFSET BYTES: a little-endian config register of DEV, decimal
rd() {
	v=$(od -An -v -tu"$3" -j "$2" -N "$3" "/sys/bus/pci/devices/$1/config" |
		tr -d ' \n')
	echo "${v:-0}"
}

# wr16 DEV OFFSET VALUE: one 16-bit config write (sysfs turns an aligned
# 2-byte write into a config word write)
wr16() {
	# shellcheck disable=SC2059 # the format is the two bytes, as octal escapes
	printf "$(printf '\\%03o\\%03o' $(($3 & 0xff)) $(($3 >> 8 & 0xff)))" |
		dd of="/sys/bus/pci/devices/$1/config" bs=2 seek=$(($2 / 2)) \
			count=1 conv=notrunc 2>/dev/null
}
