"""dracut/95kdump-pcireset and initramfs-tools/: real dracut 059 builds the
capture initramfs, a real kdump cycle in QEMU uses it, and the report lands
beside the vmcore.

dracut runs from a temporary copy of /usr/lib/dracut with the module (and
the test-only dump module tests/guest/dracut-testdump) added, selected with
dracutbasedir: the host's /usr/lib/dracut is never modified.
"""
import gzip
import os
import shutil
import subprocess
import tarfile
import time
from pathlib import Path

import pytest

import harness
from harness.hook import hook_env
from harness.paths import REPO

MODULE = REPO / "dracut" / "95kdump-pcireset"
TESTDUMP = REPO / "tests" / "guest" / "dracut-testdump"
ITOOLS = REPO / "initramfs-tools"
AUDIT = REPO / "tools" / "pci-reset-audit" / "pci-reset-audit"
KVER = "6.12.0-pcikdump"   # --no-kernel: only names /lib/modules/KVER
GOOD_CONF = 'KDUMP_COMMANDLINE_APPEND="irqpoll nr_cpus=1 reset_devices"\n'



@pytest.fixture(scope="module", autouse=True)
def audit_tool():
    """The module and the hook ship pci-reset-audit when it exists; build
    it so the checks below always see it (they would pass vacuously
    without it)."""
    if not AUDIT.exists():
        subprocess.run(["make", "-C", str(AUDIT.parent), AUDIT.name],
                       check=True)
    assert AUDIT.exists(), f"{AUDIT} not built"


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """Temporary dracut tree: the host's, plus our module and the test
    dump module; also a scratch dir and an empty confdir."""
    assert shutil.which("dracut"), "dracut not installed: run make deps"
    base = tmp_path_factory.mktemp("dracut")
    d = base / "dracut"
    shutil.copytree("/usr/lib/dracut", d, symlinks=True)
    shutil.copytree(MODULE, d / "modules.d" / "95kdump-pcireset")
    shutil.copytree(TESTDUMP, d / "modules.d" / "99pcikdump-testdump")
    (base / "conf.d").mkdir()
    (base / "tmp").mkdir()
    return base


def dracut(tree, out, modules, conf=GOOD_CONF, in_kdump=True, audit=None,
           extra_env=None, extra_args=()):
    """Build out with dracut --no-kernel; returns (CompletedProcess, secs).
    conf: text of the kdump config (or a Path to use as is)."""
    env = {k: v for k, v in os.environ.items() if k != "IN_KDUMP"}
    if in_kdump:
        env["IN_KDUMP"] = "1"
    if isinstance(conf, str):
        p = out.with_suffix(".kdump.conf")
        p.write_text(conf)
        conf = p
    env["PCI_KDUMP_KDUMP_CONF"] = str(conf)
    env["PCI_RESET_AUDIT"] = str(audit or AUDIT)
    env["dracutbasedir"] = str(tree / "dracut")
    env.update(extra_env or {})
    cmd = ["dracut", "--no-kernel", "--kver", KVER, "-m", modules,
           "--no-hostonly", "--no-early-microcode", "--gzip", "--force",
           "--conf", "/dev/null", "--confdir", str(tree / "conf.d"),
           "--tmpdir", str(tree / "tmp"), *extra_args, str(out)]
    t = time.monotonic()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True,
                       timeout=300)
    return p, time.monotonic() - t


def members(img):
    """Member names of a gzip'd newc cpio (what lsinitrd lists)."""
    data, names, off = gzip.decompress(Path(img).read_bytes()), [], 0
    while off + 110 <= len(data) and data[off:off + 6] == b"070701":
        size = int(data[off + 54:off + 62], 16)
        nlen = int(data[off + 94:off + 102], 16)
        name = data[off + 110:off + 110 + nlen - 1].decode()
        if name == "TRAILER!!!":
            break
        names.append(name)
        off = (off + 110 + nlen + 3) & ~3
        off = (off + size + 3) & ~3
    return names


HOOK = "usr/lib/dracut/hooks/pre-udev/30-pci-kdump-capture.sh"
HELPER = "usr/bin/pci-kdump-save-report"


@pytest.fixture(scope="module")
def capture_img(tree):
    """The capture initramfs of the VM test, built as a kdump one."""
    out = tree / "capture.img"
    p, secs = dracut(tree, out, "dash base kdump-pcireset pcikdump-testdump")
    assert p.returncode == 0, p.stderr
    return out, p, secs


def test_scripts_are_shellcheck_clean():
    sh = [MODULE / "pci-kdump-buildcheck.sh", MODULE / "pci-kdump-capture.sh",
          MODULE / "pci-kdump-save-report.sh",
          TESTDUMP / "testdump.sh", TESTDUMP / "testdump-root.sh"]
    sh += sorted(p for p in ITOOLS.rglob("*") if p.is_file()
                 and not p.name.endswith((".md", ".conf")))
    bash = [MODULE / "module-setup.sh", TESTDUMP / "module-setup.sh"]
    for shell, files in (("sh", sh), ("bash", bash)):
        p = subprocess.run(["shellcheck", "-x", "-s", shell, *map(str, files)],
                           capture_output=True, text=True, cwd=REPO)
        assert p.returncode == 0, p.stdout + p.stderr


def test_included_in_kdump_initramfs(capture_img):
    img, p, _ = capture_img
    names = members(img)
    assert HOOK in names and HELPER in names
    assert "usr/bin/makedumpfile" in names
    assert "usr/sbin/pci-reset-audit" in names
    assert "Including module: kdump-pcireset" in p.stderr
    # lsinitrd (dracut's own lister) sees the module too
    ls = subprocess.run(["lsinitrd", str(img)], capture_output=True,
                        text=True).stdout
    assert "kdump-pcireset" in ls and HELPER in ls


@pytest.mark.parametrize("how", ["-m", "--add"])
def test_left_out_without_in_kdump(tree, how):
    """Asked for explicitly (-m, or --add as a generic dracut.conf.d's
    add_dracutmodules would) but no IN_KDUMP: the build still works (a
    failing check() would abort it) and nothing of the module is in it."""
    out = tree / f"no-kdump{how}.img"
    modules = "dash base kdump-pcireset" if how == "-m" else "dash base"
    extra = ["--add", "kdump-pcireset"] if how == "--add" else []
    p, _ = dracut(tree, out, modules, in_kdump=False, extra_args=extra)
    assert p.returncode == 0, p.stderr
    names = members(out)
    assert HOOK not in names and HELPER not in names
    assert "usr/sbin/pci-reset-audit" not in names
    assert "IN_KDUMP unset, not a kdump initramfs" in p.stderr
    assert "pci-kdump:" not in p.stderr     # no build-time checks either


def test_build_time_checks(capture_img):
    _, p, _ = capture_img
    assert "pci-kdump: capture command line has reset_devices" in p.stderr
    # the audit ran on this host (read-only); every device it flags is listed
    a = subprocess.run([str(AUDIT), "--only-unsafe"],
                       capture_output=True, text=True)
    assert a.returncode in (0, 1), a.stderr
    if a.returncode == 1:
        assert "without a safe reset" in p.stderr
        for line in a.stdout.splitlines()[1:]:
            assert line.split()[0] in p.stderr
    else:
        assert "every PCI function of this host has a safe reset" \
            in p.stderr


@pytest.mark.parametrize("case", ["no-reset-devices", "debian-default",
                                  "garbage", "directory", "dangling",
                                  "no-audit"])
def test_build_warnings(tree, case):
    """Bad or incomplete input: a clear warning, never a broken build."""
    out = tree / f"{case}.img"
    conf, audit = GOOD_CONF, None
    if case == "no-reset-devices":
        conf = 'KDUMP_COMMANDLINE_APPEND="irqpoll nr_cpus=1"\n'
        want = "lacks reset_devices"
    elif case == "debian-default":
        conf = tree / "kdump-tools"     # Debian's name, variable unset
        conf.write_text("USE_KDUMP=1\n#KDUMP_CMDLINE_APPEND=\"x\"\n")
        want = "kdump-config's default includes reset_devices"
    elif case == "garbage":
        conf = tree / "garbage.conf"
        conf.write_bytes(b"\x7fELF\x00\x01 $(rm -rf /) `reboot`\n"
                         b"KDUMP_COMMANDLINE_APPEND=\"unterminated\n")
        want = "does not look like a kdump shell config"
    elif case == "directory":
        conf = tree / "conf.d"
        want = "cannot read kdump configuration"
    elif case == "dangling":
        conf = tree / "dangling.conf"
        conf.unlink(missing_ok=True)
        conf.symlink_to(tree / "nonexistent")
        want = "cannot read kdump configuration"
    else:
        audit = tree / "nonexistent-audit"
        want = "pci-reset-audit not found"
    p, _ = dracut(tree, out, "dash base kdump-pcireset", conf=conf,
                  audit=audit)
    assert p.returncode == 0, p.stderr
    assert want in p.stderr, p.stderr
    assert HELPER in members(out)


def test_kdump_cycle_saves_report_beside_vmcore(capture_img):
    img, _, build_secs = capture_img
    r = harness.run_vm("dracut-cycle", topology="minimal",
                       capture_initrd=img, first_script="/guest/nic-up.sh",
                       capture_append="rd.shell=0", keep_out_disk=True,
                       timeout=600)
    disk = r.log_dir / "out.img"
    try:
        assert r.marker("kexec-loaded") == "kexec-loaded rc=0", r.serial_log
        assert r.booted_capture, r.serial_log
        assert r.marker("makedumpfile") == "makedumpfile rc=0", r.serial_log
        assert r.marker("out-written"), r.serial_log
        with tarfile.open(disk) as tar:
            files = {m.name.lstrip("./"): m for m in tar.getmembers()
                     if m.isfile()}
            dumps = [n for n in files if n.endswith("/vmcore")]
            assert len(dumps) == 1, sorted(files)
            dump_dir = dumps[0].rpartition("/")[0]
            report_name = dump_dir + "/vmcore-pcireset.txt"
            assert report_name in files, sorted(files)
            vmcore = tar.extractfile(files[dumps[0]]).read(8)
            report = tar.extractfile(files[report_name]).read().decode()
            vmcore_size = files[dumps[0]].size
    finally:
        disk.unlink(missing_ok=True)   # 256M sparse
    assert vmcore == b"KDUMP   "
    lines = report.splitlines()
    assert lines[0] == "# pci-kdump report v1"
    summary = [l for l in lines if l.startswith("summary: ")]
    assert len(summary) == 1
    # the report is the kernel's: same summary as its console line
    assert "pci_kdump: " + summary[0] in "\n".join(r.pci_kdump_lines())
    # the hook's one-line summary is on the console
    console = r.serial_log.read_text(errors="replace")
    assert "(see vmcore-pcireset.txt)" in console
    assert " reset, " in console and " unsafe, " in console
    metrics = (f"initramfs build {build_secs:.1f} s, "
               f"size {img.stat().st_size} bytes, "
               f"kdump cycle {r.seconds:.1f} s ({r.accel}), "
               f"vmcore {vmcore_size} bytes\n")
    (r.log_dir / "metrics.txt").write_text(metrics)
    print(metrics)


# ---- Debian: initramfs-tools hook and init-top script ----------------------



@pytest.mark.parametrize("confdir", ["/var/lib/kdump/initramfs-tools",
                                     "/etc/initramfs-tools"])
def test_initramfs_tools_hook(tmp_path, confdir):
    """The hook acts only for kdump-tools's initrd (its CONFDIR); there it
    installs the helper and the audit tool and prints the checks.
    hook-functions (initramfs-tools, not installed here) is stubbed."""
    env, dest = hook_env(tmp_path, confdir, MODULE, AUDIT)
    hook = str(ITOOLS / "hooks" / "pci-kdump")
    p = subprocess.run(["sh", hook, "prereqs"], env=env, capture_output=True,
                       text=True)
    assert p.returncode == 0 and p.stdout.strip() == ""
    p = subprocess.run(["sh", hook], env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    helper = dest / "usr" / "bin" / "pci-kdump-save-report"
    if confdir.startswith("/var/lib/kdump"):
        assert helper.exists()
        assert "lacks reset_devices (KDUMP_CMDLINE_APPEND" in p.stderr
        assert (dest / "usr" / "sbin" / "pci-reset-audit").exists()
    else:   # a normal initrd: nothing from us
        assert not any(dest.iterdir()) and p.stderr == ""


def test_initramfs_tools_script_in_busybox_capture():
    """Debian's initramfs runs busybox sh: the init-top script and the
    helper work there, in a real capture kernel (harness busybox image)."""
    helper = (MODULE / "pci-kdump-save-report.sh").read_text()
    top = (ITOOLS / "scripts" / "init-top" / "pci-kdump").read_text()
    script = f"""
cat >/bin/pci-kdump-save-report <<'PKEOF'
{helper}
PKEOF
cat >/tmp/init-top <<'PKEOF'
{top}
PKEOF
chmod +x /bin/pci-kdump-save-report /tmp/init-top
umount /sys/kernel/debug   # the helper must mount debugfs itself
/tmp/init-top >/out/init-top.log 2>&1
echo "init-top rc=$?" >>/out/init-top.log
mkdir -p /tmp/dump
pci-kdump-save-report /tmp/dump >>/out/init-top.log 2>&1
cp /tmp/dump/vmcore-pcireset.txt /out/
"""
    r = harness.run_vm("itools-busybox", topology="minimal",
                       capture_script=script, dma=False)
    assert r.booted_capture, r.serial_log
    log = r.files["init-top.log"].read_text()
    assert "init-top rc=0" in log and "(see vmcore-pcireset.txt)" in log
    rep = r.files["vmcore-pcireset.txt"].read_text().splitlines()
    assert rep[0] == "# pci-kdump report v1"
    assert any(l.startswith("summary: ") for l in rep)
