"""One form for a column's name, however a marketplace's template writes it.

Seller-centre templates name a column in Vietnamese ("Tên sản phẩm *"), in English
("Product Name (Mandatory)") and often by a technical key ("ps_product_name|1|0"). A profile
column lists those names as ``aliases``; :func:`header_key` brings both sides to one form so
that case, diacritics, white space, punctuation, mandatory markers and a key's "|1|0"
suffix do not matter.
"""

import re

from ..text import fold

# The words templates put next to a header to say it must be filled, folded.
MANDATORY_WORDS = ("bat buoc", "mandatory", "required", "compulsory", "wajib", "obligatorio")
OPTIONAL_WORDS = ("khong bat buoc", "tuy chon", "optional", "opsional")
_MARKER_RE = re.compile(r"[(\[]\s*(?:" + "|".join(OPTIONAL_WORDS + MANDATORY_WORDS) + r")\s*[)\]]")
_KEY_SUFFIX_RE = re.compile(r"(\|[^|]*)+$")  # Shopee's "ps_price|1|1": mandatory|type
_NOT_WORD_RE = re.compile(r"[^a-z0-9]+")
_BRACKETS_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def header_key(text: str | None) -> str:
    """ "Tên sản phẩm *" -> "ten san pham"; "ps_item_image.1|0|3" -> "ps item image 1"."""
    folded = fold(text)
    if "|" in folded:
        folded = _KEY_SUFFIX_RE.sub("", folded)
    folded = _MARKER_RE.sub(" ", folded)
    return _NOT_WORD_RE.sub(" ", folded).strip()


def loose_key(text: str | None) -> str:
    """:func:`header_key` without bracketed parts: "Cân nặng (kg)" -> "can nang", for a
    second, looser match when the exact one finds nothing."""
    folded = _BRACKETS_RE.sub(" ", _MARKER_RE.sub(" ", fold(text)))
    return header_key(folded)


def says_mandatory(text: str | None) -> bool:
    """Whether a header or a note under it marks the column mandatory: a "*" or a word."""
    raw = (text or "").strip()
    if raw.startswith("*") or raw.endswith("*"):
        return True
    folded = " " + _NOT_WORD_RE.sub(" ", fold(raw)) + " "
    if any(f" {w} " in folded for w in OPTIONAL_WORDS):
        return False
    return any(f" {w} " in folded for w in MANDATORY_WORDS)
