#!/bin/sh
# pci-kdump build-time checks, shared by the dracut module (module-setup.sh)
# and the initramfs-tools hook. Sourced, POSIX sh. The caller defines
# pk_info MSG and pk_warn MSG (dinfo/dwarn under dracut, stderr under
# initramfs-tools), then calls pk_check_cmdline and pk_run_audit.
# Neither ever fails the initramfs build: a kdump initramfs without these
# checks is still far better than no kdump initramfs.
#
# Environment (for tests and unusual setups):
#   PCI_KDUMP_KDUMP_CONF  kdump config file to read instead of the
#                         distribution's (/etc/sysconfig/kdump, then
#                         /etc/default/kdump-tools)
#   PCI_RESET_AUDIT       path of pci-reset-audit (default: from PATH)

# Print the value of the last "NAME=value" assignment of NAME in FILE,
# without sourcing FILE: a kdump config is shell, and running it at
# initramfs build time could execute anything. Handles the forms the
# distributions ship: NAME=word, NAME="words", NAME='words', "export NAME=".
# Returns 1 if NAME is not assigned.
pk_conf_value() {
	_pk_v=$(sed -n "s/^[[:space:]]*\(export[[:space:]]\{1,\}\)\{0,1\}$1=//p" "$2" | tail -n 1)
	[ -n "$_pk_v" ] || grep -q "^[[:space:]]*\(export[[:space:]]\{1,\}\)\{0,1\}$1=" "$2" || return 1
	# strip one level of surrounding quotes and a trailing comment
	_pk_v=$(printf '%s\n' "$_pk_v" | sed -e 's/^"\(.*\)"[[:space:]]*\(#.*\)\{0,1\}$/\1/' \
		-e "s/^'\(.*\)'[[:space:]]*\(#.*\)\{0,1\}\$/\1/" -e 's/[[:space:]]#.*$//')
	printf '%s\n' "$_pk_v"
}

# Warn when the capture kernel's command line will lack reset_devices: the
# kernel side only acts in a kdump kernel booted with it.
pk_check_cmdline() {
	_pk_conf=${PCI_KDUMP_KDUMP_CONF-}
	if [ -z "$_pk_conf" ]; then
		for _pk_c in /etc/sysconfig/kdump /etc/default/kdump-tools; do
			[ -e "$_pk_c" ] && { _pk_conf=$_pk_c; break; }
		done
	fi
	if [ -z "$_pk_conf" ]; then
		pk_warn "pci-kdump: no kdump configuration found (/etc/sysconfig/kdump, /etc/default/kdump-tools): cannot check that the capture command line has reset_devices; without it PCI devices are not reset"
		return 0
	fi
	# [ -r ] is always true for root, so really read it (a directory, a
	# dangling symlink or an I/O error all fail here)
	if [ -d "$_pk_conf" ] || ! cat -- "$_pk_conf" >/dev/null 2>&1; then
		pk_warn "pci-kdump: cannot read kdump configuration $_pk_conf: cannot check that the capture command line has reset_devices"
		return 0
	fi
	# A config file is text; say so if this one is not (NUL bytes, or
	# lines that are neither blank, comments nor assignments).
	_pk_bad=
	[ "$(tr -d '\000' <"$_pk_conf" | wc -c)" = "$(wc -c <"$_pk_conf")" ] || _pk_bad=nul
	_pk_n=$(grep -a -v -c -E '^[[:space:]]*(#.*)?$|^[[:space:]]*(export[[:space:]]+)?[A-Za-z_][A-Za-z0-9_]*=' "$_pk_conf")
	if [ -n "$_pk_bad" ] || [ "${_pk_n:-0}" -gt 0 ]; then
		pk_warn "pci-kdump: $_pk_conf does not look like a kdump shell config ($_pk_n unparsable line(s)${_pk_bad:+, NUL bytes}); reading its assignments anyway"
	fi

	# Fedora/RHEL (kdumpctl): KDUMP_COMMANDLINE replaces /proc/cmdline,
	# KDUMP_COMMANDLINE_APPEND is appended; unset means nothing appended.
	# Debian (kdump-config): KDUMP_CMDLINE / KDUMP_CMDLINE_APPEND, and an
	# unset KDUMP_CMDLINE_APPEND defaults to a line with reset_devices.
	if _pk_app=$(pk_conf_value KDUMP_COMMANDLINE_APPEND "$_pk_conf"); then
		_pk_base=$(pk_conf_value KDUMP_COMMANDLINE "$_pk_conf") || _pk_base=$(cat /proc/cmdline 2>/dev/null)
		_pk_var=KDUMP_COMMANDLINE_APPEND
	elif _pk_app=$(pk_conf_value KDUMP_CMDLINE_APPEND "$_pk_conf"); then
		_pk_base=$(pk_conf_value KDUMP_CMDLINE "$_pk_conf") || _pk_base=$(cat /proc/cmdline 2>/dev/null)
		_pk_var=KDUMP_CMDLINE_APPEND
	elif [ "${_pk_conf##*/}" = kdump-tools ]; then
		pk_info "pci-kdump: $_pk_conf leaves KDUMP_CMDLINE_APPEND unset; kdump-config's default includes reset_devices"
		return 0
	else
		pk_warn "pci-kdump: no KDUMP_COMMANDLINE_APPEND or KDUMP_CMDLINE_APPEND in $_pk_conf: the capture kernel will likely boot without reset_devices, so PCI devices will not be reset"
		return 0
	fi
	case " $_pk_base $_pk_app " in
	*[[:space:]]reset_devices[[:space:]]*)
		pk_info "pci-kdump: capture command line has reset_devices ($_pk_var in $_pk_conf)" ;;
	*)
		pk_warn "pci-kdump: capture command line lacks reset_devices ($_pk_var in $_pk_conf): PCI devices will not be reset in the kdump kernel; add reset_devices to $_pk_var" ;;
	esac
	return 0
}

# List the functions of this host that the capture kernel could not reset
# safely. The audit is read-only (config space reads through libpci).
pk_run_audit() {
	_pk_audit=${PCI_RESET_AUDIT:-$(command -v pci-reset-audit 2>/dev/null)}
	if [ -z "$_pk_audit" ] || [ ! -x "$_pk_audit" ]; then
		pk_warn "pci-kdump: pci-reset-audit not found${_pk_audit:+ at $_pk_audit}: devices without a safe reset are not listed"
		return 0
	fi
	_pk_out=$("$_pk_audit" --only-unsafe 2>&1)
	case $? in
	0) pk_info "pci-kdump: every PCI function of this host has a safe reset" ;;
	1)
		pk_warn "pci-kdump: PCI functions without a safe reset (left with Bus Master off in the kdump kernel):"
		printf '%s\n' "$_pk_out" | while IFS= read -r _pk_l; do
			pk_warn "pci-kdump:   $_pk_l"
		done ;;
	*) pk_warn "pci-kdump: pci-reset-audit failed: $(printf '%s' "$_pk_out" | head -n 3)" ;;
	esac
	return 0
}
