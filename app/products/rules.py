"""The rules a product and its variants follow, and the parsers for what people type.

Pure: no database and no app needed (messages are lazy strings, translated when shown), so the
product form and the spreadsheet import read SKUs and GTINs alike (prices and net quantities
are read by :mod:`app.numbers`). Limits follow ../shared/notes/marketplaces-and-law.md: SKU
≤ 50 characters of ``[A-Za-z0-9_-]``; VND price up to 180,000,000 (:data:`app.numbers.MAX_PRICE`);
package weight ≤ 300 kg; integer centimetres;
GTIN-8/12/13/14 with a valid GS1 check digit; titles of 25–120 characters sell best.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from biip import ParseError
from biip.gtin import Gtin
from biip.rcn import Rcn
from flask_babel import lazy_gettext as _l

from .. import vietnamese
from ..models import CertificateKind
from ..rules import RuleError
from ..text import fold
from ..vietnamese import msgid_of
from . import categories

MAX_WEIGHT_G = 300_000
MAX_SIDE_CM = 300
MAX_STOCK = 10_000_000
MAX_SHELF_LIFE_DAYS = 3650
TITLE_MIN, TITLE_MAX = 25, 120
SEARCH_TEXT_MAX = 600

# The sale unit is stored as the Vietnamese word (what the label and the listing print).
UNITS = {
    "kg": _l("kg"),
    "g": _l("g"),
    "hộp": _l("box"),
    "chai": _l("bottle"),
    "gói": _l("packet"),
    "túi": _l("bag"),
    "lọ": _l("jar"),
    "hũ": _l("pot"),
    "bó": _l("bunch"),
    "quả": _l("piece of fruit"),
    "cái": _l("piece"),
}
NET_UNITS = {
    "g": _l("g"),
    "kg": _l("kg"),
    "ml": _l("ml"),
    "l": _l("litre"),
    "pcs": _l("pieces"),
}


def unit_label(code: str | None) -> str:
    """ "hộp" in Vietnamese, "box" in English; an unknown (imported) unit as written."""
    label = UNITS.get(code or "")
    return str(label) if label is not None else (code or "")


def net_unit_label(code: str | None) -> str:
    label = NET_UNITS.get(code or "")
    return str(label) if label is not None else (code or "")


def net_quantity_label(quantity: str | None, unit: str | None) -> str:
    """ "1,5 kg" in Vietnamese style (comma decimal mark) for display."""
    if not quantity:
        return ""
    try:
        Decimal(quantity)
    except InvalidOperation:
        return quantity
    return f"{quantity.replace('.', ',')} {net_unit_label(unit)}"


# --- SKUs and GTINs ---------------------------------------------------------------------------

_SKU_RE = re.compile(r"^[A-Za-z0-9_-]{1,50}$")


def check_sku(text: str | None) -> str:
    """The SKU as typed (without surrounding spaces) if it is one marketplaces accept."""
    value = (text or "").strip()
    if not value:
        raise RuleError(_l("Enter the SKU of this variant."))
    if len(value) > 50:
        raise RuleError(_l("At most %(max)d characters.", max=50))
    if not _SKU_RE.match(value):
        raise RuleError(_l("A SKU has 1 to 50 letters (no diacritics), digits, “-” or “_”."))
    return value


def _sku_words(text: str | None) -> list[str]:
    """ASCII upper-case words of ``text``, a number kept with its unit ("500 g" -> "500G")."""
    folded = re.sub(r"(\d)\s+([a-z]{1,2}\b)", r"\1\2", fold(text))
    return [w.upper() for w in re.split(r"[^a-z0-9]+", folded) if w]


def suggest_sku(product_name: str, variant_name: str, position: int, taken=frozenset()) -> str:
    """A SKU for a variant left without one: the product name's initials and the variant's
    words ("Lạc đỏ Lâm Bình", "Túi 500 g" -> "LDLB-TUI-500G"), the row's number when the
    variant has no name; "-2", "-3"… until it is not in ``taken`` (compared case-folded).
    Always a SKU :func:`check_sku` accepts."""
    initials = "".join(w[0] for w in _sku_words(product_name))[:8] or "SP"
    variant = "-".join(_sku_words(variant_name))[:30].strip("-") or str(position)
    base = f"{initials}-{variant}"
    used = {t.casefold() for t in taken}
    sku, n = base, 1
    while sku.casefold() in used:
        n += 1
        sku = f"{base[: 49 - len(str(n))]}-{n}"
    return sku


def parse_gtin(text: str | None) -> str | None:
    """GTIN-14, zero-padded, from a GTIN-8, -12, -13 or -14 with a valid check digit.

    Spaces and dashes are ignored; None when empty. Restricted circulation numbers (shop-
    internal codes starting 02 or 2) and all zeros are refused: marketplaces reject them.
    """
    digits = re.sub(r"[\s-]", "", text or "")
    if not digits:
        return None
    if not (digits.isascii() and digits.isdigit()) or len(digits) not in (8, 12, 13, 14):
        raise RuleError(_l("A GTIN (barcode number) has 8, 12, 13 or 14 digits."))
    if not digits.strip("0"):
        raise RuleError(_l("This is not a GTIN: it is all zeros."))
    try:
        gtin = Gtin.parse(digits)
    except ParseError:
        raise RuleError(_l("This GTIN's check digit is wrong: check the number.")) from None
    if isinstance(gtin, Rcn):
        raise RuleError(
            _l("This is a shop-internal number (restricted circulation), not a GTIN to sell with.")
        )
    return gtin.as_gtin_14()


@dataclass(frozen=True)
class GtinInfo:
    """A stored GTIN as people read it: its digits in its own length, and who issued it."""

    digits: str
    format: str  # "GTIN-13"
    prefix: str | None  # "893"
    issuer: str | None  # "GS1 Vietnam"


def gtin_info(gtin14: str | None) -> GtinInfo | None:
    """Display form and GS1 prefix organisation of a stored GTIN-14; None if there is none."""
    if not gtin14:
        return None
    try:
        gtin = Gtin.parse(gtin14)
    except ParseError:
        return GtinInfo(gtin14, "", None, None)
    length = int(gtin.format.value)
    prefix = gtin.prefix
    return GtinInfo(
        digits=gtin.as_gtin_14()[-length:],
        format=f"GTIN-{length}",
        prefix=prefix.value if prefix else None,
        issuer=prefix.usage if prefix else None,
    )


# --- titles, search, stars --------------------------------------------------------------------


def title_warning(name: str) -> object | None:
    """A warning (not an error) when the name is outside the 25–120 characters marketplaces
    want; None when it fits."""
    if len(name) < TITLE_MIN:
        return _l(
            "Marketplaces want a name of %(min)d to %(max)d characters; this one has %(num)d. "
            "Add the region, the cooperative or the pack size.",
            min=TITLE_MIN,
            max=TITLE_MAX,
            num=len(name),
        )
    if len(name) > TITLE_MAX:
        return _l(
            "Marketplaces want a name of %(min)d to %(max)d characters; this one has %(num)d.",
            min=TITLE_MIN,
            max=TITLE_MAX,
            num=len(name),
        )
    return None


def category_words(code: str | None) -> str:
    """Everything a search should find a category by: its and its group's Vietnamese and
    English labels and search words."""
    words = []
    category = categories.get(code)
    while category is not None:
        msgid = msgid_of(category.label)
        words += [vietnamese.gettext(msgid), msgid, category.search_words]
        category = categories.get(category.group) if category.group else None
    return " ".join(w for w in words if w)


def search_text(name: str, category: str | None, skus=(), gtin: str | None = None, extra=()) -> str:
    """Folded words a search finds the product by: name, category labels, SKUs, GTIN."""
    words = [name, category_words(category), *skus, *(extra or ())]
    if gtin:
        words += [gtin, gtin.lstrip("0")]
    return fold(" ".join(w for w in words if w))[:SEARCH_TEXT_MAX].strip()


def ocop_stars(certificates) -> int | None:
    """The most OCOP stars among ``certificates`` (already filtered to the valid ones)."""
    stars = [c.ocop_stars for c in certificates if c.kind == CertificateKind.OCOP and c.ocop_stars]
    return max(stars) if stars else None
