#!/bin/bash
# Test-only dracut module (tests/test_dracut.py copies it into a temporary
# dracut tree as 99pcikdump-testdump): a minimal stand-in for a distro's
# kdump module. It writes the vmcore the way Fedora's kdump.sh lays it out
# (<dir>/vmcore), calls pci-kdump-save-report on that dir, and writes the
# dump dir as a tar archive onto the harness's output disk.

# only when asked for (-m / --add)
check() {
    return 255
}

depends() {
    echo base
}

install() {
    # moddir is set by dracut
    # shellcheck disable=SC2154
    inst_hook cmdline 99 "$moddir/testdump-root.sh"
    inst_hook pre-mount 90 "$moddir/testdump.sh"
    inst_multiple makedumpfile tar date sync sleep cat dmesg mkdir mv
}
