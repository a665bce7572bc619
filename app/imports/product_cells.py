"""Reading the cells of a product sheet: numbers, quantities, standards, categories, image links.

Pure functions: each takes the cleaned text of one cell and returns the value to save, or
raises :class:`CellError` with a message for the user. The product rules shared with the
product form come from :mod:`app.products.rules` (SKUs, GTINs) and :mod:`app.numbers` (prices,
net quantities).
"""

import re
from functools import cache
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

from .. import numbers, vietnamese
from ..products import categories, rules
from ..rules import RuleError
from ..text import fold
from ..vietnamese import msgid_of

# A cell that cannot be read raises the product rules' own error (``message`` for the user).
CellError = RuleError


# --- whole numbers --------------------------------------------------------------------------


def whole_number(text: str, low: int = 0, high: int = 10**9, suffixes: tuple[str, ...] = ()):
    """A whole number as people write it ("1.000", "1,000", "12 ngày"): :func:`numbers.bounded`
    once a unit word the column allows is taken off."""
    value = text.strip()
    folded = fold(value)
    for suffix in suffixes:
        if folded.endswith(suffix) and len(folded) > len(suffix):
            value = value[: -len(suffix)].strip()
            break
    return numbers.bounded(_excel_number(value), low, high)


# --- standards, status ------------------------------------------------------------------------

_STANDARD_PREFIXES = (("tcvn", "tcvn"), ("qcvn", "qcvn"), ("tccs", "in_house"), ("tc", "in_house"))
_STANDARD_RE = re.compile(r"^([A-Za-zĐđ]+)\s*[.:]?\s*([0-9][0-9A-Za-z.:/\- ]*)$")


def standard(text: str) -> tuple[str | None, str]:
    """("tcvn", "TCVN 4850:2010") from "tcvn 4850:2010"; TCCS (in-house) and QCVN alike."""
    if not text:
        return None, ""
    match = _STANDARD_RE.match(text.strip())
    if match:
        prefix = fold(match.group(1))
        for word, kind in _STANDARD_PREFIXES:
            if prefix == word:
                label = "TCCS" if word == "tc" else word.upper()
                return kind, f"{label} {match.group(2).strip()}"
    raise CellError(
        _l(
            "Write the standard as TCVN, QCVN or TCCS followed by its number, "
            "e.g. “TCVN 4850:2010” or “TCCS 01:2024/HTX”."
        )
    )


STATUS_CHOICES = ("Nháp", "Đang bán")
_STATUSES = {
    "": "draft",
    "nhap": "draft",
    "ban nhap": "draft",
    "draft": "draft",
    "dang ban": "active",
    "ban": "active",
    "active": "active",
    "hien": "active",
}


def status(text: str) -> str:
    """ "draft" or "active" from "Nháp" / "Đang bán" (or English); blank means draft."""
    found = _STATUSES.get(fold(text))
    if found is None:
        raise CellError(_l("Write “Nháp” (draft) or “Đang bán” (on sale)."))
    return found


# --- categories -------------------------------------------------------------------------------


def vietnamese_label(category: categories.Category) -> str:
    return vietnamese.gettext(msgid_of(category.label))


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _spellings(label: str) -> list[str]:
    """ "Chè (trà)" → the whole label, "Chè" and "trà"."""
    names = [label]
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", label)
    if match:
        names += [match.group(1), match.group(2)]
    return names


@cache
def _category_index() -> dict[str, str | None]:
    """Folded code, English or Vietnamese label (alone or after its group's) → leaf code.

    A group with a single leaf ("Honey and bee products") stands for that leaf. None marks a
    spelling two leaves share: never guessed.
    """
    index: dict[str, str | None] = {}

    def add(name: str, code: str) -> None:
        key = _key(name)
        index[key] = code if index.get(key, code) == code else None

    for leaf in categories.LEAVES:
        group = categories.group_of(leaf)
        add(leaf.code, leaf.code)
        siblings = [c for c in categories.LEAVES if c.group == leaf.group]
        for label, group_label in (
            (msgid_of(leaf.label), msgid_of(group.label)),
            (vietnamese_label(leaf), vietnamese_label(group)),
        ):
            for name in _spellings(label):
                add(name, leaf.code)
                add(f"{group_label} {name}", leaf.code)
            if len(siblings) == 1:
                add(group_label, leaf.code)
    return index


def category(text: str) -> str:
    """A leaf code from its code, English or Vietnamese label, diacritics and case aside."""
    code = _category_index().get(_key(text.replace("›", " ").replace(">", " ")))
    if code is None:
        raise CellError(
            _l(
                "Unknown category “%(name)s”. Pick one from the list of the template "
                "(sheet “Danh mục sản phẩm”).",
                name=text,
            )
        )
    return code


# --- image links ------------------------------------------------------------------------------

_LINK_SPLIT_RE = re.compile(r"[\s,;]+")


def image_links(text: str) -> list[str]:
    """The http(s) links of an image cell, in order, without repeats."""
    links = []
    for link in _LINK_SPLIT_RE.split(text.strip()):
        if not link:
            continue
        parts = urlsplit(link)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise CellError(
                _l(
                    "“%(link)s” is not a web link: image links start with http:// or https://.",
                    link=link[:80],
                )  # fmt: skip
            )
        if len(link) > 2000:
            raise CellError(_l("This link is too long."))
        if link not in links:
            links.append(link)
    return links


# --- prices, SKUs, GTINs, net quantities: the product form's own rules -----------------------


def price(text: str) -> int | None:
    """Whole đồng from "120.000 đ", "120,000", "120000 VND" (:func:`numbers.parse_price`)."""
    return numbers.parse_price(_excel_number(text))


def sku(text: str) -> str:
    return rules.check_sku(text)


def gtin(text: str) -> str | None:
    """GTIN-14, zero-padded (:func:`rules.parse_gtin`); Excel may have stored it as 8.93e12."""
    return rules.parse_gtin(_excel_number(text))


NET_UNITS = {
    "g": "g", "gr": "g", "gam": "g", "gram": "g", "kg": "kg", "kilogam": "kg", "ki lo": "kg",
    "ml": "ml", "l": "l", "lit": "l", "litre": "l", "liter": "l", "pcs": "pcs", "cai": "pcs",
    "qua": "pcs", "chiec": "pcs", "goi": "pcs", "vien": "pcs", "con": "pcs",
}  # fmt: skip
_NET_RE = re.compile(r"^([0-9][0-9.,]*)\s*([a-z ]*)$")


def net_quantity(text: str) -> tuple[str, str]:
    """("1.5", "kg") from "1,5 kg"; ("500", "g") from "500g"; blank gives ("", "g").

    The number is read by :func:`numbers.parse_quantity_text`, the unit here.
    """
    if not text:
        return "", "g"
    match = _NET_RE.match(fold(text))
    unit = NET_UNITS.get(match.group(2).strip()) if match else None
    if match is None or unit is None:
        raise CellError(_l("Write the quantity and its unit, e.g. “500 g”, “1,5 kg”, “250 ml”."))
    quantity = numbers.parse_quantity_text(match.group(1))
    if quantity is None:  # (the pattern matched digits: never)
        raise CellError(_l("Write the quantity and its unit, e.g. “500 g”, “1,5 kg”, “250 ml”."))
    return quantity, unit


def sale_unit(text: str) -> str:
    """The product form's word for a unit ("Gói", "goi" → "gói"); other units as written."""
    key = fold(text)
    return next((unit for unit in rules.UNITS if fold(unit) == key), text)


def _excel_number(text: str) -> str:
    """A number cell Excel stored as a float (120000.0) back to its digits."""
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text
