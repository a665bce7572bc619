"""Numbers read from addresses (ids, page numbers), bounded before they reach a query, and the
one way a list is cut into pages (:func:`paginate`).

Row ids are 32-bit integers (PostgreSQL ``integer``). A larger number names no row, but a query
given one fails with an overflow error (``integer out of range`` on PostgreSQL, ``Python int too
large`` on SQLite) that would answer 500; a page number of 10^30 would do the same through its
offset. So the app's ``<int:…>`` converter (app/converters.py) matches only 0 to
:data:`MAX_ID` (anything else is a 404 before the view runs), views read ``?page=`` and ids in
the query string through :func:`page_number` and :func:`id_arg`, and the ``…_or_403`` loaders
go through :func:`get_or_404`, whatever the id came from.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from .extensions import db

Row = TypeVar("Row")

MAX_ID = 2**31 - 1
# The last page a list shows: 10,000 pages of 20-50 rows is past any real list, and the
# offset stays far inside a 64-bit integer.
MAX_PAGE = 10_000


def bounded_digits(text: str | None, maximum: int) -> int | None:
    """``text`` as an int in 0..maximum when it is plain ASCII digits, else None."""
    if not text or not text.isascii() or not text.isdigit():
        return None
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(maximum)):
        return None  # also spares int() a 5,000-digit string (ValueError past 4,300)
    value = int(digits)
    return value if value <= maximum else None


def page_number(name: str = "page") -> int:
    """The list page asked for in ``?page=``: 1 when missing, invalid or below 1, at most
    :data:`MAX_PAGE` (a page past the end is an empty page, not an error)."""
    raw = request.args.get(name, "")
    value = bounded_digits(raw, MAX_PAGE)
    if value is None:
        return MAX_PAGE if raw.isascii() and raw.isdigit() and raw.strip("0") else 1
    return max(value, 1)


def paginate(stmt: Select[Any], page: int, per_page: int) -> Pagination:
    """Page ``page`` (from :func:`page_number`) of the rows ``stmt`` selects, in its order.

    Every list pages this way, services and views alike: the result has ``items``, ``total``,
    ``pages`` and what the pager macro (templates/_macros/pager.html) reads. A page past the
    end is empty, not a 404.
    """
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def id_arg(name: str) -> int | None:
    """An id from the query string (``?cooperative=12``): None when missing, not a number, or
    outside 1..:data:`MAX_ID`, so no overflowing number reaches a query."""
    value = bounded_digits(request.args.get(name), MAX_ID)
    return value if value else None


def get_or_404(model: type[Row], ident: int | None) -> Row:
    """The row of ``model`` with this primary key, or 404: also for an id no row can have
    (None, not an int, outside 1..:data:`MAX_ID`), which never reaches the database."""
    if type(ident) is not int or not 0 < ident <= MAX_ID:
        abort(404)
    return db.session.get(model, ident) or abort(404)
