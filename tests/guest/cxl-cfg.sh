#!/bin/sh
# shellcheck disable=SC2034 # the constants are for the scripts sourcing this
# Config space helpers for the CXL guest scripts (cxl-*.sh source this):
# registers read and written through sysfs, as busybox has no setpci.
# CXL keeps its registers in Designated Vendor-Specific Extended
# Capabilities (DVSEC, PCIe cap ID 0x23) of vendor 0x1e98 (CXL r3.1 8.1).
CXL_VENDOR=7832                 # 0x1e98
DVSEC_CXL_DEVICE=0              # PCIe DVSEC for CXL Devices
DVSEC_CXL_PORT_EXT=3            # CXL Extensions DVSEC for Ports
DVSEC_CTRL=12                   # CXL Control / Port Control, both at +0xc
UNMASK_SBR=1                    # Port Control bit 0
BRIDGE_CONTROL=62               # 0x3e
SBR=64                          # Bridge Control bit 6

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

# dvsec DEV ID: offset of DEV's CXL DVSEC with DVSEC ID ID, or 0
dvsec() {
	pos=256
	n=0
	while [ "$pos" -ge 256 ] && [ $n -lt 64 ]; do
		h=$(rd "$1" "$pos" 4)
		if [ $((h & 0xffff)) -eq 35 ] &&
			[ $(($(rd "$1" $((pos + 4)) 4) & 0xffff)) -eq $CXL_VENDOR ] &&
			[ "$(rd "$1" $((pos + 8)) 2)" -eq "$2" ]; then
			echo "$pos"
			return
		fi
		pos=$((h >> 20 & 0xffc))
		n=$((n + 1))
	done
	echo 0
}

hex() { printf '0x%04x' "$1"; }

# cxl_type3: the first CXL memory device (class 0x050210), or nothing
cxl_type3() {
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/class")" = 0x050210 ] && { echo "${d##*/}"; return; }
	done
}

# upstream DEV: the bridge DEV sits below
upstream() {
	p=$(readlink -f "/sys/bus/pci/devices/$1/..")
	echo "${p##*/}"
}
