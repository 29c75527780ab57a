"""Read the pages of a makedumpfile dump in kdump-compressed format (what
the capture kernel writes with `makedumpfile -c`, tests/guest/init.sh).

Layout (makedumpfile's diskdump_mod.h): block 0 holds the disk_dump_header,
then sub_hdr_size blocks of kdump_sub_header, then bitmap_blocks blocks of
two bitmaps (the second marks the pages written), then one 24-byte
page_desc {offset, size, flags, page_flags} per written page in pfn order,
then the page data, zlib-compressed where flags say so.
"""
import struct
import zlib

SIGNATURE = b"KDUMP   "
# offsets in disk_dump_header (x86-64): 8-byte signature, int version,
# new_utsname (6 x 65 bytes), padding, struct timeval, then ints
_HDR = struct.Struct("<iiIII")     # block_size sub_hdr_size bitmap_blocks max_mapnr ...
_HDR_AT = 428
_DESC = struct.Struct("<QIIQ")
ZLIB = 0x1


class DumpFormatError(Exception):
    pass


def pages(path):
    """Yield (pfn, page bytes) of every page the dump holds."""
    with open(path, "rb") as f:
        head = f.read(4096)
        if head[:8] != SIGNATURE:
            raise DumpFormatError(f"{path}: not a kdump-compressed dump")
        block, sub_blocks, bitmap_blocks, max_mapnr, _ = \
            _HDR.unpack_from(head, _HDR_AT)
        f.seek((1 + sub_blocks) * block)
        bitmaps = f.read(bitmap_blocks * block)
        dumped = bitmaps[len(bitmaps) // 2:]
        pfns = [pfn for pfn in range(min(max_mapnr, len(dumped) * 8))
                if dumped[pfn >> 3] >> (pfn & 7) & 1]
        descs = f.read(len(pfns) * _DESC.size)
        for i, pfn in enumerate(pfns):
            offset, size, flags, _ = _DESC.unpack_from(descs, i * _DESC.size)
            f.seek(offset)
            data = f.read(size)
            if flags & ZLIB:
                data = zlib.decompress(data)
            elif flags:
                raise DumpFormatError(f"{path}: page flags {flags:#x} "
                                      "(only zlib, makedumpfile -c, is read)")
            yield pfn, data
