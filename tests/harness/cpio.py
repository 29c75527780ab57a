"""Minimal writer for the kernel's initramfs format (cpio "newc", gzip).

Written in Python so images need neither root (device nodes) nor a staging
directory, and so the output is deterministic (mtime 0) and cacheable.
"""
import gzip
import stat


class CpioWriter:
    def __init__(self):
        self._chunks = []
        self._ino = 1
        self._dirs = set()

    def _entry(self, name, mode, data=b"", rdev=(0, 0), nlink=1):
        fields = [self._ino, mode, 0, 0, nlink, 0, len(data), 0, 0,
                  rdev[0], rdev[1], len(name) + 1, 0]
        self._ino += 1
        hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
        blob = hdr + name.encode() + b"\0"
        blob += b"\0" * (-len(blob) % 4)
        blob += data + b"\0" * (-len(data) % 4)
        self._chunks.append(blob)

    def mkdir(self, path):
        """Create path and its parents (each only once)."""
        path = path.strip("/")
        parts = path.split("/")
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d and d not in self._dirs:
                self._dirs.add(d)
                self._entry(d, stat.S_IFDIR | 0o755, nlink=2)

    def _parent(self, path):
        parent = path.strip("/").rpartition("/")[0]
        if parent:
            self.mkdir(parent)
        return path.strip("/")

    def file(self, path, data, mode=0o644):
        self._entry(self._parent(path), stat.S_IFREG | mode, data)

    def symlink(self, path, target):
        self._entry(self._parent(path), stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, path, major, minor, mode=0o600):
        self._entry(self._parent(path), stat.S_IFCHR | mode, rdev=(major, minor))

    def gzip_bytes(self):
        self._entry("TRAILER!!!", 0)
        return gzip.compress(b"".join(self._chunks), compresslevel=6, mtime=0)
