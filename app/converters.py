"""The app's URL converters: what an address may hold is settled before any view runs.

``<int:…>`` takes ids up to :data:`app.paging.MAX_ID` (a larger number overflows the database's
integer and answered 500); ``<…>``, ``<string:…>`` and ``<path:…>`` refuse control characters
(a NUL in ``/c/<slug>`` reached PostgreSQL, which refuses NUL in text, and answered 500).
Either way the address does not match, so it answers 404.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import (
    BaseConverter,
    IntegerConverter,
    PathConverter,
    UnicodeConverter,
    ValidationError,
)

from .paging import MAX_ID, bounded_digits

CONTROLS = frozenset(map(chr, [*range(0x20), 0x7F]))


class IdConverter(IntegerConverter):
    """``IntegerConverter`` whose ``max`` is :data:`MAX_ID` unless a rule says otherwise."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    def to_python(self, value: str) -> int:
        if not self.signed and bounded_digits(value, self.max or MAX_ID) is None:
            raise ValidationError()  # also spares int() a 5,000-digit string
        return super().to_python(value)


class _NoControls(BaseConverter):
    def to_python(self, value: str) -> str:
        if not CONTROLS.isdisjoint(value):
            raise ValidationError()
        return super().to_python(value)


class TextConverter(_NoControls, UnicodeConverter):
    """One path segment, as werkzeug's default converter, without control characters."""


class TextPathConverter(_NoControls, PathConverter):
    """Several path segments, as werkzeug's ``path``, without control characters."""


def register_converters(app: Flask) -> None:
    """Make these the app's converters; call it before any route is added."""
    app.url_map.converters.update(
        int=IdConverter, default=TextConverter, string=TextConverter, path=TextPathConverter
    )
