"""Image work for uploads: upright, clean pixels in, small square renditions out.

Pure functions on bytes and Pillow images, no Flask: logos use them now, product photos will
later. Nothing an uploader's camera wrote survives: EXIF (GPS position, camera, time), XMP
and comments are dropped because every output is encoded from bare pixels, and the colour
profile is applied (to sRGB) rather than carried along. Call ``uploads.sniff`` first: these
functions trust that the bytes are a JPEG, PNG or WebP of sane pixel count.
"""

import io

from PIL import Image, ImageCms, ImageOps

WHITE = (255, 255, 255)
WEBP_QUALITIES = (85, 75, 65, 50, 35)
SMALLEST_SIDE = 32  # encode_webp gives up below this rather than return a smudge


def _to_srgb(img: Image.Image) -> Image.Image:
    """Apply an embedded ICC profile (Adobe RGB, CMYK…) so colours survive its removal."""
    icc = img.info.get("icc_profile")
    if not icc:
        return img
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if "A" in img.getbands() else "RGB"
        if img.mode not in ("RGB", "RGBA", "CMYK", "L"):
            img = img.convert(mode)
        return ImageCms.profileToProfile(
            img, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return img  # a broken profile: keep the pixels as they are


def normalise(data: bytes) -> Image.Image:
    """Decode an upload into an upright RGB or RGBA image that carries no metadata.

    The camera's orientation tag is applied (a phone photo taken sideways comes out
    upright), the colour profile is converted to sRGB, and the pixels are copied into a
    fresh image so no EXIF, XMP, ICC or comment can leak into what is saved.
    """
    with Image.open(io.BytesIO(data)) as opened:
        opened.load()
        img = ImageOps.exif_transpose(opened)
    img = _to_srgb(img)
    has_alpha = "A" in img.getbands() or "transparency" in img.info
    img = img.convert("RGBA" if has_alpha else "RGB")
    clean = Image.new(img.mode, img.size)
    clean.paste(img)
    return clean


def flatten(img: Image.Image, background=WHITE) -> Image.Image:
    """Lay an image with transparency on a solid background; RGB out."""
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


def fit_within(img: Image.Image, max_side: int) -> Image.Image:
    """Scale down (never up) so the longer side is at most ``max_side``; aspect kept."""
    if max(img.size) <= max_side:
        return img.copy()
    return ImageOps.contain(img, (max_side, max_side), Image.Resampling.LANCZOS)


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
