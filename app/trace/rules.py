"""The rules plots and batches follow, and the parsers for what people type.

Pure: no database and no app needed (messages are lazy strings, translated when shown).
A batch code is printed as the GS1 lot, Application Identifier (10): 1 to 20 characters of
GS1's "encodable character set 82" (GS1 General Specifications, figure 7.11-1). The public
code in ``/t/<code>`` is 10 characters of Crockford's base32 alphabet (no I, L, O or U), so
that a code read aloud or typed from a label cannot be mistaken.
"""

import re
import secrets
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from ..numbers import parse_decimal
from ..rules import RuleError
from ..text import fold

LOT_MAX = 20
# GS1 AI encodable character set 82: digits, A–Z, a–z and these 20 symbols.
LOT_SYMBOLS = "!\"%&'()*+,-./:;<=>?_"
LOT_CHARS = frozenset(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + LOT_SYMBOLS
)
PUBLIC_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
PUBLIC_LENGTH = 10
PLANTING_CODE_MAX = 40
_PLANTING_CODE_RE = re.compile(r"^[A-Za-z0-9./-]+$")
MAX_AREA_HA = Decimal("100000")
# Vietnam, islands included, lies within these bounds (degrees north and east).
LATITUDE_RANGE = (Decimal(8), Decimal(24))
LONGITUDE_RANGE = (Decimal(102), Decimal(110))
EARLIEST_PRODUCTION = date(2000, 1, 1)
LONGEST_EXPIRY_DAYS = 3650 * 2

# The unit a batch's quantity is counted in, stored as the Vietnamese word (≤ 10 characters).
BATCH_UNITS = {
    "kg": _l("kg"),
    "tấn": _l("tonne"),
    "g": _l("g"),
    "lít": _l("litre"),
    "ml": _l("ml"),
    "chai": _l("bottle"),
    "túi": _l("bag"),
    "gói": _l("packet"),
    "hộp": _l("box"),
    "lọ": _l("jar"),
    "bao": _l("sack"),
    "quả": _l("piece of fruit"),
    "cái": _l("piece"),
    "hũ": _l("pot"),
    "bó": _l("bunch"),
}
#: The units counted in packs or pieces, one label each ("40 túi" wants 40 labels).
PACK_UNITS = frozenset({"chai", "túi", "gói", "hộp", "lọ", "bao", "quả", "cái", "hũ", "bó"})


def default_batch_unit(product_unit: str | None) -> str:
    """A new batch is counted as its product is sold (a product sold in bags: "túi"), in kg
    when the product's unit is not one a batch is counted in."""
    return product_unit if product_unit in BATCH_UNITS else "kg"


def batch_unit_label(code: str | None) -> str:
    label = BATCH_UNITS.get(code or "")
    return str(label) if label is not None else (code or "")


# --- batch codes (GS1 lots) and public codes ----------------------------------------------------


def check_lot(text: str | None) -> str:
    """The batch code as typed (without surrounding spaces) if it can be printed as a GS1 lot."""
    value = (text or "").strip()
    if not value:
        raise RuleError(_l("Enter the batch code, e.g. LB-LAC-2026-07."))
    if len(value) > LOT_MAX:
        raise RuleError(
            _l(
                "A batch code has at most %(max)d characters; this one has %(num)d.",
                max=LOT_MAX,
                num=len(value),
            )
        )
    bad = [ch for ch in dict.fromkeys(value) if ch not in LOT_CHARS]
    if bad:
        shown = " ".join("␣" if ch == " " else ch for ch in bad)
        raise RuleError(
            _l(
                "A batch code cannot contain %(chars)s. Use letters without diacritics, digits "
                "and - . / _ (no spaces).",
                chars=shown,
            )
        )
    return value


def suggest_lot(prefix: str, day: date, taken: Iterable[str] = ()) -> str:
    """A free batch code such as "LB-LAC-2026-07": a prefix (a SKU's first two parts, or
    the product name's initials), the year and the month, then "-2", "-3"… when taken."""
    head = "-".join(re.sub(r"[^A-Za-z0-9]+", "-", fold(prefix)).strip("-").split("-")[:2])
    head = (head.upper() or "LO")[:10]
    base = f"{head}-{day.year}-{day.month:02d}"
    used = {t.casefold() for t in taken}
    code, n = base, 1
    while code.casefold() in used:
        n += 1
        code = f"{base}-{n}"
    return code[:LOT_MAX]


def lot_prefix(skus: Iterable[str], name: str) -> str:
    """The start of a suggested code: "LB-LAC" from the SKU "LB-LAC-500", else the name's
    initials ("Dầu lạc Lâm Bình" -> "DLLB")."""
    for sku in skus:
        parts = [p for p in re.split(r"[-_]", sku or "") if p]
        if len(parts) >= 2:
            return "-".join(parts[:2])
    return "".join(word[0] for word in fold(name).split() if word[0].isalnum())


def new_public_code(choice: Callable[[str], str] = secrets.choice) -> str:
    """A fresh public code: 10 characters drawn from the unambiguous alphabet (50 bits)."""
    return "".join(choice(PUBLIC_ALPHABET) for _ in range(PUBLIC_LENGTH))


_LOOK_ALIKES = str.maketrans("OIL", "011")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015.]")  # spaces, dashes (a phone's too), dots


def normalize_public_code(text: str | None) -> str:
    """What a person typed from a label, as stored: upper case, no spaces, dashes or dots, and
    the letters Crockford's alphabet leaves out read as the digits they look like (O->0,
    I/L->1)."""
    value = _SEPARATORS.sub("", text or "").upper()
    return value.translate(_LOOK_ALIKES)


# --- numbers ------------------------------------------------------------------------------------


def parse_area(text: str | None) -> Decimal | None:
    """Hectares: "2,5" -> Decimal("2.5")."""
    return parse_decimal(text, 4, MAX_AREA_HA, "2,5")


def coordinate_problems(latitude: Decimal | None, longitude: Decimal | None) -> dict:
    """Both coordinates or neither, and inside Vietnam; {field: message}."""
    found: dict[str, object] = {}
    if latitude is None and longitude is None:
        return found
    if latitude is None:
        found["latitude"] = _l("Enter the latitude too, or leave both empty.")
    elif not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        found["latitude"] = _l(
            "Vietnam lies between 8° and 24° north: check the latitude (the first number)."
        )
    if longitude is None:
        found["longitude"] = _l("Enter the longitude too, or leave both empty.")
    elif not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        found["longitude"] = _l(
            "Vietnam lies between 102° and 110° east: check the longitude (the second number)."
        )
    return found


def check_planting_area_code(text: str | None) -> str:
    """A planting-area code (mã số vùng trồng) such as "VN-TQ-0801-0012"; "" when empty."""
    value = (text or "").strip()
    if len(value) > PLANTING_CODE_MAX:
        raise RuleError(_l("At most %(max)d characters.", max=PLANTING_CODE_MAX))
    if value and not _PLANTING_CODE_RE.match(value):
        raise RuleError(
            _l("Write the code as issued: letters without diacritics, digits, “-”, “.” and “/”.")
        )
    return value


# --- dates --------------------------------------------------------------------------------------


def date_problems(
    produced_on: date | None, packed_on: date | None, expires_on: date | None, today: date
) -> dict:
    """Production not in the future, packing on or after it, expiry on or after both."""
    found: dict = {}
    if produced_on is None:
        return found
    if produced_on > today:
        found["produced_on"] = _l("The harvest or production date cannot be in the future.")
    elif produced_on < EARLIEST_PRODUCTION:
        found["produced_on"] = _l("Check the date: it is before 2000.")
    if packed_on is not None and packed_on < produced_on:
        found["packed_on"] = _l("Packing cannot come before the harvest or production date.")
    if expires_on is not None:
        start = max(produced_on, packed_on or produced_on)
        if expires_on < start:
            found["expires_on"] = _l("The expiry date cannot come before packing or production.")
        elif (expires_on - start).days > LONGEST_EXPIRY_DAYS:
            found["expires_on"] = _l("Check the expiry date: it is more than 20 years later.")
    return found


def default_expiry(
    produced_on: date | None, packed_on: date | None, shelf_life_days: int | None
) -> date | None:
    """Packing (or production) date plus the product's shelf life; None without a shelf life."""
    start = packed_on or produced_on
    if start is None or not shelf_life_days:
        return None
    return start + timedelta(days=shelf_life_days)


def recall_problems(reason: str, advice: str, on: date | None, today: date) -> dict:
    found: dict = {}
    if not (reason or "").strip():
        found["reason"] = _l("Say why the batch is recalled.")
    if not (advice or "").strip():
        found["advice"] = _l("Tell buyers what to do with what they bought.")
    if on is None:
        found["recalled_on"] = _l("Enter the date of the recall.")
    elif on > today:
        found["recalled_on"] = _l("The recall date cannot be in the future.")
    return found


# --- lineage ------------------------------------------------------------------------------------


def reaches(start: Iterable[int], target: int, inputs_of: Callable[[set[int]], set[int]]) -> bool:
    """Does ``target`` occur in ``start`` or anywhere in its ancestry?

    ``inputs_of(ids)`` returns the input batches of all ``ids`` at once, so the whole ancestry
    costs one query per generation. Making batch B from inputs ``start`` closes a cycle exactly
    when this is true for ``target`` = B.
    """
    seen: set[int] = set()
    frontier = set(start)
    while frontier:
        if target in frontier:
            return True
        seen |= frontier
        frontier = inputs_of(frontier) - seen
    return False
