"""Image work for uploads: upright, clean pixels in, small square renditions out.

Pure functions on bytes and Pillow images (the limits come from :mod:`app.uploads`): logos,
product photos and trace-event photos use them. Nothing an uploader's camera wrote survives:
EXIF (GPS position, camera, time), XMP and comments are dropped because every output is
encoded from bare pixels, and the colour profile is applied (to sRGB) rather than carried
along. Call ``uploads.sniff`` first: these functions trust that the bytes are a JPEG, PNG or
WebP that decodes (``normalise`` checks size and shape again from the header, before decoding).
"""

import io
import math

from PIL import Image, ImageCms, ImageOps

from . import uploads

WHITE = (255, 255, 255)
# The largest side any caller needs (product photos keep 4000 px): nothing is decoded larger.
DECODE_MAX_SIDE = 4000
# A JPEG may be decoded a little smaller than asked (at most a quarter) when that lets its DCT
# scaling halve it: a 7,700 px photo is decoded at 3,850 px, a quarter of the memory.
DRAFT_SLACK = 0.75
ORIENTATION = 0x0112
_TRANSPOSE = {  # EXIF orientation → the turn that makes the photo upright (as ImageOps does)
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
WEBP_QUALITIES = (85, 75, 65, 50, 35)
SMALLEST_SIDE = 32  # encode_webp gives up below this rather than return a smudge


def _to_srgb(img: Image.Image, icc: bytes | None) -> Image.Image:
    """Apply an embedded ICC profile (Adobe RGB, CMYK…) so colours survive its removal."""
    if not icc:
        return img
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if "A" in img.getbands() else "RGB"
        if img.mode not in ("RGB", "RGBA", "CMYK", "L"):
            img = img.convert(mode)
        converted = ImageCms.profileToProfile(
            img, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
        return converted if converted is not None else img  # None only when done in place
    except (ImageCms.PyCMSError, OSError, ValueError):
        return img  # a broken profile: keep the pixels as they are


def normalise(data: bytes, max_side: int = DECODE_MAX_SIDE) -> Image.Image:
    """Decode an upload into an upright RGB or RGBA image that carries no metadata.

    The camera's orientation tag is applied (a phone photo taken sideways comes out
    upright), the colour profile is converted to sRGB, and the pixels are copied into a
    fresh image so no EXIF, XMP, ICC or comment can leak into what is saved.

    Never larger than ``max_side`` on its longest side, and decoded no larger than needed: a
    JPEG is decoded by its DCT scaling (``draft``) at the smallest of 1/2, 1/4, 1/8 that keeps
    three quarters of ``max_side``, other images are shrunk with ``reduce`` steps first. The
    header is checked against :mod:`app.uploads`' limits again, so even a caller that skipped
    ``sniff`` cannot make this decode a 40,000,000 × 1 sliver (``UploadError``, a ValueError).
    """
    with uploads.open_image(data) as opened:
        orientation = opened.getexif().get(ORIENTATION)
        icc = opened.info.get("icc_profile")
        if opened.format in ("JPEG", "MPO"):
            opened.draft(None, _contained(opened.size, max_side * DRAFT_SLACK, ceil=True))
        opened.load()
        img = _within(_workable(opened), max_side)
        if img is opened:
            img = opened.copy()
    turn = _TRANSPOSE.get(orientation) if isinstance(orientation, int) else None
    if turn is not None:
        img = img.transpose(turn)
    img = _to_srgb(img, icc)
    has_alpha = "A" in img.getbands() or "transparency" in img.info
    mode = "RGBA" if has_alpha else "RGB"
    if img.mode != mode:
        img = img.convert(mode)
    clean = Image.new(mode, img.size)
    clean.paste(img)
    return clean


def _contained(size: tuple[int, int], side: float, ceil: bool = False) -> tuple[int, int]:
    """``size`` scaled so its longest side is ``side``; never 0 px."""
    scale = side / max(size)
    fit = math.ceil if ceil else round
    return max(1, fit(size[0] * scale)), max(1, fit(size[1] * scale))


def _workable(img: Image.Image) -> Image.Image:
    """Palette, 1-bit and 16-bit images as RGB(A), so they can be scaled smoothly.

    RGB, RGBA, L and CMYK stay as they are (CMYK until its colour profile is applied).
    """
    if img.mode in ("RGB", "RGBA", "L", "CMYK"):
        return img
    has_alpha = "A" in img.getbands() or "transparency" in img.info
    return img.convert("RGBA" if has_alpha else "RGB")


def _within(img: Image.Image, side: int) -> Image.Image:
    """Scale down to ``side`` on the longest side, by ``reduce`` steps then Lanczos."""
    if max(img.size) <= side:
        return img
    return img.resize(_contained(img.size, side), Image.Resampling.LANCZOS, reducing_gap=3.0)


def flatten(img: Image.Image, background=WHITE) -> Image.Image:
    """Lay an image with transparency on a solid background; RGB out (an RGB image as is)."""
    if img.mode == "RGB":
        return img
    if img.mode != "RGBA":
        return img.convert("RGB")
    base = Image.new("RGB", img.size, background)
    base.paste(img, mask=img.getchannel("A"))
    return base


def square(img: Image.Image, size: int, background=WHITE) -> Image.Image:
    """The whole image fitted inside a ``size`` × ``size`` square, centred, never cropped.

    A logo must not lose its edges, so a wide or tall one is padded with ``background``;
    smaller images are scaled up so every rendition has the same size.
    """
    fitted = ImageOps.contain(flatten(img, background), (size, size), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (size, size), background)
    canvas.paste(fitted, ((size - fitted.width) // 2, (size - fitted.height) // 2))
    return canvas


def encode_png(img: Image.Image) -> bytes:
    """Lossless PNG with no metadata chunks: for pages, link previews and print."""
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


def encode_webp(img: Image.Image, max_bytes: int) -> bytes:
    """WebP of at most ``max_bytes``: lower the quality first, then the size.

    For pages read on rural 3G. Raises ValueError if even a tiny image cannot fit.
    """
    current = img
    while True:
        for quality in WEBP_QUALITIES:
            out = io.BytesIO()
            current.save(out, "WEBP", quality=quality, method=6)
            if out.tell() <= max_bytes:
                return out.getvalue()
        side = int(max(current.size) * 0.8)
        if side < SMALLEST_SIDE:
            raise ValueError(f"cannot encode within {max_bytes} bytes")
        current = ImageOps.contain(current, (side, side), Image.Resampling.LANCZOS)
