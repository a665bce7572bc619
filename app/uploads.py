"""What an uploaded file really is, judged by its content, never by its name.

Pure functions: the forms call ``sniff`` and refuse anything not on their list.
"""

import io

from PIL import Image, UnidentifiedImageError

# Pillow's own guard against decompression bombs, made explicit: 40 megapixels.
MAX_PIXELS = 40_000_000

IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
PDF = ("application/pdf", "pdf")


class UploadError(ValueError):
    """The file is not what the form accepts; ``code`` says why (for the message)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def sniff(data: bytes, allow_pdf: bool = False) -> tuple[str, str]:
    """Return (mime type, extension) of a JPEG/PNG/WebP image, or a PDF when allowed.

    Images are decoded fully, so a truncated or disguised file is refused; the pixel count
    is checked before decoding, so a decompression bomb is refused cheaply.
    """
    if not data:
        raise UploadError("empty")
    if data.startswith(b"%PDF-"):
        if not allow_pdf:
            raise UploadError("type")
        if b"%%EOF" not in data[-2048:]:
            raise UploadError("damaged")
        return PDF
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
            if fmt not in IMAGE_FORMATS:
                raise UploadError("type")
            if width * height > MAX_PIXELS:
                raise UploadError("too_many_pixels")
            probe.load()
    except UploadError:
        raise
    except Image.DecompressionBombError:
        raise UploadError("too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UploadError("type") from None
    return IMAGE_FORMATS[fmt]
