#!/bin/sh
# shellcheck disable=SC2034 # the constants are for the scripts sourcing this
# CXL config space helpers for the CXL guest scripts (cxl-*.sh source this),
# on top of pci-cfg.sh.
# CXL keeps its registers in Designated Vendor-Specific Extended
# Capabilities (DVSEC, PCIe cap ID 0x23) of vendor 0x1e98 (CXL r3.1 8.1).
CXL_VENDOR=7832                 # 0x1e98
DVSEC_CXL_DEVICE=0              # PCIe DVSEC for CXL Devices
DVSEC_CXL_PORT_EXT=3            # CXL Extensions DVSEC for Ports
DVSEC_CTRL=12                   # CXL Control / Port Control, both at +0xc
UNMASK_SBR=1                    # Port Control bit 0
BRIDGE_CONTROL=62               # 0x3e
SBR=64                          # Bridge Control bit 6

# shellcheck disable=SC1091
. /guest/pci-cfg.sh

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
