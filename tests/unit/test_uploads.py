"""The shared upload check: header bounds before decoding, PDFs opened by PDFium, and, for any
bytes at all, no exception but ``UploadError``."""

import contextlib
import io
import struct
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from app import images
from app.product_images import renditions
from app.uploads import Limits, UploadError, check_size, sniff
from tests.support.hostile_images import build, jpeg, png, png_header_only
from tests.support.images import pdf_bytes
from tests.support.product_images import photo

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _code(data: bytes, **kwargs) -> str:
    with pytest.raises(UploadError) as caught:
        sniff(data, **kwargs)
    return caught.value.code


@pytest.mark.parametrize(
    "name, code",
    [
        ("wide-40000000x1.png", "too_long_side"),
        ("tall-1x40000000.png", "too_long_side"),
        ("sliver-30000x16.jpg", "too_long_side"),
        ("thin-11000x100.jpg", "bad_shape"),
        ("bomb-30000x30000.png", "too_many_pixels"),
        ("bomb-7000x7000.png", "too_many_pixels"),
    ],
)
def test_hostile_images_are_refused_from_their_header(name, code):
    assert _code(build(name)) == code


def test_a_header_claiming_a_huge_image_is_refused_without_its_pixels():
    assert _code(png_header_only(65_000, 65_000)) == "too_many_pixels"
    assert _code(png_header_only(13_000, 1_000)) == "too_long_side"


def test_the_limits_are_named_in_the_error():
    with pytest.raises(UploadError) as caught:
        check_size(5_000, 100, Limits(max_aspect=20))
    assert caught.value.code == "bad_shape" and caught.value.params == {"ratio": 20}
    check_size(12_000, 600, Limits())  # exactly on the limits: taken
    with pytest.raises(UploadError):
        check_size(12_001, 3_000, Limits())


def test_normalise_checks_the_header_itself():
    with pytest.raises(UploadError):
        images.normalise(png(40_000_000, 1))


def test_a_large_jpeg_is_decoded_at_the_size_needed():
    img = images.normalise(jpeg(8_000, 5_000), max_side=1_000)  # DCT-scaled 1/8 as decoded
    assert img.size == (1_000, 625)


def test_a_large_palette_png_is_reduced_smoothly():
    src = Image.new("P", (6_000, 3_000))
    out = io.BytesIO()
    src.save(out, "PNG")
    img = images.normalise(out.getvalue(), max_side=600)
    assert img.size == (600, 300) and img.mode == "RGB"


def test_an_ordinary_photo_still_passes():
    assert sniff(photo((1200, 900))) == ("image/jpeg", "jpg")


# --- PDFs -------------------------------------------------------------------------------------


def test_a_real_pdf_is_opened_and_counted():
    assert sniff(pdf_bytes(2), allow_pdf=True) == ("application/pdf", "pdf")


@pytest.mark.parametrize(
    "data, code",
    [
        (b"%PDF-1.7\n" + b"garbage " * 500 + b"\n%%EOF\n", "pdf_damaged"),
        (
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
            "pdf_damaged",
        ),  # fmt: skip
        (pdf_bytes(1)[:200], "pdf_damaged"),
        (pdf_bytes(21), "pdf_pages"),
    ],
)
def test_pdfs_that_only_look_like_pdfs_are_refused(data, code):
    assert _code(data, allow_pdf=True) == code
    assert _code(data) == "type"  # where PDFs are not taken at all


# --- fuzzing: any bytes, nothing but UploadError ----------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@st.composite
def small_headers(draw) -> bytes:
    """A PNG, JPEG or WebP header with random sizes and modes, then random (or empty) data."""
    width = draw(st.integers(0, 2**31 - 1) | st.integers(0, 64))
    height = draw(st.integers(0, 2**31 - 1) | st.integers(0, 64))
    tail = draw(st.binary(max_size=256))
    kind = draw(st.sampled_from(["png", "jpeg", "webp"]))
    if kind == "png":
        depth = draw(st.sampled_from([1, 2, 4, 8, 16, 3, 0]))
        colour = draw(st.sampled_from([0, 2, 3, 4, 6, 1, 7]))
        interlace = draw(st.sampled_from([0, 1, 2]))
        header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace)
        body = draw(st.sampled_from([tail, zlib.compress(tail)]))
        return (
            b"\x89PNG\r\n\x1a\n"
            + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", body)
            + _png_chunk(b"IEND", b"")
        )
    if kind == "jpeg":
        w, h = width & 0xFFFF, height & 0xFFFF
        comps = draw(st.sampled_from([1, 3, 4, 0]))
        sof = struct.pack(">BHHB", 8, h, w, comps) + b"".join(
            bytes([i + 1, 0x11, 0]) for i in range(comps)
        )
        return b"\xff\xd8" + b"\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof + tail
    w, h = (width & 0xFFFFFF) or 1, (height & 0xFFFFFF) or 1
    vp8x = b"\x00\x00\x00\x00" + (w - 1).to_bytes(3, "little") + (h - 1).to_bytes(3, "little")
    body = b"WEBP" + b"VP8X" + struct.pack("<I", len(vp8x)) + vp8x + tail
    return b"RIFF" + struct.pack("<I", len(body)) + body


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_raise_only_upload_errors(data):
    for allow_pdf in (False, True):
        with contextlib.suppress(UploadError):
            sniff(data, allow_pdf=allow_pdf)


@FUZZ
@given(st.binary(max_size=2048))
def test_random_pdf_bodies_raise_only_upload_errors(tail):
    with contextlib.suppress(UploadError):
        sniff(b"%PDF-1.4\n" + tail + b"\n%%EOF\n", allow_pdf=True)


@FUZZ
@given(small_headers())
def test_random_image_headers_raise_only_upload_errors(data):
    with contextlib.suppress(UploadError):
        sniff(data)
    with contextlib.suppress(renditions.PhotoProblem):
        renditions.inspect(data)
