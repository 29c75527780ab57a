#!/bin/sh
# SR-IOV for tests/test_sriov.py.
#
#   sriov-up.sh [PF] [NUM]          first kernel: enable NUM VFs of PF and
#                                   leave them bus mastering
#   sriov-up.sh --state TAG [PF]    print what PF's SR-IOV capability and
#                                   sysfs say now (e.g. in the capture kernel)
#
# The VFs get Bus Master Enable by hand because no driver can run them:
# QEMU 7.2's nvme VFs are secondary controllers that stay Offline until
# the PF is sent Virtualization Management commands (nvme virt-mgmt, not
# in this busybox guest); an Offline VF reports CSTS.CFS and refuses
# CC.EN=1 (hw/nvme/ctrl.c nvme_ctrl_reset, nvme_start_ctrl). So
# sriov_drivers_autoprobe is turned off first, no driver binds to them,
# and Command (Memory Space + Bus Master) and MSI-X Enable are written
# straight into each VF's config space through sysfs. That stands in for
# a VF assigned to a guest whose driver was doing DMA when the host
# crashed: what the capture kernel then finds is a VF with BME set.
# The first kernel needs CONFIG_PCI_IOV (configs/kdump-vm.config) for
# sriov_numvfs and for the VFs' sysfs config files.
#
# Markers:
#   sriov-pf <pf> cap=0xPPPP numvfs=N ctrl=0xCCCC offset=O stride=S
#            vf_did=0xDDDD                (cap: SR-IOV capability offset)
#   sriov-vfs <vf>=0xCMND[,msix=0xCTRL] ...   (read back from each VF)
#   sriov-failed <why>
#   sriov-state <tag> pf=<pf> ctrl=0xCCCC numvfs=N sysfs_numvfs=N|- vfs=<vf,...>|none
export PATH=/bin:/sbin:/usr/bin:/usr/sbin

# shellcheck disable=SC1091
. /guest/pci-cfg.sh

fail() {
	mark "sriov-failed $*"
	exit 1
}

# cap DEV ID: offset of the standard capability ID in DEV, or 0
cap() {
	pos=$(($(rd "$1" 52 1) & 0xfc))
	n=0
	while [ "$pos" -ge 64 ] && [ $n -lt 48 ]; do
		[ "$(rd "$1" "$pos" 1)" -eq "$2" ] && { echo "$pos"; return; }
		pos=$(($(rd "$1" $((pos + 1)) 1) & 0xfc))
		n=$((n + 1))
	done
	echo 0
}

# extcap DEV ID: offset of the extended capability ID in DEV, or 0
extcap() {
	pos=256
	n=0
	while [ "$pos" -ge 256 ] && [ $n -lt 64 ]; do
		h=$(rd "$1" "$pos" 4)
		[ $((h & 0xffff)) -eq "$2" ] && { echo "$pos"; return; }
		pos=$((h >> 20 & 0xffc))
		n=$((n + 1))
	done
	echo 0
}

hex4() { printf '0x%04x' "$1"; }

# SR-IOV capability registers (offsets in the capability)
SRIOV_CTRL=8
SRIOV_NUM_VF=16
SRIOV_VF_OFFSET=20
SRIOV_VF_STRIDE=22
SRIOV_VF_DID=26

if [ "$1" = --state ]; then
	TAG=$2
	PF=${3:-0000:02:00.0}
	PFDIR=/sys/bus/pci/devices/$PF
	[ -e "$PFDIR/config" ] || fail "$PF not in sysfs"
	sr=$(extcap "$PF" 16)
	[ "$sr" -gt 0 ] || fail "$PF: no SR-IOV capability in config space"
	sysfs=-
	[ -e "$PFDIR/sriov_numvfs" ] && sysfs=$(cat "$PFDIR/sriov_numvfs")
	vfs=
	for d in /sys/bus/pci/devices/*; do
		[ -e "$d/physfn" ] || continue
		[ "$(basename "$(readlink -f "$d/physfn")")" = "$PF" ] || continue
		vfs="$vfs${vfs:+,}${d##*/}"
	done
	mark "sriov-state $TAG pf=$PF" \
		"ctrl=$(hex4 "$(rd "$PF" $((sr + SRIOV_CTRL)) 2)")" \
		"numvfs=$(rd "$PF" $((sr + SRIOV_NUM_VF)) 2)" \
		"sysfs_numvfs=$sysfs vfs=${vfs:-none}"
	exit 0
fi

PF=${1:-0000:02:00.0}
NUM=${2:-2}
PFDIR=/sys/bus/pci/devices/$PF
[ -e "$PFDIR/config" ] || fail "$PF not in sysfs"
sr=$(extcap "$PF" 16)               # PCI_EXT_CAP_ID_SRIOV
[ "$sr" -gt 0 ] || fail "$PF: no SR-IOV capability in config space"

[ -e "$PFDIR/sriov_numvfs" ] || fail "no sriov_numvfs: kernel without CONFIG_PCI_IOV"
echo 0 >"$PFDIR/sriov_drivers_autoprobe" ||
	fail "echo 0 > sriov_drivers_autoprobe"
echo "$NUM" >"$PFDIR/sriov_numvfs" || fail "echo $NUM > sriov_numvfs"
mark "sriov-pf $PF cap=$(hex4 "$sr")" \
	"numvfs=$(rd "$PF" $((sr + SRIOV_NUM_VF)) 2)" \
	"ctrl=$(hex4 "$(rd "$PF" $((sr + SRIOV_CTRL)) 2)")" \
	"offset=$(rd "$PF" $((sr + SRIOV_VF_OFFSET)) 2)" \
	"stride=$(rd "$PF" $((sr + SRIOV_VF_STRIDE)) 2)" \
	"vf_did=$(hex4 "$(rd "$PF" $((sr + SRIOV_VF_DID)) 2)")"
line=
for v in "$PFDIR"/virtfn*; do
	[ -e "$v" ] || continue
	vf=$(basename "$(readlink -f "$v")")
	# Memory Space (BAR decode) + Bus Master: what a guest driver sets
	wr16 "$vf" 4 $(($(rd "$vf" 4 2) | 0x0006))
	entry="$vf=$(hex4 "$(rd "$vf" 4 2)")"
	mx=$(cap "$vf" 17)              # PCI_CAP_ID_MSIX
	if [ "$mx" -gt 0 ]; then
		wr16 "$vf" $((mx + 2)) $(($(rd "$vf" $((mx + 2)) 2) | 0x8000))
		entry="$entry,msix=$(hex4 "$(rd "$vf" $((mx + 2)) 2)")"
	fi
	line="$line $entry"
done
[ -n "$line" ] || fail "$PF: no virtfn links after enabling $NUM VFs"
mark "sriov-vfs$line"
