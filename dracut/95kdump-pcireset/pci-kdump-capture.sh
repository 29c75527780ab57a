#!/bin/sh
# dracut pre-udev hook of 95kdump-pcireset: keep the kernel's PCI reset
# report in /run/pci-kdump/report.txt and print a one-line summary.
#
# Why pre-udev: the report is final long before userspace (the reset runs
# at early_initcall), and pre-udev is the earliest hook that both dracut's
# shell init and its systemd initrd (dracut-pre-udev.service) run. Saving
# this early keeps the report even when the dump target never shows up, and
# it is done before any kdump dump script (Fedora's kdump.sh runs at
# pre-pivot, or kdump-capture.service after it), which then only has to
# call "pci-kdump-save-report DIR".
#
# Sourced by dracut's init: return, never exit.
[ -e /proc/vmcore ] || return 0   # not a kdump kernel: nothing to keep
pci-kdump-save-report --capture || :
return 0
