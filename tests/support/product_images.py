"""Images and products for the product photo tests: real files made with Pillow, and fakes."""

import io
import struct
import zlib

from PIL import Image, ImageDraw

from app.extensions import db
from app.models import Product
from tests.support import factories

SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<circle cx="50" cy="50" r="40" fill="red"/></svg>'
)
TEXT = "Đây không phải là ảnh.\n".encode() * 20


def make_product(cooperative, name="Lạc đỏ Lâm Bình", slug=None) -> Product:
    """A product with one variant, written directly (the product CRUD is not needed)."""
    slug = slug or f"p-{db.session.query(Product).count() + 1}"
    product = factories.ProductFactory(
        cooperative=cooperative, slug=slug, name=name, category="nuts", unit="gói"
    )
    factories.ProductVariantFactory(
        product=product, sku=f"SKU-{slug}", name="Gói 500 g", price_vnd=85000
    )
    db.session.refresh(product)
    return product


def photo(size=(1200, 900), fmt="JPEG", seed=0, mode="RGB") -> bytes:
    """A photo-like picture: a gradient with shapes, so encoders have something to do."""
    width, height = size
    img = Image.linear_gradient("L").resize(size).convert(mode)
    draw = ImageDraw.Draw(img)
    step = max(4, min(size) // 6)
    for i in range(0, width, step):
        shade = (i * 7 + seed * 40) % 255
        draw.ellipse(
            (i, height // 4, i + step, height // 4 + step), fill=(shade, 90, 200 - shade // 2)
        )
    out = io.BytesIO()
    img.save(out, fmt, **({"quality": 92} if fmt == "JPEG" else {}))
    return out.getvalue()


def transparent_png(size=(600, 300)) -> bytes:
    """A wide red bar on a see-through background (a product cut out of its photo)."""
    img = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(img).rectangle((20, 20, size[0] - 20, size[1] - 20), fill=(200, 30, 30, 255))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def blank_png(width: int, height: int) -> bytes:
    """A real, valid 1-bit PNG of any size, all black: huge in pixels, tiny in bytes."""
    squeeze = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    body = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", body)
        + _chunk(b"IEND", b"")
    )
