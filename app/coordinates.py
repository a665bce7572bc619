"""A place's coordinates as people paste them: one field, whatever the map app gave.

Pure, no Flask app or database (messages are lazy strings, translated when shown).
:func:`parse_point` reads a latitude and a longitude, in that order unless hemisphere letters
say otherwise, from

- decimal degrees: "21.8237, 105.2143", "21.8237 105.2143", "21,8237; 105,2143" (the
  Vietnamese decimal comma), "(21.8237, 105.2143)", "geo:21.8237,105.2143";
- degrees, minutes and seconds: 21°49'25"N 105°12'51"E (also ′ ″, decimal seconds,
  degrees and decimal minutes 21°49.416'N, the letter before the number N 21°49'25");
- a Google Maps link: ".../@21.8237,105.2143,15z", "...!3d21.8237!4d105.2143",
  "?q=21.8237,105.2143" (also ll=, query=, center=, destination=).

It returns (latitude, longitude) as Decimals rounded to 6 places (about 0.1 m), None when
empty, or raises RuleError. Whether the point lies in Vietnam is ``trace.rules``'s to say.
"""

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote

from flask_babel import lazy_gettext as _l

from .rules import RuleError

NOT_A_POINT = _l(
    "Paste both numbers, latitude then longitude, e.g. 21.8237, 105.2143, "
    "or 21°49'25\"N 105°12'51\"E, or a Google Maps link."
)
SHORT_LINK = _l(
    "This is a short link: open it, then copy the numbers (e.g. 21.8237, 105.2143) "
    "or the long link from the address bar."
)
MAX_TEXT = 2000

_NUM = r"[-+]?\d{1,3}(?:[.,]\d{1,15})?"
_DECIMAL_PAIR = re.compile(rf"\(?\s*({_NUM})\s*(?:[,;]\s*|\s+)({_NUM})\s*\)?")
_URL_PATTERNS = (
    re.compile(r"!3d(-?\d{1,3}\.\d+)!4d(-?\d{1,3}\.\d+)"),
    re.compile(r"@(-?\d{1,3}\.\d+),\s*(-?\d{1,3}\.\d+)"),
    re.compile(
        r"[?&](?:q|ll|query|center|destination|daddr)=(?:loc:)?"
        r"(-?\d{1,3}\.\d+)\s*,\s*(-?\d{1,3}\.\d+)"
    ),
)
_SECONDS = r"(?:\"|″|''|”|′′|’’)"
_MINUTES = r"(?:'|′|’)"
_ANGLE = (
    r"(?P<deg>\d{1,3}(?:[.,]\d+)?)\s*(?P<mark>°|º|˚)?\s*"
    rf"(?:(?P<min>\d{{1,2}}(?:[.,]\d+)?)\s*{_MINUTES}\s*)?"
    rf"(?:(?P<sec>\d{{1,2}}(?:[.,]\d+)?)\s*{_SECONDS}\s*)?"
)
_LETTER_AFTER = re.compile(rf"{_ANGLE}(?P<letter>[NSEW])?", re.IGNORECASE)
_LETTER_BEFORE = re.compile(rf"(?P<letter>[NSEW])?\s*{_ANGLE}", re.IGNORECASE)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _rounded(latitude: Decimal, longitude: Decimal) -> tuple[Decimal, Decimal]:
    return round(latitude, 6), round(longitude, 6)


def _from_url(text: str) -> tuple[Decimal, Decimal] | None:
    decoded = unquote(text)
    for pattern in _URL_PATTERNS:
        if match := pattern.search(decoded):
            return _rounded(_number(match.group(1)), _number(match.group(2)))
    if re.search(r"goo\.gl/|maps\.app\.goo\.gl|g\.co/", text):
        raise RuleError(SHORT_LINK)
    raise RuleError(NOT_A_POINT)


def _angle(match: re.Match) -> tuple[Decimal, str]:
    """(degrees, hemisphere letter or "") of one angle; marked by ° or a letter."""
    if not (match["mark"] or match["letter"]) or (match["min"] and not match["mark"]):
        raise RuleError(NOT_A_POINT)
    value = _number(match["deg"])
    minutes = _number(match["min"]) if match["min"] else Decimal(0)
    seconds = _number(match["sec"]) if match["sec"] else Decimal(0)
    if minutes >= 60 or seconds >= 60:
        raise RuleError(NOT_A_POINT)
    value += minutes / 60 + seconds / 3600
    letter = (match["letter"] or "").upper()
    return (-value if letter in ("S", "W") else value), letter


def _from_dms(text: str) -> tuple[Decimal, Decimal]:
    """Two angles, each marked with ° or a hemisphere letter (before or after it)."""
    pattern = _LETTER_BEFORE if re.match(r"(?i)[NSEW]", text) else _LETTER_AFTER
    parts = [m for m in pattern.finditer(text) if m.group(0).strip()]
    rest = pattern.sub(" ", text)
    if len(parts) != 2 or re.sub(r"[\s,;()]", "", rest):
        raise RuleError(NOT_A_POINT)
    (first, a), (second, b) = _angle(parts[0]), _angle(parts[1])
    if a in ("E", "W") and b in ("N", "S", ""):
        first, second = second, first
    elif (a and a == b) or (a in ("N", "S") and b in ("N", "S") and a and b):
        raise RuleError(NOT_A_POINT)
    return _rounded(first, second)


def parse_point(text: str | None) -> tuple[Decimal, Decimal] | None:
    """(latitude, longitude) read from ``text`` (see the module), None when it is empty."""
    value = (text or "").strip()
    if not value:
        return None
    if len(value) > MAX_TEXT:
        raise RuleError(NOT_A_POINT)
    try:
        if re.match(r"(?i)(https?://|www\.|maps\.|goo\.gl)", value):
            return _from_url(value)
        value = re.sub(r"(?i)^geo:", "", value).split("?")[0].strip()
        if match := _DECIMAL_PAIR.fullmatch(value):
            return _rounded(_number(match.group(1)), _number(match.group(2)))
        return _from_dms(value)
    except InvalidOperation:
        raise RuleError(NOT_A_POINT) from None


def point_text(latitude: Decimal | None, longitude: Decimal | None) -> str:
    """A stored point as the field shows it: "22.4512, 105.2236" ("" when there is none)."""
    if latitude is None or longitude is None:
        return ""
    return f"{latitude.normalize():f}, {longitude.normalize():f}"
