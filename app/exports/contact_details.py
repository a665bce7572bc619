"""Contact details in listing text: links, phone numbers, email addresses, Zalo ids and
Facebook pages, which Shopee, Lazada and TikTok Shop refuse in a listing (a buyer is to reach
the seller through the marketplace's chat; the traceability QR code on the package says where
the product comes from).

Pure and conservative on the side of numbers a food listing is full of: prices ("120.000đ",
"1.200.000 VNĐ"), weights ("500 g", "1,5kg"), dates ("05/09/2025", "05-09-2025"), decree and
certificate numbers ("85/2021/NĐ-CP", "VG-01-2024"), lot codes ("L240905", "2409-05") and
GTINs are not contact details:

- a phone number is 10 digits starting 03, 05, 07, 08 or 09 (a mobile), 11 starting 02 (a
  landline), the same after +84, 84 or 0084 without the 0, or a 1800/1900 hotline; between
  its digits any of space, dot, dash and brackets, as people write them;
- a number glued to a word, to a code's dash or slash, or to another number's thousands dot
  ("L0912345678", "VG-0912345678", "1.091.234.567") is part of that code or number;
- a GTIN has 8, 12, 13 or 14 digits: a 13- or 14-digit run is never a phone number (a
  Vietnamese number has at most 12 digits, 84 included), so GTINs are never flagged. A
  12-digit run written 842… reads as a landline with 84 and is flagged: no GTIN-12 (UPC)
  sold here starts that way, and a buyer would read it as a phone number too;
- a link is a scheme or "www." followed by anything, or a domain ending in one of the
  common top-level domains (ASCII labels; "abc.vn", "shope.ee/x", "zalo.me/0912…"),
  also written "abc chấm vn" (not "ngon.Com": a capitalised word after a full stop starts a
  sentence); top-level domains that are Vietnamese words without their
  accents ("to", "me", "co") count only in known short links (m.me, fb.me, zalo.me).
"""

import re
import unicodedata
from dataclasses import dataclass

from ..text import normalize_phone

# Kinds, in the order a finding is reported when two overlap.
PHONE, EMAIL, LINK, ZALO, FACEBOOK = "phone", "email", "link", "zalo", "facebook"

_SEP = r"(?:[ \t]?[.\-][ \t]?|[ \t]|\)[ \t]?|[ \t]?\()?"  # between two digits


def _digits(count: int) -> str:
    """``count`` digits with any usual separator between them."""
    return r"\d" + rf"(?:{_SEP}\d)" * (count - 1)


_NATIONAL = rf"\(?0{_SEP}(?:[35789]{_SEP}{_digits(8)}|2{_SEP}{_digits(9)})"
_INTERNATIONAL = (
    rf"(?:(?:\+|00)[ \t]?84|\(\+?84\)|84){_SEP}(?:\(0\)[ \t]?)?"
    rf"(?:[35789]{_SEP}{_digits(8)}|2{_SEP}{_digits(9)})"
)
_HOTLINE = rf"1[89]00{_SEP}{_digits(4)}(?:{_SEP}\d\d)?"
_PHONE_RE = re.compile(
    r"(?<![\w+])(?<!\w[\-/])(?<!\d[.,])"
    rf"(?:{_INTERNATIONAL}|{_NATIONAL}|{_HOTLINE})"
    r"(?!\w)(?![.,]\d)"
)
_DIGIT_RUN_RE = re.compile(r"[0-9][0-9 \t().\-]{6,}")  # ASCII digits only: fast
_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})[.\-/](\d{1,2})[.\-/](?:19|20)\d\d(?!\d)")

_TLDS = (
    "vn|com|net|org|info|biz|io|shop|store|online|site|xyz|top|asia|app|link|ly|gl|ee|tv|cc|"
    "page|club|live|bio|us|uk|sg|cn|ws|gd|id"
)
_SHORT_LINKS = r"(?:m\.me|fb\.me|zalo\.me|t\.me|t\.co|fb\.com|fb\.watch|bit\.do)"
_LINK_RE = re.compile(
    r"(?:\b(?:https?://|www\.)[^\s<>\"]+"
    rf"|(?<![\w@.\-])(?:{_SHORT_LINKS}|(?:[a-z0-9][a-z0-9\-]*\.)+(?:{_TLDS}))"
    r"(?![\w\-])(?:/[^\s<>\"]*)?"
    rf"|(?<![\w@.\-])[a-z0-9][a-z0-9\-]*[ \t]*(?:\(?chấm\)?|\(?cham\)?|\[\.\]|\(\.\)|\[?dot\]?)"
    r"[ \t]*(?:vn|com|net)(?!\w))",
    re.IGNORECASE,
)
# What every link has somewhere, tested cheaply before the costly pattern (Python's re is fast
# only on a pattern that starts with a literal).
_DOT_LETTERS_RE = re.compile(r"\.[A-Za-z]{2}")
_LINK_WORDS = ("://", "chấm", "cham", "dot", "[.]", "(.)")
_EMAIL_RE = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_ZALO_RE = re.compile(
    r"\bzalo(?:[ \t]*(?:id|oa))?[ \t]*[:：][ \t]*(?P<id>@?(?=[\w.]*[a-z])[a-z0-9_.]{3,})(?!\w)"
    r"|\bzalo[ \t]+(?:id|oa)[ \t]+(?P<id2>@?(?=[\w.]*[a-z])[a-z0-9_.]{3,})(?!\w)",
    re.IGNORECASE,
)
_FACEBOOK_RE = re.compile(
    r"\b(?:facebook|fb|fanpage)(?:[ \t]+page)?[ \t]*[:：][ \t]*"
    r"(?P<id>[^\s\d,;][^\s,;]*(?:[ \t]+[^\s,;:.]+){0,3})",  # a page name, not "FB: 500 g"
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    kind: str  # phone, email, link, zalo or facebook
    text: str  # as written (a Zalo id or Facebook page without the word before it)
    start: int
    end: int


def _phones(text: str):
    """Phone numbers, looked for only in runs of digits and separators long enough to hold
    one (a description is mostly words: the full pattern is costly to try everywhere)."""
    for run in _DIGIT_RUN_RE.finditer(text):
        # From up to "(+" before the run (its start is a digit) to 2 characters after it, for
        # the pattern's look-behinds and look-aheads.
        position, end = max(0, run.start() - 2), min(len(text), run.end() + 2)
        while match := _PHONE_RE.search(text, position, end):
            written = match.group().rstrip(" \t.-(")
            date = _DATE_RE.search(written)
            if date:  # "05-09-2025 07…": a date and the next number; look again after it
                position = match.start() + date.end()
                continue
            position = match.end()
            digits = re.sub(r"\D", "", written.replace("(0)", ""))
            if normalize_phone(digits) or re.fullmatch(r"1[89]00\d{4}(?:\d\d)?", digits):
                yield Found(PHONE, written, match.start(), match.start() + len(written))


def _matches(kind: str, pattern: re.Pattern, text: str):
    """What ``pattern`` finds; its ``id`` group alone where it has one ("Zalo: abc" -> abc)."""
    for match in pattern.finditer(text):
        group = next((g for g in ("id", "id2") if match.groupdict().get(g)), 0)
        start = match.start(group)
        written = match.group(group).rstrip(".,;:!?)")
        yield Found(kind, written, start, start + len(written))


def _links(text: str):
    """Links, but not "ngon.Com dẻo": a capitalised word after a full stop starts a sentence
    (a domain is written "abc.com" or "ABC.COM")."""
    for found in _matches(LINK, _LINK_RE, text):
        domain = re.split(r"[/?#]", found.text, maxsplit=1)[0]
        last = domain.rsplit(".", 1)[-1]
        if "://" in domain or domain.lower().startswith("www.") or not last.istitle():
            yield found


def find(text: str) -> list[Found]:
    """Every contact detail in ``text``, in reading order; where two overlap ("zalo.me/0912…",
    an email's domain) phone numbers win, then emails, links, Zalo ids, Facebook pages."""
    text = unicodedata.normalize("NFC", text or "")
    found: list[Found] = []
    lower = text.lower()
    candidates = [*_phones(text)]
    if "@" in text:
        candidates += _matches(EMAIL, _EMAIL_RE, text)
    if _DOT_LETTERS_RE.search(text) or any(word in lower for word in _LINK_WORDS):
        candidates += _links(text)
    if "zalo" in lower:
        candidates += _matches(ZALO, _ZALO_RE, text)
    if "fb" in lower or "facebook" in lower or "fanpage" in lower:
        candidates += _matches(FACEBOOK, _FACEBOOK_RE, text)
    for candidate in candidates:
        if not any(f.start < candidate.end and candidate.start < f.end for f in found):
            found.append(candidate)
    return sorted(found, key=lambda f: f.start)
