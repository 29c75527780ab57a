#!/bin/sh
# The CXL memory device's PCI function and the port above it.
#
#   cxl-port.sh state TAG     print both as a marker
#   cxl-port.sh unmask-sbr    set Unmask SBR in the port's Port Control
#                             (CXL Extensions DVSEC for Ports): from now on
#                             the port obeys a Secondary Bus Reset, so only
#                             the device's CXL.mem stands between
#                             pci-kdump and a bus reset
#   cxl-port.sh sbr           Secondary Bus Reset on the port: set, 100 ms,
#                             clear, 1 s (what a bus reset does)
#
# Marker (state):
#   cxl-state <tag> dev=<bdf> cmd=0x.... ctrl=0x.... port=<bdf>
#             port_ctrl=0x.... bridge_ctl=0x....
#   (ctrl: the device's CXL Control, bit 2 Mem_Enable; port_ctrl: the
#   port's Port Control, bit 0 Unmask SBR; both 0xffff if not found)
#   cxl-port-failed <why>
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
# shellcheck disable=SC1091
. /guest/cxl-cfg.sh

dev=$(cxl_type3)
[ -n "$dev" ] || { mark "cxl-port-failed no CXL memory device"; exit 1; }
port=$(upstream "$dev")
dv=$(dvsec "$dev" "$DVSEC_CXL_DEVICE")
pv=$(dvsec "$port" "$DVSEC_CXL_PORT_EXT")

# reg16 DEV DVSEC: the control register of a DVSEC found at DVSEC, or 0xffff
reg16() {
	if [ "$2" -gt 0 ]; then rd "$1" $(($2 + DVSEC_CTRL)) 2; else echo 65535; fi
}

case $1 in
state)
	mark "cxl-state $2 dev=$dev cmd=$(hex "$(rd "$dev" 4 2)")" \
		"ctrl=$(hex "$(reg16 "$dev" "$dv")") port=$port" \
		"port_ctrl=$(hex "$(reg16 "$port" "$pv")")" \
		"bridge_ctl=$(hex "$(rd "$port" "$BRIDGE_CONTROL" 2)")"
	;;
unmask-sbr)
	[ "$pv" -gt 0 ] || { mark "cxl-port-failed $port: no Port Extensions DVSEC"; exit 1; }
	wr16 "$port" $((pv + DVSEC_CTRL)) $(($(reg16 "$port" "$pv") | UNMASK_SBR))
	;;
sbr)
	ctl=$(rd "$port" "$BRIDGE_CONTROL" 2)
	wr16 "$port" "$BRIDGE_CONTROL" $((ctl | SBR))
	sleep 0.1
	wr16 "$port" "$BRIDGE_CONTROL" "$ctl"
	sleep 1
	;;
*)
	mark "cxl-port-failed usage: $0 state TAG | unmask-sbr | sbr"
	exit 1
	;;
esac
