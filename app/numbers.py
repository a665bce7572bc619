"""Numbers written the Vietnamese way: dots between thousands, a comma before decimals.

Pure, no Flask app or database (messages are lazy strings, translated when shown). For numbers
shown in the reader's language (Vietnamese or English) use the Babel formatters in app/i18n.py
instead; these are for text that is always Vietnamese-style (messages' figures, form inputs,
labels).

The readers below take what a person typed (a form field, a spreadsheet cell) and differ on
purpose; each says what it returns and what it refuses:

- :func:`whole_number`, :func:`bounded` and :func:`parse_price`: an ``int``, grouped by dots,
  commas or spaces ("1.200", "1,200", "1 200"), a price also in thousands or millions ("190k",
  "1,5tr"); :class:`RuleError` otherwise.
- :func:`whole_number_or_none`: an ``int`` (a count of people), or None for anything else.
- :func:`parse_decimal` and :func:`parse_decimal_quantity` (a batch's quantity): a ``Decimal``,
  comma or dot decimal mark, Vietnamese grouping ("1.250,5") read, "1.250" alone refused as
  ambiguous; :class:`RuleError` otherwise.
- :func:`parse_quantity_text` (a variant's net quantity): decimal text ("1.5"), no grouping,
  at most a million; :class:`RuleError` otherwise.
- :func:`quantity_text_or_none` (a harvest's quantity): decimal text, no grouping, or None for
  anything else.
"""

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from .rules import RuleError
from .text import clean

MAX_PRICE = 180_000_000  # đồng; the marketplaces' ceiling (../shared/notes/marketplaces-and-law.md)
MAX_NET_QUANTITY = Decimal(1_000_000)
MAX_DECIMAL_QUANTITY = Decimal("999999999")


def grouped(number: int) -> str:
    """1200000 -> "1.200.000", the Vietnamese way."""
    return f"{number:,}".replace(",", ".")


def decimal_text(number: Decimal) -> str:
    """Plain decimal text without trailing zeros: Decimal("1.50") -> "1.5", 500 -> "500"."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def decimal_input(number: Decimal | None) -> str:
    """A stored decimal as a Vietnamese types it: Decimal("2.5000") -> "2,5"."""
    return "" if number is None else decimal_text(number).replace(".", ",")


# --- whole numbers ------------------------------------------------------------------------------

_CURRENCY_RE = re.compile(r"\s*(?:vnd|vnđ|dong|đồng|đ|₫|d)\.?$", re.IGNORECASE)
_WHOLE_GROUPED_RE = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")  # 120.000, 1,000,000


def whole_number(text: str | None) -> int | None:
    """A whole number as Vietnamese or English write it: "1.200", "1,200", "1 200" or "1200".

    None for empty text; :class:`RuleError` for anything else that is not a whole number.
    """
    value = (text or "").strip().replace("\u00a0", " ").replace("\u202f", " ")
    if not value:
        return None
    if _WHOLE_GROUPED_RE.match(value):
        value = re.sub(r"[.,\s]", "", value)
    if not (value.isascii() and value.isdigit()):
        raise RuleError(_l("Write a whole number, e.g. 12."))
    return int(value)


def bounded(text: str | None, low: int, high: int) -> int | None:
    """:func:`whole_number` between ``low`` and ``high`` inclusive."""
    number = whole_number(text)
    if number is not None and not low <= number <= high:
        raise RuleError(
            _l("Write a number from %(low)s to %(high)s.", low=grouped(low), high=grouped(high))
        )
    return number


#: Thousands and millions as people say them: "190k", "190 nghìn", "1,5tr", "1.5 triệu".
_SHORTHAND_RE = re.compile(
    r"^([0-9]{1,6})(?:[.,]([0-9]{1,2}))?\s*(k|nghìn|ngàn|tr|triệu)$", re.IGNORECASE
)
_SHORTHAND_FACTORS = {
    "k": 1_000, "nghìn": 1_000, "ngàn": 1_000, "tr": 1_000_000, "triệu": 1_000_000,
}  # fmt: skip


def _shorthand(value: str) -> int | None:
    """Đồng from "190k" or "1,5tr" (at most two decimals), or None if ``value`` is not one."""
    match = _SHORTHAND_RE.match(value)
    if match is None:
        return None
    whole, decimals, unit = match.groups()
    factor = _SHORTHAND_FACTORS[unit.lower()]
    return int(whole) * factor + int((decimals or "0").ljust(2, "0")) * factor // 100


def parse_price(text: str | None) -> int | None:
    """Whole đồng from "120.000", "120,000", "120 000 đ", "120000 VND", and from "120k",
    "120 nghìn", "1,5tr" or "1.5 triệu"; None when empty."""
    value = _CURRENCY_RE.sub("", (text or "").strip()).strip()
    try:
        price = _shorthand(value)
        if price is None:
            price = whole_number(value)
    except RuleError:
        raise RuleError(
            _l("Write the price in đồng as a whole number, e.g. 120.000, 120000 or 120k.")
        ) from None
    if price is not None and price > MAX_PRICE:
        raise RuleError(_l("At most %(max)s đồng.", max=grouped(MAX_PRICE)))
    return price


_COUNT_GROUPED_RE = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{3})+")  # 1.200 or 1,200
_COUNT_RE = re.compile(r"[0-9]{1,9}")


def whole_number_or_none(value: str | None) -> int | None:
    """A whole number as people type it ("25", " 1.200 "); None if it is not one."""
    raw = clean(value).replace(" ", "")
    if _COUNT_GROUPED_RE.fullmatch(raw):
        raw = raw.replace(".", "").replace(",", "")
    return int(raw) if _COUNT_RE.fullmatch(raw) else None


# --- decimals -----------------------------------------------------------------------------------

_DECIMAL_RE = re.compile(r"^\d{1,9}(?:[.,]\d+)?$")
# Vietnamese grouping: dots between thousands, a comma before decimals ("1.250,5", "12.000.000").
_GROUPED_RE = re.compile(r"^\d{1,3}(?:\.\d{3})+,\d+$|^\d{1,3}(?:\.\d{3}){2,}$")
_AMBIGUOUS_RE = re.compile(r"^\d{1,3}\.\d{3}$")  # "1.250": one thousand, or one and a quarter?


def parse_decimal(text: str | None, places: int, high: Decimal, example: str) -> Decimal | None:
    """A decimal more than zero, typed with a comma or a dot ("1,5" or "1.5"), or grouped the
    Vietnamese way ("1.250,5"); None if empty. "1.250" alone is refused: it reads both ways."""
    value = (text or "").strip().replace(" ", "")
    if not value:
        return None
    if _GROUPED_RE.match(value):
        value = value.replace(".", "")
    elif _AMBIGUOUS_RE.match(value):
        raise RuleError(
            _l(
                "“%(text)s” reads two ways: write %(whole)s for a whole number or %(decimal)s"
                " for a decimal.",
                text=value,
                whole=value.replace(".", ""),
                decimal=value.replace(".", ","),
            )
        )
    if not _DECIMAL_RE.match(value):
        raise RuleError(_l("Write a number, e.g. %(example)s.", example=example))
    number = Decimal(value.replace(",", "."))
    if number <= 0:
        raise RuleError(_l("The number must be more than zero."))
    exponent = number.as_tuple().exponent  # an int: the pattern above admits no NaN
    if isinstance(exponent, int) and -exponent > places:
        raise RuleError(_l("At most %(num)d digits after the decimal mark.", num=places))
    if number > high:
        raise RuleError(_l("Check the number: it is more than %(max)s.", max=decimal_text(high)))
    return number


def parse_decimal_quantity(text: str | None) -> Decimal | None:
    """A batch's quantity: :func:`parse_decimal` with at most 3 decimals, up to 999,999,999."""
    return parse_decimal(text, 3, MAX_DECIMAL_QUANTITY, "1.250,5")


_QUANTITY_TEXT_RE = re.compile(r"^\d{1,7}(?:[.,]\d{1,3})?$")


def parse_quantity_text(text: str | None) -> str | None:
    """Decimal text more than zero: "500", "1,5" or "1.5" -> "1.5"; None when empty.

    A comma is the Vietnamese decimal mark; at most three decimals, no thousands separators.
    """
    value = (text or "").strip()
    if not value:
        return None
    if not _QUANTITY_TEXT_RE.match(value):
        raise RuleError(_l("Write the quantity as a number, e.g. 500 or 1,5."))
    number = Decimal(value.replace(",", "."))
    if number <= 0:
        raise RuleError(_l("The quantity must be more than zero."))
    if number > MAX_NET_QUANTITY:
        raise RuleError(_l("Check the quantity: it is more than a million."))
    return decimal_text(number)


_LENIENT_QUANTITY_RE = re.compile(r"^[0-9]{1,9}(?:[.,][0-9]{1,3})?$")


def quantity_text_or_none(value) -> str | None:
    """ "1250", "1250,5" or "1250.5" -> "1250.5" (decimal text, never a float); else None."""
    raw = clean(None if value is None else str(value)).replace(" ", "")
    if not _LENIENT_QUANTITY_RE.match(raw):
        return None
    try:
        number = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None
    if number <= 0:
        return None
    text = format(number.normalize(), "f")
    return text
