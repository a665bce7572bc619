"""Vietnam's administrative areas since 1 July 2025: 34 provinces and 3,321 communes.

A thin, cached layer over the ``vietnam-provinces`` package so the rest of the app speaks in
plain integer codes and names.
"""

from dataclasses import dataclass
from functools import cache

from vietnam_provinces import Province, Ward

from .text import fold


@dataclass(frozen=True)
class Area:
    code: int
    name: str
    province_code: int | None = None


@cache
def provinces() -> tuple[Area, ...]:
    """All provinces, sorted by name the Vietnamese way (diacritics ignored)."""
    items = (Area(int(p.code), p.name) for p in Province.iter_all())
    return tuple(sorted(items, key=lambda a: fold(a.name)))


@cache
def _communes_by_province() -> dict[int, tuple[Area, ...]]:
    grouped: dict[int, list[Area]] = {}
    for w in Ward.iter_all():
        grouped.setdefault(int(w.province_code), []).append(
            Area(int(w.code), w.name, int(w.province_code))
        )
    return {k: tuple(sorted(v, key=lambda a: fold(a.name))) for k, v in grouped.items()}


@cache
def _communes_by_code() -> dict[int, Area]:
    return {a.code: a for group in _communes_by_province().values() for a in group}


@cache
def _provinces_by_code() -> dict[int, Area]:
    return {a.code: a for a in provinces()}


def communes(province_code: int | None) -> tuple[Area, ...]:
    """The communes (xã, phường, đặc khu) of one province; empty for an unknown code."""
    return _communes_by_province().get(province_code or -1, ())


def province(code: int | None) -> Area | None:
    return _provinces_by_code().get(code or -1)


def commune(code: int | None) -> Area | None:
    return _communes_by_code().get(code or -1)


def commune_in_province(commune_code: int | None, province_code: int | None) -> bool:
    found = commune(commune_code)
    return found is not None and found.province_code == province_code


def place_name(commune_code: int | None, province_code: int | None) -> str:
    """ "Xã Lâm Bình, Tuyên Quang" for display."""
    parts = [a.name for a in (commune(commune_code), province(province_code)) if a]
    return ", ".join(parts)
