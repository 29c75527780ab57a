#!/bin/sh
# /init for both kernels of a kdump cycle. The same initramfs layout boots
# the first kernel and (as /capture.cpio.gz) the capture kernel; the branch
# is /proc/vmcore, which only a kdump kernel has.
# Lines starting with PCIKDUMP-MARK are parsed by tests/harness.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mark() { echo "PCIKDUMP-MARK $*"; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null # not auto-mounted on initramfs
mount -t debugfs debugfs /sys/kernel/debug
mkdir -p /out /tmp
# MODE (cycle|boot) and CAPTURE_APPEND come from the harness
# shellcheck disable=SC1091
. /test/config

# Run an optional per-test script, recording its status as a marker.
run_test_script() {
	[ -x "/test/$1.sh" ] || return 0
	"/test/$1.sh"
	mark "$1-script rc=$?"
}

if [ -e /proc/vmcore ]; then
	mark capture-init
	run_test_script capture
	makedumpfile -d 31 -c /proc/vmcore /out/vmcore >/out/makedumpfile.log 2>&1
	mark "makedumpfile rc=$?"
	if [ -e /sys/kernel/debug/pci_kdump/report ]; then
		cat /sys/kernel/debug/pci_kdump/report >/out/pci_kdump_report
	fi
	# config space of every function (capability offsets for host checks)
	for d in /sys/bus/pci/devices/*; do
		echo "${d##*/} $(od -An -v -tx1 -N256 "$d/config" | tr -s ' \n' ' ')"
	done >/out/pci-config
	dmesg >/out/dmesg
	/guest/write-out.sh
	echo o >/proc/sysrq-trigger
else
	mark first-init
	run_test_script first
	if [ "$MODE" = boot ]; then
		dmesg >/out/dmesg
		/guest/write-out.sh
		mark boot-done
		echo o >/proc/sysrq-trigger
	fi
	# Without an RTC driver (the lean arm64 config) the clock starts at
	# 1970-01-01 00:00:00, and a guest that crashes within its first
	# second records CRASHTIME=0, which makedumpfile rejects as invalid
	# vmcoreinfo.  Give such a clock a date, as NTP or an RTC would.
	[ "$(date +%s)" -gt 86400 ] || date -s "2026-01-01 00:00:00" >/dev/null
	kexec -s -p /boot/bzImage --initrd=/capture.cpio.gz --append="$CAPTURE_APPEND"
	mark "kexec-loaded rc=$?"
	# One config read nothing else makes, a lone byte at 0xff of the host
	# bridge: a QEMU pci_cfg_read trace splits at it (harness/qtrace.py)
	dd if=/sys/bus/pci/devices/0000:00:00.0/config of=/dev/null bs=1 \
		skip=255 count=1 2>/dev/null
	mark crash
	echo c >/proc/sysrq-trigger
fi
sleep 60 # poweroff is asynchronous; never let init exit
