"""What an uploaded file really is, judged by its content, never by its name.

The forms call ``sniff`` and refuse anything not on their list. An image is judged from its
header before a single pixel is decoded: at most ``max_pixels`` pixels, ``max_side`` pixels on
its longest side and ``max_aspect`` times longer than wide, so a 5 KB PNG of 40,000,000 × 1
pixels or a decompression bomb costs nothing; then it is decoded to the end (a JPEG at 1/8
scale, which still reads every byte) so a truncated or disguised file is refused too. A PDF is
opened with PDFium: it must load, have 1 to ``pdf_max_pages`` pages and render its first page.

The limits come from the app's settings (IMAGE_MAX_PIXELS, IMAGE_MAX_SIDE, IMAGE_MAX_ASPECT,
PDF_MAX_PAGES) when there is an app, else from the defaults below. No other Flask use.
"""

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from .pdfium_lock import PDFIUM_LOCK

#: What a photo or logo field offers to pick (the browser's hint; the content decides).
IMAGE_ACCEPT = ".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"

DEFAULT_MAX_PIXELS = 40_000_000
DEFAULT_MAX_SIDE = 12_000
DEFAULT_MAX_ASPECT = 20
DEFAULT_PDF_MAX_PAGES = 20
MAX_PIXELS = DEFAULT_MAX_PIXELS  # the default, for callers that only need a figure

IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "MPO": ("image/jpeg", "jpg"),  # a phone's JPEG with a second picture after the first
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
OPENERS = ("JPEG", "PNG", "WEBP")  # no other Pillow parser ever sees an upload
PDF = ("application/pdf", "pdf")
PDF_CHECK_SIDE = 200  # the first page is rendered this small, just to prove it renders

MESSAGES = {
    "empty": lambda p: _l("The file is empty.", **p),
    "type": lambda p: _l(
        "This file is not a JPEG, PNG or WebP image, whatever its name says.", **p
    ),
    "damaged": lambda p: _l(
        "This file is damaged or cut off. Save it again and upload it once more.", **p
    ),
    "too_many_pixels": lambda p: _l(
        "The image has more than %(mp)d megapixels. Save it smaller and try again.", **p
    ),
    "too_long_side": lambda p: _l(
        "The image is more than %(side)d pixels on its longest side. "
        "Save it smaller and try again.",
        **p,
    ),
    "bad_shape": lambda p: _l(
        "The image is too long and thin: its long side may be at most %(ratio)d times its "
        "short side. Crop it and try again.",
        **p,
    ),
    "pdf_damaged": lambda p: _l(
        "This PDF cannot be opened: it is damaged or not really a PDF. Scan or save it again.", **p
    ),
    "pdf_pages": lambda p: _l(
        "This PDF has more than %(pages)d pages. Upload only the pages of the certificate.", **p
    ),
    "pdf_locked": lambda p: _l(
        "This PDF is protected by a password. Save it without the password and upload it again.",
        **p,
    ),
}


class UploadError(ValueError):
    """The file is not what the form accepts; ``code`` says why, ``params`` name the limit."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self):
        """The message for the user (lazy), naming the limit that was passed."""
        return MESSAGES[self.code](self.params)


@dataclass(frozen=True)
class Limits:
    """How large and how long-and-thin an image, how long a PDF, may be."""

    max_pixels: int = DEFAULT_MAX_PIXELS
    max_side: int = DEFAULT_MAX_SIDE
    max_aspect: int = DEFAULT_MAX_ASPECT
    pdf_max_pages: int = DEFAULT_PDF_MAX_PAGES


def limits() -> Limits:
    """The running app's limits, or the defaults when there is no app."""
    if not has_app_context():
        return Limits()
    cfg = current_app.config
    return Limits(
        int(cfg.get("IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)),
        int(cfg.get("IMAGE_MAX_SIDE", DEFAULT_MAX_SIDE)),
        int(cfg.get("IMAGE_MAX_ASPECT", DEFAULT_MAX_ASPECT)),
        int(cfg.get("PDF_MAX_PAGES", DEFAULT_PDF_MAX_PAGES)),
    )


def _too_many_pixels(bounds: Limits) -> UploadError:
    return UploadError("too_many_pixels", mp=bounds.max_pixels // 1_000_000)


def check_size(width: int, height: int, bounds: Limits | None = None) -> None:
    """Refuse a width × height (read from a header) over the pixel, side or shape limits."""
    bounds = bounds or limits()
    if width < 1 or height < 1:
        raise UploadError("damaged")
    if width * height > bounds.max_pixels:
        raise _too_many_pixels(bounds)
    longest, shortest = max(width, height), min(width, height)
    if longest > bounds.max_side:
        raise UploadError("too_long_side", side=bounds.max_side)
    if longest > bounds.max_aspect * shortest:
        raise UploadError("bad_shape", ratio=bounds.max_aspect)


def open_image(data: bytes, bounds: Limits | None = None) -> Image.Image:
    """Open (not decode) a JPEG, PNG or WebP whose header is within the limits.

    Raises ``UploadError``: ``type`` for anything else, a size code for a header over the
    limits (Pillow's own bomb guard included).
    """
    try:
        probe = Image.open(io.BytesIO(data), formats=OPENERS)
    except Image.DecompressionBombError:
        raise _too_many_pixels(bounds or limits()) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise UploadError("type") from None
    try:
        if probe.format not in IMAGE_FORMATS:
            raise UploadError("type")
        check_size(*probe.size, bounds)
    except UploadError:
        probe.close()
        raise
    return probe


def sniff(data: bytes, allow_pdf: bool = False, bounds: Limits | None = None) -> tuple[str, str]:
    """Return (mime type, extension) of a JPEG/PNG/WebP image, or a PDF when allowed.

    Raises ``UploadError`` (and nothing else): ``empty``, ``type``, ``damaged``, a size code
    (``too_many_pixels``, ``too_long_side``, ``bad_shape``) or a PDF code (``pdf_damaged``,
    ``pdf_pages``, ``pdf_locked``). ``bounds``: the limits, for a thread without the app.
    """
    bounds = bounds or limits()
    if not data:
        raise UploadError("empty")
    if data.startswith(b"%PDF-"):
        if not allow_pdf:
            raise UploadError("type")
        check_pdf(data, bounds)
        return PDF
    with open_image(data, bounds) as probe:
        fmt = probe.format
        try:
            if fmt in ("JPEG", "MPO"):  # every byte is still read: a cut file fails
                probe.draft(None, (max(1, probe.width // 8), max(1, probe.height // 8)))
            probe.load()
        except Image.DecompressionBombError:
            raise _too_many_pixels(bounds) from None
        except (OSError, SyntaxError, ValueError, EOFError, MemoryError):
            raise UploadError("type") from None
    if fmt not in IMAGE_FORMATS:
        raise UploadError("type")
    return IMAGE_FORMATS[fmt]


def check_pdf(data: bytes, bounds: Limits | None = None) -> int:
    """Open a PDF with PDFium and render its first page small; return its page count.

    Refuses (``UploadError``) a file that only looks like a PDF at its ends, one with no
    page or more than ``pdf_max_pages``, and one locked by a password.
    """
    bounds = bounds or limits()
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            locked = getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD
            raise UploadError("pdf_locked" if locked else "pdf_damaged") from None
        try:
            pages = len(document)
            if pages < 1:
                raise UploadError("pdf_damaged")
            if pages > bounds.pdf_max_pages:
                raise UploadError("pdf_pages", pages=bounds.pdf_max_pages)
            _render_first_page(document)
        except pdfium.PdfiumError:
            raise UploadError("pdf_damaged") from None
        finally:
            document.close()
    return pages


def _render_first_page(document) -> None:
    page = document[0]
    try:
        width, height = page.get_size()
        if not (width > 0 and height > 0):
            raise UploadError("pdf_damaged")
        scale = min(1.0, PDF_CHECK_SIDE / max(width, height))
        page.render(scale=scale).close()
    finally:
        page.close()
