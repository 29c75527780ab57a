#!/bin/bash
# dracut module pci-kdump (dracut.modules(7)): keeps the capture kernel's
# PCI reset report beside the vmcore, and checks at build time that the
# capture command line has reset_devices and which host devices have no
# safe reset. README.md in this directory describes it.

# Only in a kdump initramfs. Fedora/RHEL mkdumprd exports IN_KDUMP=1.
#  - set: return 0, so mkdumprd's default (dracutmodules=all) picks the
#    module up with no change to kdump.conf (255 would need an explicit
#    "dracut_args --add kdump-pcireset" there).
#  - unset: return 255, "only when asked for", so a normal initramfs never
#    gets it. Not 1: dracut 059 aborts the whole build when a module that is
#    asked for (-m, -a, add_dracutmodules in a generic dracut.conf.d) fails
#    check(). When it is asked for without IN_KDUMP, install() below adds
#    nothing, so the module is still left out of the image's content.
check() {
    [[ -n ${IN_KDUMP-} ]] || return 255
    return 0
}

# Nothing beyond base: the capture hook needs only sh and coreutils.
depends() {
    return 0
}

install() {
    local _audit

    if [[ -z ${IN_KDUMP-} ]]; then
        dinfo "kdump-pcireset: IN_KDUMP unset, not a kdump initramfs: nothing installed"
        return 0
    fi

    # build-time checks: warnings only, they never fail the build
    # shellcheck disable=SC2317 # called from pci-kdump-buildcheck.sh
    pk_info() { dinfo "$*"; }
    # shellcheck disable=SC2317
    pk_warn() { dwarn "$*"; }
    # moddir is set by dracut
    # shellcheck source=SCRIPTDIR/pci-kdump-buildcheck.sh disable=SC2154
    . "$moddir/pci-kdump-buildcheck.sh"
    pk_check_cmdline
    pk_run_audit

    inst_multiple cat cp grep mkdir mount mv rm sed tail tr
    inst_script "$moddir/pci-kdump-save-report.sh" /usr/bin/pci-kdump-save-report
    inst_hook pre-udev 30 "$moddir/pci-kdump-capture.sh"

    # The audit tool, for looking at the fabric from the capture kernel's
    # shell; optional.
    _audit=${PCI_RESET_AUDIT:-$(command -v pci-reset-audit)}
    if [[ -x $_audit ]]; then
        inst_binary "$_audit" /usr/sbin/pci-reset-audit
    fi
    return 0
}
