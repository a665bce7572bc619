"""File names: a safe name for an uploaded file, and the header that sends one back.

Pure, no Flask. Certificate scans, event documents and onboarding evidence are stored under
their content's key and keep the uploader's name (cleaned) for the download.
"""

import re
import unicodedata
from urllib.parse import quote

from .text import clean, strip_invisible

_UNSAFE_NAME_RE = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|;]')


def scan_filename(original: str | None, ext: str, fallback: str = "giay-chung-nhan") -> str:
    """A safe, NFC file name for a scan: the user's name without its path, with the real type.

    The extension is the one the content was sniffed as, so "scan.exe" holding a PDF becomes
    "scan.pdf".
    """
    name = clean(original).replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = _UNSAFE_NAME_RE.sub("", stem).strip(" .")[:150].strip(" .")
    return f"{stem or fallback}.{ext}"


def ascii_filename(name: str) -> str:
    """The plain-ASCII fallback for old clients: "Quyết định.pdf" -> "Quyet dinh.pdf"."""
    name = name.replace("đ", "d").replace("Đ", "D")
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = "".join(ch if 32 <= ord(ch) < 127 else "_" for ch in folded)
    return folded.replace('"', "").replace("\\", "")


def content_disposition(name: str, disposition: str = "attachment") -> str:
    """Header value with an ASCII ``filename`` and the exact UTF-8 ``filename*`` (RFC 5987).

    Bidi controls and zero-width characters are dropped here too, for names stored before
    :func:`~app.text.clean` removed them.
    """
    name = unicodedata.normalize("NFC", strip_invisible(name))
    quoted = quote(name, safe="!#$&+-.^_`|~")
    return f"{disposition}; filename=\"{ascii_filename(name)}\"; filename*=UTF-8''{quoted}"
