"""Guest userspace for the arm64 bed, from Debian's arm64 packages.

busybox-static, kexec-tools and makedumpfile for arm64 are fetched with
`apt-get download PKG:arm64` (dpkg's arm64 foreign architecture must be
enabled: `make arm64-multiarch`) and unpacked with `dpkg-deb -x` into
build/arm64-root/; nothing is installed on the host. Their shared
libraries are followed through the ELF DT_NEEDED entries: a library that is
not yet in the tree is looked up by soname in the host's own dpkg database
(the x86 kexec-tools and makedumpfile that `make deps` installs link the
same libraries, whose package names are the same on every architecture)
and its arm64 package is fetched in turn, until nothing is missing.

`make arm64-userspace` calls ensure(); run_vm(arch="arm64") does too.
"""
import re
import shutil
import subprocess

from .paths import BUILD

ROOT = BUILD / "arm64-root"
DEBS = BUILD / "arm64-debs"
TOOLS = {"busybox": "bin/busybox", "kexec": "sbin/kexec",
         "makedumpfile": "usr/bin/makedumpfile"}
PACKAGES = ["busybox-static", "kexec-tools", "makedumpfile", "libc6"]
LIB_DIRS = ["lib/aarch64-linux-gnu", "usr/lib/aarch64-linux-gnu", "lib"]
STAMP = ROOT / ".packages"


def _readelf(opt, binary):
    return subprocess.run(["aarch64-linux-gnu-readelf", opt, str(binary)],
                          check=True, capture_output=True, text=True).stdout


def needed(binary):
    """DT_NEEDED sonames of an arm64 ELF file ([] for a static one)."""
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(\S+)\]",
                      _readelf("-d", binary))


def interpreter(binary):
    """PT_INTERP of an arm64 ELF executable, relative, or None."""
    m = re.search(r"program interpreter: /(\S+)\]", _readelf("-l", binary))
    return m and m.group(1)


def find_lib(root, soname):
    """Path of soname below root (relative, as the guest sees it), or None."""
    for d in LIB_DIRS:
        if (root / d / soname).exists():
            return f"{d}/{soname}"
    return None


def closure(root, binaries):
    """{guest path: host path} of binaries and every library they load,
    and the sonames that are not in root."""
    files, missing, todo = {}, set(), list(binaries)
    todo += [i for i in map(interpreter, (root / b for b in binaries)) if i]
    while todo:
        rel = todo.pop()
        if rel in files:
            continue
        files[rel] = root / rel
        for soname in needed(root / rel):
            lib = find_lib(root, soname)
            if lib is None:
                missing.add(soname)
            else:
                todo.append(lib)
    return files, missing


def host_package(soname):
    """Package that ships soname on the host (same name on arm64)."""
    r = subprocess.run(["dpkg", "-S", f"*/{soname}"], capture_output=True,
                       text=True)
    names = {line.split(":")[0] for line in r.stdout.splitlines()
             if line.rstrip().endswith("/" + soname)}
    if len(names) != 1:
        raise RuntimeError(f"cannot tell which package ships {soname} "
                           f"(host dpkg -S: {sorted(names) or 'none'})")
    return names.pop()


def _fetch(packages):
    DEBS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "download", *[p + ":arm64" for p in packages]],
                   cwd=DEBS, check=True, capture_output=True)
    for p in packages:
        debs = sorted(DEBS.glob(f"{p}_*_arm64.deb"))
        if not debs:
            raise RuntimeError(f"apt-get download {p}:arm64 left no .deb")
        subprocess.run(["dpkg-deb", "-x", str(debs[-1]), str(ROOT)], check=True)


def ensure():
    """Build (once) build/arm64-root and return {guest path: host path} of
    the three tools and their libraries."""
    if STAMP.exists():
        files, missing = closure(ROOT, TOOLS.values())
        if not missing:
            return files
    shutil.rmtree(ROOT, ignore_errors=True)
    ROOT.mkdir(parents=True)
    packages = list(PACKAGES)
    _fetch(packages)
    while True:
        files, missing = closure(ROOT, TOOLS.values())
        if not missing:
            break
        more = sorted({host_package(s) for s in missing} - set(packages))
        if not more:
            raise RuntimeError(f"arm64 libraries not found: {sorted(missing)}")
        packages += more
        _fetch(more)
    STAMP.write_text("\n".join(packages) + "\n")
    return files


def _version(args):
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    return re.sub(r"\+b\d+$", "", out.stdout.strip())   # binNMU suffix


def busybox_applets(host_busybox):
    """Applets of the arm64 busybox. It cannot run here, so the list comes
    from the host's busybox-static, checked to be the same source version
    (Debian builds both from one source package with one config)."""
    debs = sorted(DEBS.glob("busybox-static_*_arm64.deb"))
    ours = _version(["dpkg-deb", "-f", str(debs[-1]), "Version"])
    host = _version(["dpkg-query", "-W", "-f", "${Version}", "busybox-static"])
    if ours != host:
        raise RuntimeError(f"busybox-static arm64 {ours} != host {host}: "
                           "the host's applet list may not match")
    out = subprocess.run([host_busybox, "--list"], check=True,
                         capture_output=True, text=True).stdout
    return out.split()

