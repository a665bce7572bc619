"""What a product photo becomes: a cleaned original, a page thumbnail, a marketplace square.

Pure functions on bytes, no Flask. ``inspect`` judges an upload by its content; the others
take the upright, metadata-free pixels from ``images.normalise`` and return encoded bytes, so
no EXIF (GPS position, camera, time) survives into any stored file.
"""

import io
from dataclasses import dataclass

from PIL import Image

from .. import images
from ..uploads import UploadError, open_image, sniff

# The cleaned original: what exports and the square start from. Capped at the largest side
# marketplaces take (TikTok Shop 4000 px) so a 40-megapixel upload does not stay 40 MP.
ORIGINAL_MAX_SIDE = 4000
ORIGINAL_JPEG_QUALITY = 90

# Renditions. Their variant names are part of the storage key and keys never change
# meaning: change a figure below, bump the name, then run ``flask products renditions``.
THUMB_SIDE = 400  # longest side, aspect kept
THUMB_MAX_BYTES = 30 * 1024
THUMB_VARIANT = "thumb1"
SQUARE_MIN = 800  # Shopee asks ≥ 500×500; smaller photos are scaled up to this
SQUARE_MAX = 2000
SQUARE_MAX_BYTES = 2 * 1024 * 1024  # the strictest marketplace (Shopee): 2 MB
SQUARE_QUALITIES = (90, 85, 80, 75, 70, 60, 50)
SQUARE_VARIANT = "square1"


class PhotoProblem(ValueError):
    """A file that cannot become a product photo; ``code`` names why and ``params`` the limit,
    for the message."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Cleaned:
    """The cleaned original: encoded bytes, their extension, and the pixels they hold."""

    data: bytes
    ext: str
    image: Image.Image

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size


def inspect(data: bytes) -> str:
    """The format of a JPEG, PNG or WebP photo, decoded in full; else ``PhotoProblem``.

    Codes: ``empty``, ``type`` (not an image we take, whatever its name), ``damaged`` (a
    JPEG/PNG/WebP that does not decode to the end: truncated, corrupt), and, refused from
    the header before decoding (against bombs and slivers), ``too_many_pixels``,
    ``too_long_side`` and ``bad_shape`` (see :mod:`app.uploads`; ``params`` name the limit).
    """
    try:
        sniff(data)
    except UploadError as exc:
        if exc.code == "type" and _claims_to_be_a_photo(data):
            raise PhotoProblem("damaged") from None
        raise PhotoProblem(exc.code, **exc.params) from None
    with open_image(data) as probe:
        if probe.format is None:  # open_image opens known formats only
            raise PhotoProblem("type")
        return probe.format


def _claims_to_be_a_photo(data: bytes) -> bool:
    """Does the header say JPEG/PNG/WebP of a sane size, though the pixels do not decode?"""
    try:
        with open_image(data):
            return True
    except UploadError:
        return False


def has_transparency(img: Image.Image) -> bool:
    if img.mode != "RGBA":
        return False
    lowest = img.getchannel("A").getextrema()[0]  # one band: (lowest, highest)
    return isinstance(lowest, int) and lowest < 255


def clean_original(img: Image.Image) -> Cleaned:
    """The photo to keep: at most 4000 px, PNG if it is see-through, else a JPEG (q 90)."""
    if max(img.size) > ORIGINAL_MAX_SIDE:
        img = _contain(img, ORIGINAL_MAX_SIDE)
    out = io.BytesIO()
    if has_transparency(img):
        img.save(out, "PNG", optimize=True)
        return Cleaned(out.getvalue(), "png", img)
    img = images.flatten(img)
    img.save(out, "JPEG", quality=ORIGINAL_JPEG_QUALITY, optimize=True)
    return Cleaned(out.getvalue(), "jpg", img)


def thumbnail(img: Image.Image) -> bytes:
    """WebP for pages on rural 3G: longest side ≤ 400 px, at most 30 KB."""
    size = thumb_size(*img.size)  # never 0 px wide, even for a 1 × 800 sliver
    small = (
        img if size == img.size else img.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    )
    return images.encode_webp(small, THUMB_MAX_BYTES)


def square_side(size: tuple[int, int]) -> int:
    """The marketplace square's side: the photo's longest side, within 800–2000 px."""
    return min(max(max(size), SQUARE_MIN), SQUARE_MAX)


def marketplace_square(img: Image.Image) -> bytes:
    """1:1 JPEG on white, never cropped (small photos scaled up), 800–2000 px, ≤ 2 MB.

    The quality steps down first, then the side (never below 800 px).
    """
    side = square_side(img.size)
    while True:
        canvas = Image.new("RGB", (side, side), images.WHITE)
        fitted = _contain(images.flatten(img), side)
        canvas.paste(fitted, ((side - fitted.width) // 2, (side - fitted.height) // 2))
        for quality in SQUARE_QUALITIES:
            out = io.BytesIO()
            canvas.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= SQUARE_MAX_BYTES:
                return out.getvalue()
        if side == SQUARE_MIN:
            raise PhotoProblem("too_detailed")
        side = max(SQUARE_MIN, int(side * 0.8))


def _contain(img: Image.Image, side: int) -> Image.Image:
    """Scale (up or down) so the longest side is ``side``; a sliver stays at least 1 px."""
    scale = side / max(img.size)
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    return img if size == img.size else img.resize(size, Image.Resampling.LANCZOS)


def thumb_size(width: int, height: int) -> tuple[int, int]:
    """Width and height of the thumbnail of a ``width`` × ``height`` original (for <img>)."""
    longest = max(width, height, 1)
    if longest <= THUMB_SIDE:
        return width, height
    scale = THUMB_SIDE / longest
    return max(1, round(width * scale)), max(1, round(height * scale))
