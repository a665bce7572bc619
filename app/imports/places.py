"""Find a 2025 province and commune from what officers type: a code, a name, or an old address.

Names match with or without diacritics, case, spacing and the "Tỉnh"/"Thành phố"/"Xã"/
"Phường"/"Đặc khu" prefix. Pre-2025 addresses ("xa Tho Binh, huyen Lam Binh, tinh Tuyen
Quang") go through the ``vietnamadminunits`` converter, offline only: the street part is cut off
first, because with a street the converter may ask an online geocoder.
"""

import contextlib
import re
from functools import cache

from .. import areas
from ..text import clean, fold

_PROVINCE_PREFIXES = ("thanh pho", "tinh", "tp")
_COMMUNE_PREFIXES = ("xa", "phuong", "dac khu")
_PROVINCE_ALIASES = {"hcm": 79, "tphcm": 79, "saigon": 79, "hn": 1}


def place_key(text: str) -> str:
    """Letters and digits of the folded name: "Xã Ea H’leo" and "xa ea h'leo" agree."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _accented_key(text: str) -> str:
    """Letters and digits, lower case, diacritics kept: "Lộc Thành" and "Lộc Thạnh" differ."""
    return re.sub(r"[\W_]", "", clean(text).lower())


def _bare(text: str, prefixes: tuple[str, ...]) -> str:
    """The name without its "Xã"/"Phường"/"Tỉnh"/"TP." word(s)."""
    words = clean(text).replace(".", ". ").split()
    for prefix in prefixes:
        size = len(prefix.split())
        if len(words) > size and place_key(" ".join(words[:size])) == prefix.replace(" ", ""):
            return " ".join(words[size:])
    return " ".join(words)


def _code(text: str) -> int | None:
    digits = text.strip()
    return int(digits) if re.fullmatch(r"[0-9]{1,6}", digits) else None


class Ambiguous(LookupError):
    """Several places of the province answer to this name (diacritics or prefix missing)."""


_KEYS = (_accented_key, place_key)  # exact first, then without diacritics


def _index(places, prefixes) -> list[dict[str, int | None]]:
    """One index per key function of ``_KEYS``; None marks a key several places share."""
    indexes: list[dict[str, int | None]] = [{} for _ in _KEYS]
    for place in places:
        for name in (place.name, _bare(place.name, prefixes)):
            for index, key_of in zip(indexes, _KEYS, strict=True):
                key = key_of(name)
                index[key] = place.code if index.get(key, place.code) == place.code else None
    return indexes


def _lookup(text: str, indexes, prefixes) -> int | None:
    for index, key_of in zip(indexes, _KEYS, strict=True):
        for name in (text, _bare(text, prefixes)):
            key = key_of(name)
            if key in index:
                if index[key] is None:
                    raise Ambiguous(text)
                return index[key]
    return None


@cache
def _province_index():
    exact, folded = _index(areas.provinces(), _PROVINCE_PREFIXES)
    return [exact, {**_PROVINCE_ALIASES, **folded}]


@cache
def _commune_index(province_code: int):
    return _index(areas.communes(province_code), _COMMUNE_PREFIXES)


def find_province(text: str) -> int | None:
    """A province code from a code ("8", "08") or a name ("Tuyên Quang", "TINH TUYEN QUANG")."""
    code = _code(text)
    if code is not None:
        return code if areas.province(code) else None
    try:
        return _lookup(text, _province_index(), _PROVINCE_PREFIXES)
    except Ambiguous:
        return None


def find_commune(text: str, province_code: int | None) -> int | None:
    """A commune code from a code, or from a name within ``province_code``.

    Raises :class:`Ambiguous` when the name fits several communes of the province, e.g.
    "Loc Thanh" for Xã Lộc Thành and Xã Lộc Thạnh.
    """
    code = _code(text)
    if code is not None:
        found = areas.commune(code)
        if found and province_code in (None, found.province_code):
            return code
        return None
    if province_code is None:
        return None
    return _lookup(text, _commune_index(province_code), _COMMUNE_PREFIXES)


def resolve_legacy(address: str) -> tuple[int | None, int | None]:
    """(province, commune) codes of today for a pre-2025 address; None where not found."""
    parts = [p for p in address.split(",") if p.strip()]
    # "(street), ward, district, province": keep the last three, never the street (see above).
    return _resolve_legacy(",".join(parts[-3:]).strip())


@cache
def _resolve_legacy(address: str) -> tuple[int | None, int | None]:
    if not address:
        return None, None
    try:
        from vietnamadminunits import convert_address

        unit = convert_address(address)
    except Exception:  # noqa: BLE001 — an address the converter cannot read is just "not found"
        return None, None
    province_code = find_province(unit.province or "")
    if province_code is None or not unit.ward:
        return province_code, None
    commune_code = None
    with contextlib.suppress(Ambiguous):
        commune_code = find_commune(unit.ward, province_code)
    if commune_code is None and unit.ward_code:
        # The two packages spell a few names differently; fall back on the shared code.
        commune_code = find_commune(str(int(unit.ward_code)), province_code)
    return province_code, commune_code
