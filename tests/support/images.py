"""Images made in the tests: camera-like JPEGs with EXIF (orientation, GPS), noise, fakes."""

import io
import os

from PIL import Image

RED, BLUE = (220, 20, 20), (20, 20, 220)
CAMERA_MAKE = "SECRETCAM-LENSAN"


def two_colour(size=(200, 100)) -> Image.Image:
    """Left half red, right half blue: shows which way an image was turned."""
    img = Image.new("RGB", size, BLUE)
    img.paste(RED, (0, 0, size[0] // 2, size[1]))
    return img


def jpeg_with_exif(orientation: int = 6, size=(200, 100)) -> bytes:
    """A phone-style JPEG: turned by the Orientation tag, with a GPS position and a camera."""
    img = two_colour(size)
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = CAMERA_MAKE  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (21.0, 48.0, 36.0)  # Tuyên Quang
    gps[3] = "E"
    gps[4] = (105.0, 12.0, 50.0)
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def png_bytes(size=(300, 150), colour=(29, 107, 58), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, "PNG")
    return out.getvalue()


def noise_png(min_bytes: int) -> bytes:
    """A real PNG of random pixels, larger than ``min_bytes`` (noise does not compress)."""
    side = int((min_bytes / 3) ** 0.5) + 64
    img = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    img.save(out, "PNG", compress_level=1)
    assert out.tell() > min_bytes
    return out.getvalue()


# The first bytes of a Windows program, padded: what a renamed .exe looks like.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 4000


def pdf_bytes(pages: int) -> bytes:
    """A real PDF of ``pages`` blank A4 pages, written by PDFium."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()
