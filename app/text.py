"""Text at the boundary: NFC normalisation, folding for search, Vietnamese phone numbers.

Pure functions, no Flask: forms, importers and the CLI all pass user text through here.
Besides control characters, the cleaners drop the invisible characters that make a name or
a file name read differently from what it is: bidirectional overrides, embeddings, isolates
and marks (so "gpj.exe" cannot show as "exe.jpg") and zero-width spaces and joiners (so two
names that look the same are the same).
"""

import re
import unicodedata

_SPACE_RE = re.compile(r"\s+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidi controls (U+061C, U+200E/F, U+202A-202E, U+2066-2069), zero-width characters
# (U+200B-200D, U+2060 and the invisible operators up to U+2064, U+FEFF).
INVISIBLE_RE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def strip_invisible(value: str) -> str:
    """``value`` without bidi controls and zero-width characters (see the module's note)."""
    return INVISIBLE_RE.sub("", value)


def _drop_hidden(value: str) -> str:
    return INVISIBLE_RE.sub("", _CONTROL_RE.sub("", value))


def clean(value: str | None) -> str:
    """Drop control and invisible characters, NFC-normalise and collapse runs of white space."""
    if value is None:
        return ""
    # Dropped before NFC: a character removed afterwards could leave a pair NFC would join.
    value = unicodedata.normalize("NFC", _drop_hidden(str(value)))
    return _SPACE_RE.sub(" ", value).strip()


def clean_multiline(value: str | None) -> str:
    """Like :func:`clean` but keeps line breaks (descriptions, notes)."""
    if value is None:
        return ""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    value = unicodedata.normalize("NFC", _drop_hidden(value))
    lines = [_SPACE_RE.sub(" ", line).strip() for line in value.split("\n")]
    return "\n".join(lines).strip()


def _strip_marks(value: str) -> str:
    value = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in value if not unicodedata.combining(ch))


# Every accented Latin letter (Vietnamese included) to its bare letter, for str.translate.
_FOLD_TABLE = {
    code: _strip_marks(chr(code))
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00))
    if _strip_marks(chr(code)) != chr(code)
}


def fold(value: str | None) -> str:
    """Lower-case ASCII form for search and matching: "Lạc nhân" -> "lac nhan"."""
    value = clean(value)
    quick = value.translate(_FOLD_TABLE)
    if quick.isascii():  # Vietnamese and other Latin text: one table lookup per letter
        return quick.lower()
    return _strip_marks(value).lower()


def slugify(value: str | None, max_length: int = 60) -> str:
    """URL slug from Vietnamese text: "HTX Nông nghiệp Lâm Bình" -> "htx-nong-nghiep-lam-binh"."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")
    return slug[:max_length].rstrip("-")


# Vietnamese mobile numbers have 10 digits starting 03, 05, 07, 08 or 09; landlines 02x
# with 11 digits. Accept the usual ways of writing them and store the 0-prefixed form.
_PHONE_RE = re.compile(r"^0(?:[35789]\d{8}|2\d{9})$")


def normalize_phone(value: str | None) -> str | None:
    """Return a Vietnamese phone number as ``0xxxxxxxxx``, or None if it is not one."""
    digits = re.sub(r"[\s.\-()]", "", clean(value))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits if _PHONE_RE.match(digits) else None


_TAX_RE = re.compile(r"^(?:\d{10}(?:-\d{3})?|\d{12})$")


def normalize_tax_code(value: str | None) -> str | None:
    """Return a tax code (10 digits, 10-3 for a branch, or a 12-digit personal ID), or None."""
    code = re.sub(r"\s", "", clean(value))
    return code if _TAX_RE.match(code) else None


# A plain ASCII address (dot-atom local part, LDH labels, an alphabetic top-level domain) that
# email_validator would accept: checked by a regular expression, 50 times faster, so a
# 10,000-row import spends its time on the rows, not on the addresses. Anything else (Unicode,
# quoted local parts, special-use domains) goes to email_validator itself.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)"
_PLAIN_EMAIL_RE = re.compile(rf"^{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z]{{2,24}}$")
_SPECIAL_USE_TLDS = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})


def is_email(value: str) -> bool:
    """Whether ``value`` is a valid email address (syntax only, no DNS)."""
    local, _, domain = value.rpartition("@")
    if (
        len(value) <= 254
        and len(local) <= 64
        and "--" not in domain
        and _PLAIN_EMAIL_RE.match(value)
        and domain.rsplit(".", 1)[-1].lower() not in _SPECIAL_USE_TLDS
    ):
        return True
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True
