"""Small generated cover images: a deterministic PNG for any image path, stdlib only."""

from __future__ import annotations

import hashlib
import re
import struct
import zlib

_SIZE = re.compile(r"(?:h:|/)(\d{2,4})(?:/|x)")
DEFAULT_SIZE = 150
MAX_SIZE = 600


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _size_of(path: str) -> int:
    match = _SIZE.search(path)
    size = int(match.group(1)) if match else DEFAULT_SIZE
    return max(16, min(size, MAX_SIZE))


def cover_png(path: str) -> bytes:
    """A square PNG whose colours and pattern follow from ``path`` (so one URL, one image).

    Two colours from the path's digest, drawn as a record: a ring and a label on a sleeve.
    """
    digest = hashlib.sha256(path.encode()).digest()
    size = _size_of(path)
    sleeve = bytes(digest[0:3])
    label = bytes(digest[3:6])
    vinyl = bytes((20, 20, 24))
    centre = (size - 1) / 2
    outer, inner = (size * 0.46) ** 2, (size * 0.17) ** 2
    rows = []
    for y in range(size):
        row = bytearray(b"\x00")  # filter type 0 for each scanline
        dy = (y - centre) ** 2
        for x in range(size):
            distance = (x - centre) ** 2 + dy
            row += label if distance < inner else vinyl if distance < outer else sleeve
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + _chunk(b"IEND", b"")
    )
