#!/bin/sh
# pci-kdump-save-report: keep the capture kernel's PCI reset report.
#
#   pci-kdump-save-report --capture
#       Copy /sys/kernel/debug/pci_kdump/report to /run/pci-kdump/report.txt
#       (mounting debugfs if needed) and print one summary line. Run early
#       in the kdump initramfs, so the report is kept even when the dump
#       target never comes up.
#   pci-kdump-save-report DIR
#       Write DIR/vmcore-pcireset.txt, next to the vmcore the dump script
#       wrote into DIR. Captures first if --capture has not run (any hook
#       order works, and so does a full userspace capture such as Debian's
#       kdump-tools).
#
# Exit status: 0 saved; 1 no report (not a pci-kdump kernel, or debugfs not
# available); 2 usage or write error. Never fatal for the dump: callers may
# ignore the status.
#
# Environment (tests): PCI_KDUMP_REPORT (source, default the debugfs file),
# PCI_KDUMP_RUNDIR (default /run/pci-kdump).
set -f   # no globbing anywhere: report words are split, never expanded
SRC=${PCI_KDUMP_REPORT:-/sys/kernel/debug/pci_kdump/report}
RUNDIR=${PCI_KDUMP_RUNDIR:-/run/pci-kdump}
SAVED=$RUNDIR/report.txt
NAME=vmcore-pcireset.txt

# The summary line's key=value pairs as one human line, e.g.
# "pci-kdump: 2 reset, 2 unsafe, 0 not ready, 0 skipped of 6 DMA masters
# (9 functions) in 112 ms". The report prints "summary: ..." lines; a
# "pci_kdump: " prefix (dmesg form) is accepted too.
summary() {
	_line=$(sed -n 's/^\(pci_kdump: \)\{0,1\}summary: //p' "$1" | tail -n 1)
	[ -n "$_line" ] || return 0
	for _kv in $_line; do   # word splitting wanted: key=value pairs
		case $_kv in
		mode=* | functions=* | masters=* | reset=* | not_ready=* | unsafe=* | skipped=* | wall_ms=*)
			eval "_s_${_kv%%=*}=\${_kv#*=}" ;;   # keys come from this fixed list only
		esac
	done
	echo "pci-kdump: ${_s_reset-?} reset, ${_s_unsafe-?} unsafe, ${_s_not_ready-?} not ready, ${_s_skipped-?} skipped of ${_s_masters-?} DMA masters (${_s_functions-?} functions) in ${_s_wall_ms-?} ms, mode=${_s_mode-?}"
}

capture() {
	if [ ! -e "$SRC" ] && [ -z "${PCI_KDUMP_REPORT-}" ] && [ -d /sys/kernel/debug ] &&
		! grep -q ' /sys/kernel/debug debugfs ' /proc/mounts 2>/dev/null; then
		# dracut's and initramfs-tools' init do not mount debugfs
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	fi
	if [ ! -r "$SRC" ]; then
		echo "pci-kdump: no reset report ($SRC missing): kernel without pci-kdump or debugfs"
		return 1
	fi
	mkdir -p "$RUNDIR" && cat "$SRC" >"$SAVED.tmp" && mv "$SAVED.tmp" "$SAVED" || return 2
	if grep -q '^# not active' "$SAVED"; then
		echo "pci-kdump: not active in this kernel (capture command line without reset_devices?)"
	elif [ -n "$(summary "$SAVED")" ]; then
		echo "$(summary "$SAVED") (see $NAME)"
	else
		echo "pci-kdump: report has no summary line (see $NAME)"
	fi
	return 0
}

case ${1-} in
--capture)
	[ $# -eq 1 ] || { echo "usage: $0 --capture | DIR" >&2; exit 2; }
	capture
	exit $?
	;;
"" | -*)
	echo "usage: $0 --capture | DIR" >&2
	exit 2
	;;
esac
[ $# -eq 1 ] || { echo "usage: $0 --capture | DIR" >&2; exit 2; }
if [ ! -s "$SAVED" ]; then
	capture || exit $?
fi
if [ ! -d "$1" ]; then
	echo "pci-kdump: $1 is not a directory" >&2
	exit 2
fi
if cp "$SAVED" "$1/$NAME.tmp" && mv "$1/$NAME.tmp" "$1/$NAME"; then
	echo "pci-kdump: reset report saved as $1/$NAME"
	exit 0
fi
rm -f "$1/$NAME.tmp"
echo "pci-kdump: cannot write $1/$NAME" >&2
exit 2
