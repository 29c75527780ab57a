"""Build the first-kernel and capture-kernel initramfs images.

Both are busybox-static trees with tests/guest/ (init.sh becomes /init) and
a /test/ dir holding the per-test config and scripts. The first image also
carries kexec, the kernel and the capture image; the capture image carries
makedumpfile. Images are cached in build/initramfs/ keyed on all inputs.
"""
import hashlib
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

from . import arm64_userspace
from .cpio import CpioWriter
from .paths import BUILD, GUEST_DIR

CACHE = BUILD / "initramfs"
KEEP = 40   # cached images kept (each ~10 MB; a kernel rebuild makes all stale)


def _tool(name):
    path = shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
    if not path:
        raise FileNotFoundError(f"{name} not installed (run make deps)")
    return path


def _libs(binary):
    """Shared libs and the dynamic loader `ldd` lists for binary."""
    out = subprocess.run(["ldd", binary], check=True, capture_output=True,
                         text=True).stdout
    return re.findall(r"(/\S+) \(0x", out)


def _busybox_applets(bb):
    out = subprocess.run([bb, "--list"], check=True, capture_output=True,
                         text=True).stdout
    return out.split()


def _host_elfs(binaries):
    """{guest path: host path} of host binaries (as /bin/NAME) and the
    shared libraries `ldd` lists for them."""
    out = {}
    for binary in binaries:
        out["bin/" + Path(binary).name] = binary
        for lib in _libs(binary):
            out[lib.lstrip("/")] = lib
    return out


def _base(files, test_files, elfs):
    """Members common to both images, as {path: (bytes, mode)}. elfs:
    {guest path: host path} of busybox, the tools and their libraries."""
    for guest, host in elfs.items():
        files[guest] = (Path(host).read_bytes(), 0o755)
    for p in sorted(GUEST_DIR.iterdir()):
        if p.is_file():
            files["guest/" + p.name] = (p.read_bytes(), 0o755)
    files["init"] = files["guest/init.sh"]
    for name, data in test_files.items():
        files["test/" + name] = (data.encode() if isinstance(data, str)
                                 else data, 0o755)


def _write(files, applets):
    w = CpioWriter()
    for d in ("proc", "sys", "dev", "tmp", "out", "root"):
        w.mkdir(d)
    w.chardev("dev/console", 5, 1)
    w.chardev("dev/null", 1, 3, mode=0o666)
    for a in applets:
        if "bin/" + a not in files:
            w.symlink("bin/" + a, "busybox")
    w.mkdir("sbin")
    w.mkdir("usr/bin")
    for path, (data, mode) in sorted(files.items()):
        w.file(path, data, mode)
    return w.gzip_bytes()


def _cached(files, applets):
    """Return the path of the image for files, building it if needed."""
    h = hashlib.sha256()
    for path, (data, mode) in sorted(files.items()):
        h.update(f"{path}\0{mode}\0{len(data)}\0".encode())
        h.update(data)
    h.update(" ".join(applets).encode())
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / (h.hexdigest()[:16] + ".cpio.gz")
    if out.exists():
        out.touch()      # most recently used images survive pruning
    else:
        # Scenario runs build images from several threads at once: each
        # writes its own temporary file, and the same content replaces it
        tmp = out.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(_write(files, applets))
        tmp.replace(out)
        _prune()
    return out


def _mtime(path):
    """Another thread may prune the same image meanwhile."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0


def _prune():
    images = sorted(CACHE.glob("*.cpio.gz"), key=_mtime)
    for old in images[:-KEEP]:
        old.unlink(missing_ok=True)


def _userspace(arch):
    """(first image ELF files, capture image ELF files, busybox applets):
    the host's own binaries for x86, Debian's arm64 packages for arm64."""
    bb = _tool("busybox")
    if arch == "x86":
        static = {"bin/busybox": bb}
        return ({**static, **_host_elfs([_tool("kexec"), _tool("makedumpfile")])},
                {**static, **_host_elfs([_tool("makedumpfile")])},
                _busybox_applets(bb))
    if arch == "arm64":
        elfs = arm64_userspace.ensure()
        # kexec is not needed in the capture image, makedumpfile is
        capture = {g: h for g, h in elfs.items() if g != "sbin/kexec"}
        return elfs, capture, arm64_userspace.busybox_applets(bb)
    raise ValueError(f"unknown arch {arch!r}")


def build_images(kernel, test_files, capture_initrd=None, arch="x86"):
    """Build (or reuse) the first-kernel initramfs for one test.

    test_files: {"config": "...", "first.sh": "...", "capture.sh": "..."}
    placed under /test/ in both images. capture_initrd: a prebuilt capture
    initramfs (e.g. made by dracut) to load instead of the busybox one.
    The kernel is /boot/bzImage on every arch (an arm64 Image there), so
    tests/guest/init.sh is the same for all. Returns the image path.
    """
    first_elfs, capture_elfs, applets = _userspace(arch)
    if capture_initrd is None:
        capture = {}
        _base(capture, test_files, capture_elfs)
        capture_img = _cached(capture, applets)
    else:
        capture_img = Path(capture_initrd)

    first = {}
    _base(first, test_files, first_elfs)
    first["boot/bzImage"] = (Path(kernel).read_bytes(), 0o644)
    first["capture.cpio.gz"] = (capture_img.read_bytes(), 0o644)
    return _cached(first, applets)
