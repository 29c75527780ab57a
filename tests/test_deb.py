"""Debian packages of the userspace parts (debian/, `make deb`): each .deb
holds its files at the paths that initramfs-tools, dracut, kdump-tools and
the hook itself look in, with the modes they need; the control fields are
right; dpkg-deb reads every package; lintian has no error or warning.

Cost: no kernel, no VM. `make deb` (dpkg-buildpackage on a copy of the
tree, then lintian: about 12 s on 2 cores) rebuilds only when the content
of a file the packages are built from changed since the last build, else
it reuses build/deb/ at once; the checks here take about 5 s more (most of it lintian).
Needs dpkg-dev, debhelper, lintian, libpci-dev, pkgconf and rsync
(`make deps`): a missing one fails the test, saying which.
"""
import gzip
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from harness.hook import hook_env
from harness.paths import REPO

OUT = REPO / "build" / "deb"
AUDIT_DIR = REPO / "tools" / "pci-reset-audit"
MODULE = REPO / "dracut" / "95kdump-pcireset"
ITOOLS = REPO / "initramfs-tools"
MODDIR = "usr/lib/dracut/modules.d/95kdump-pcireset"
LIBDIR = "usr/lib/pci-kdump"
DROPIN = "lib/systemd/system/kdump-tools-dump.service.d/pci-kdump.conf"
# the same drop-in for the unit that dumps when the capture command line
# names no systemd.unit= (a link to DROPIN)
DROPIN_DEFAULT_TARGET = "lib/systemd/system/kdump-tools.service.d/pci-kdump.conf"
PACKAGES = {"pci-reset-audit", "pci-reset-audit-dbgsym",
            "pci-kdump-initramfs", "pci-kdump-dracut"}
TOOLS = {"dpkg-buildpackage": "dpkg-dev", "dpkg-deb": "dpkg",
         "dpkg-parsechangelog": "dpkg-dev", "dh": "debhelper",
         "lintian": "lintian", "rsync": "rsync", "pkg-config": "pkgconf"}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def field(deb, name):
    p = run(["dpkg-deb", "-f", str(deb), name])
    assert p.returncode == 0, f"dpkg-deb -f {deb.name} {name}: {p.stderr}"
    return p.stdout.strip()


def relations(value):
    """"a (>= 1), b | c" -> {"a", "b", "c"}"""
    return {re.split(r"[\s(:]", alt.strip())[0]
            for rel in value.split(",") if rel.strip()
            for alt in rel.split("|")}


def contents(deb):
    """{path: (mode string, link target or None)} from dpkg-deb -c, paths
    without the leading "./", directories left out."""
    p = run(["dpkg-deb", "-c", str(deb)])
    assert p.returncode == 0, f"dpkg-deb -c {deb.name}: {p.stderr}"
    out = {}
    for line in p.stdout.splitlines():
        mode, _owner, _size, _date, _time, name = line.split(None, 5)
        if mode.startswith("d"):
            continue
        name, _, target = name.partition(" -> ")
        out[name[2:] if name.startswith("./") else name] = (mode, target or None)
    return out


@pytest.fixture(scope="module")
def debs():
    """{package name: .deb path}, after `make deb` (a no-op when the
    packages are up to date)."""
    missing = [f"{t} (package {pkg})" for t, pkg in TOOLS.items()
               if not shutil.which(t)]
    assert not missing, ("cannot build the Debian packages, missing: "
                         + ", ".join(missing) + ": run make deps")
    p = run(["make", "-C", str(REPO), "deb"])
    assert p.returncode == 0, ("make deb failed:\n" + p.stdout[-3000:]
                               + p.stderr[-3000:])
    found = {}
    for deb in sorted(OUT.glob("*.deb")):
        found[field(deb, "Package")] = deb
    assert set(found) == PACKAGES, f"packages in {OUT}: {sorted(found)}"
    return found


@pytest.fixture(scope="module")
def unpacked(debs, tmp_path_factory):
    """{package name: directory with its files (dpkg-deb -x)}"""
    base = tmp_path_factory.mktemp("debs")
    out = {}
    for name, deb in debs.items():
        d = base / name
        subprocess.run(["dpkg-deb", "-x", str(deb), str(d)], check=True)
        out[name] = d
    return out


def doc_files(pkg):
    return {f"usr/share/doc/{pkg}/copyright",
            f"usr/share/doc/{pkg}/changelog.gz"}


def executable(mode):
    return mode[3] == "x" and mode[6] == "x" and mode[9] == "x"


def test_dpkg_deb_info(debs):
    """dpkg-deb -I (and -c) read every package, and each names its source
    and the version of debian/changelog (output older than the changelog
    fails here)."""
    version = run(["dpkg-parsechangelog", "-l", str(REPO / "debian" / "changelog"),
                   "-S", "Version"]).stdout.strip()
    assert version, "dpkg-parsechangelog found no version in debian/changelog"
    for name, deb in debs.items():
        p = run(["dpkg-deb", "-I", str(deb)])
        assert p.returncode == 0, f"dpkg-deb -I {deb.name}: {p.stderr}"
        # -I reads only the control part: read the data part through too
        c = run(["dpkg-deb", "-c", str(deb)])
        assert c.returncode == 0, f"dpkg-deb -c {deb.name}: {c.stderr}"
        assert field(deb, "Source") == "pci-kdump", deb.name
        assert field(deb, "Version") == version, \
            f"{deb.name}: Version {field(deb, 'Version')}, debian/changelog has {version}"
        assert "${" not in p.stdout, f"unsubstituted variable in {deb.name}:\n{p.stdout}"


def test_control_fields(debs):
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    audit = debs["pci-reset-audit"]
    assert field(audit, "Architecture") == arch
    # shlibs: the libraries the tool links, as Debian package names
    assert {"libc6", "libpci3"} <= relations(field(audit, "Depends"))

    itools = debs["pci-kdump-initramfs"]
    assert field(itools, "Architecture") == "all"
    assert "initramfs-tools" in relations(field(itools, "Depends"))
    assert relations(field(itools, "Enhances")) == {"kdump-tools"}
    assert "pci-reset-audit" in relations(field(itools, "Recommends"))

    dracut = debs["pci-kdump-dracut"]
    assert field(dracut, "Architecture") == "all"
    assert "dracut-core" in relations(field(dracut, "Depends"))
    assert "pci-reset-audit" in relations(field(dracut, "Recommends"))
    # neither the shell parts nor the module need anything of the other
    # integration
    assert "dracut-core" not in relations(field(itools, "Depends"))
    assert "initramfs-tools" not in relations(field(dracut, "Depends"))


def test_pci_reset_audit_package(debs, unpacked):
    files = contents(debs["pci-reset-audit"])
    want = {"usr/sbin/pci-reset-audit",
            "usr/share/man/man8/pci-reset-audit.8.gz"} | doc_files("pci-reset-audit")
    assert set(files) == want
    mode = files["usr/sbin/pci-reset-audit"][0]
    assert executable(mode), f"usr/sbin/pci-reset-audit: {mode}"
    d = unpacked["pci-reset-audit"]
    man = gzip.decompress((d / "usr/share/man/man8/pci-reset-audit.8.gz").read_bytes())
    assert man == (AUDIT_DIR / "pci-reset-audit.8").read_bytes()
    # the packaged (hardened) build gives the contract's answer on a fixture
    # with unsafe functions: exit 1, the GT218 with no method
    p = run([str(d / "usr/sbin/pci-reset-audit"), "-F",
             str(AUDIT_DIR / "tests/fixtures/lspci/tree-asus-p6t6"), "--json"])
    assert p.returncode == 1, p.stderr
    got = {o["slot"]: o for o in json.loads(p.stdout)}
    want = json.loads((AUDIT_DIR / "tests/expected/tree-asus-p6t6.json").read_text())
    assert {s: {k: o[k] for k in ("methods", "method", "safe")}
            for s, o in got.items()} == want


def test_initramfs_package(debs, unpacked):
    files = contents(debs["pci-kdump-initramfs"])
    want = {
        "usr/share/initramfs-tools/hooks/pci-kdump",
        "usr/share/initramfs-tools/scripts/init-top/pci-kdump",
        f"{LIBDIR}/pci-kdump-buildcheck.sh",
        f"{LIBDIR}/pci-kdump-save-report.sh",
        "usr/sbin/pci-kdump-save-report",
        "usr/share/man/man8/pci-kdump-save-report.8.gz",
        DROPIN, DROPIN_DEFAULT_TARGET,
        "usr/share/doc/pci-kdump-initramfs/README.md",
        "usr/share/lintian/overrides/pci-kdump-initramfs",
    } | doc_files("pci-kdump-initramfs")
    assert set(files) == want
    # initramfs-tools runs only executable hooks and scripts
    for f in ("usr/share/initramfs-tools/hooks/pci-kdump",
              "usr/share/initramfs-tools/scripts/init-top/pci-kdump",
              f"{LIBDIR}/pci-kdump-save-report.sh"):
        assert executable(files[f][0]), f"{f}: {files[f][0]}"
    # the drop-in runs pci-kdump-save-report from systemd's PATH: a link
    # to the packaged script
    mode, target = files["usr/sbin/pci-kdump-save-report"]
    assert mode.startswith("l") and target
    assert os.path.normpath(os.path.join("usr/sbin", target)) == \
        f"{LIBDIR}/pci-kdump-save-report.sh"
    # both kdump-tools units that dump get the one drop-in
    mode, target = files[DROPIN_DEFAULT_TARGET]
    assert mode.startswith("l") and target
    assert os.path.normpath(os.path.join(os.path.dirname(
        DROPIN_DEFAULT_TARGET), target)) == DROPIN
    # every file of initramfs-tools/ is packaged unchanged
    d = unpacked["pci-kdump-initramfs"]
    repo_files = {p.relative_to(ITOOLS).as_posix(): p
                  for p in ITOOLS.rglob("*") if p.is_file()}
    where = {"hooks/pci-kdump": "usr/share/initramfs-tools/hooks/pci-kdump",
             "scripts/init-top/pci-kdump": "usr/share/initramfs-tools/scripts/init-top/pci-kdump",
             "kdump-tools/pci-kdump.conf": DROPIN}
    assert set(repo_files) == set(where), \
        f"initramfs-tools/ has files debian/ does not place: {sorted(set(repo_files) - set(where))}"
    for rel, dest in where.items():
        assert (d / dest).read_bytes() == repo_files[rel].read_bytes(), rel
    # the hook's default libdir is where the package put the shared scripts
    hook = (d / "usr/share/initramfs-tools/hooks/pci-kdump").read_text()
    m = re.search(r"\$\{PCI_KDUMP_LIBDIR:-(/[^}]+)\}", hook)
    assert m, "hook has no default PCI_KDUMP_LIBDIR"
    assert m.group(1).lstrip("/") == LIBDIR




def test_initramfs_hook_from_package(unpacked, tmp_path):
    """The packaged hook, run as kdump-tools's mkinitramfs would, finds the
    packaged shared scripts and pci-reset-audit and puts them in the image
    (initramfs-tools' hook-functions stubbed)."""
    d = unpacked["pci-kdump-initramfs"]
    audit = unpacked["pci-reset-audit"] / "usr/sbin/pci-reset-audit"
    env, dest = hook_env(tmp_path, "/var/lib/kdump/initramfs-tools",
                         d / LIBDIR, audit)
    p = run(["sh", str(d / "usr/share/initramfs-tools/hooks/pci-kdump")], env=env)
    assert p.returncode == 0, p.stderr
    assert "lacks reset_devices (KDUMP_CMDLINE_APPEND" in p.stderr, p.stderr
    assert "not found" not in p.stderr, p.stderr
    helper = dest / "usr/bin/pci-kdump-save-report"
    assert helper.exists(), f"the hook did not put {helper.name} in the image:\n{p.stderr}"
    assert helper.read_bytes() == (d / LIBDIR / "pci-kdump-save-report.sh").read_bytes()
    copied = dest / "usr/sbin/pci-reset-audit"
    assert copied.exists(), f"the hook did not put pci-reset-audit in the image:\n{p.stderr}"
    assert copied.read_bytes() == audit.read_bytes()


def test_dracut_package(debs, unpacked):
    files = contents(debs["pci-kdump-dracut"])
    module = sorted(p.name for p in MODULE.iterdir()
                    if p.is_file() and p.name != "README.md")
    want = {f"{MODDIR}/{n}" for n in module} | \
        {"usr/share/doc/pci-kdump-dracut/README.md"} | doc_files("pci-kdump-dracut")
    assert set(files) == want
    d = unpacked["pci-kdump-dracut"]
    for n in module:
        assert executable(files[f"{MODDIR}/{n}"][0]), f"{n}: {files[f'{MODDIR}/{n}'][0]}"
        assert (d / MODDIR / n).read_bytes() == (MODULE / n).read_bytes(), n
    # every file module-setup.sh takes from its directory is there
    setup = (d / MODDIR / "module-setup.sh").read_text()
    used = set(re.findall(r'\$moddir/([\w.-]+)', setup))
    assert used, "module-setup.sh uses no $moddir file"
    assert used <= set(module), f"module-setup.sh needs {sorted(used - set(module))}"


def test_lintian_clean(debs):
    changes = sorted(OUT.glob("*.changes"))
    assert len(changes) == 1, f".changes files in {OUT}: {changes}"
    p = run(["lintian", "--info", "--display-info", "--show-overrides", "--fail-on", "error,warning",
             str(changes[0])])
    tags = [l for l in p.stdout.splitlines() if re.match(r"[EW]: ", l)]
    assert p.returncode == 0 and not tags, \
        f"lintian exit {p.returncode}:\n{p.stdout}{p.stderr}"
    # lintian did look at the packages: the one override (explained in
    # debian/pci-kdump-initramfs.lintian-overrides) matched
    assert "O: pci-kdump-initramfs: package-supports-alternative-init-but-no-init.d-script" \
        in p.stdout, p.stdout
