"""Hostile images built by hand for the tests and the bench: tiny on disk, huge or absurd
in shape once decoded.

A PNG is written with zlib directly (one filter byte per row, 1-bit pixels, a highly
compressible IDAT), so a 40,000,000 × 1 image is a few kilobytes and costs nothing to build.
"""

import functools
import io
import struct
import zlib

from PIL import Image

_ROWS_PER_CHUNK = 1 << 20


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int) -> bytes:
    """A valid all-black 1-bit PNG of ``width`` × ``height``: huge in pixels, tiny in bytes."""
    squeeze = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    parts = []
    left = height
    while left:
        rows = min(left, max(1, _ROWS_PER_CHUNK // len(row)))
        parts.append(squeeze.compress(row * rows))
        left -= rows
    parts.append(squeeze.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )


def png_header_only(width: int, height: int, bit_depth: int = 8, colour: int = 2) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` and whose pixels are missing."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IEND", b"")


def jpeg(width: int, height: int, quality: int = 75) -> bytes:
    """A real grey JPEG of any shape (a sliver compresses to almost nothing)."""
    out = io.BytesIO()
    Image.new("L", (width, height), 128).save(out, "JPEG", quality=quality)
    return out.getvalue()


def phone_photo(width: int = 4000, height: int = 3000, seed: int = 7) -> bytes:
    """A 12-megapixel phone-like JPEG (q 92) with detail, about 3–5 MB: the normal file."""
    small = Image.effect_noise((width // 8, height // 8), 60 + seed).convert("RGB")
    img = small.resize((width, height), Image.Resampling.BICUBIC)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92)
    return out.getvalue()


# The hostile set: (name, bytes) built on demand, for the tests and bench/hostile_inputs.py.
HOSTILE = {
    "wide-40000000x1.png": lambda: png(40_000_000, 1),
    "tall-1x40000000.png": lambda: png(1, 40_000_000),
    "sliver-30000x16.jpg": lambda: jpeg(30_000, 16),
    "thin-11000x100.jpg": lambda: jpeg(11_000, 100),
    "bomb-30000x30000.png": lambda: png(30_000, 30_000),
    "bomb-7000x7000.png": lambda: png(7_000, 7_000),
}


@functools.cache
def build(name: str) -> bytes:
    """The hostile file ``name`` of :data:`HOSTILE`, built once per test run."""
    return HOSTILE[name]()
