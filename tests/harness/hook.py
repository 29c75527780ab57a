"""Running pci-kdump's initramfs-tools hook outside mkinitramfs, as
kdump-tools's build would: initramfs-tools' hook-functions (not installed
here) stubbed, a kdump-tools config whose capture command line lacks
reset_devices."""
import os

STUB_HOOK_FUNCTIONS = """\
copy_file() { mkdir -p "$DESTDIR${3%/*}"; cp "$2" "$DESTDIR$3"; }
copy_exec() { mkdir -p "$DESTDIR${2%/*}"; cp "$1" "$DESTDIR$2"; }
"""


def hook_env(tmp_path, confdir, libdir, audit):
    """(environment for the hook, DESTDIR it fills)"""
    funcs = tmp_path / "hook-functions"
    funcs.write_text(STUB_HOOK_FUNCTIONS)
    conf = tmp_path / "kdump-tools"
    conf.write_text('KDUMP_CMDLINE_APPEND="nr_cpus=1 irqpoll"\n')
    dest = tmp_path / "dest"
    dest.mkdir()
    env = dict(os.environ, DESTDIR=str(dest), CONFDIR=confdir,
               PCI_KDUMP_HOOK_FUNCTIONS=str(funcs),
               PCI_KDUMP_LIBDIR=str(libdir), PCI_KDUMP_KDUMP_CONF=str(conf),
               PCI_RESET_AUDIT=str(audit))
    return env, dest
