"""Columns of an import sheet: header matching, cleaning, and the row-checking loop.

A sheet is a tuple of :class:`Column`. :func:`map_headers` matches the file's header row to
them, forgiving case, diacritics, spacing and punctuation ("MA SO THUE", "Mã số thuế (*)").
:func:`check_rows` cleans every cell (NFC, control characters, length) and hands each row to a
rule that returns the values to save, reporting problems on the way.
"""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ..text import clean, clean_multiline, fold
from .problems import ImportFileError, Problem
from .reader import Table

IGNORED_HEADERS = ("STT", "Số thứ tự", "TT")  # a row-number column is common; never imported


@dataclass(frozen=True)
class Column:
    """One column of an import sheet. ``header`` is the Vietnamese heading of the template."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False  # the header must be in the file (the value is the rule's business)
    max_length: int | None = None
    multiline: bool = False
    note: str = ""  # what to write, shown as the header's comment in the template
    example: str = ""
    choices: tuple[str, ...] = ()  # a drop-down list in the template
    width: int = 20


def header_key(text: str) -> str:
    """Letters and digits only, folded: "Mã số thuế (*)" and "MA SO THUE" both give "masothue"."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


@dataclass
class RowResult:
    """One data row: the values a rule produced and what is wrong with it."""

    number: int
    values: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: dict = field(default_factory=dict)  # extra facts for the preview (e.g. resolved place)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Preview:
    """Every non-empty row of a file, checked; what the preview page and the CLI show."""

    rows: list[RowResult]
    encoding: str | None = None

    @property
    def valid(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]

    @property
    def invalid(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]

    def fingerprint(self) -> str:
        """Short digest of what would be saved: the confirmation must match the preview seen."""
        payload = json.dumps(
            [[r.number, r.values] for r in self.valid], sort_keys=True, default=str
        ).encode()
        return hashlib.sha256(payload).hexdigest()[:32]


def map_headers(headers: list[str], columns: tuple[Column, ...]) -> dict[int, Column]:
    """Position -> column for the file's header row; refuse missing, unknown or repeated ones."""
    known: dict[str, Column] = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            known[header_key(name)] = column
    ignored = {header_key(name) for name in IGNORED_HEADERS}
    mapping: dict[int, Column] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    seen: set[str] = set()
    for position, raw in enumerate(headers):
        text = clean(raw)
        key = header_key(text)
        if not key or key in ignored:
            continue
        found = known.get(key)
        if found is None:
            unknown.append(text)
        elif found.key in seen:
            repeated.append(text)
        else:
            seen.add(found.key)
            mapping[position] = found
    missing = [c.header for c in columns if c.required and c.key not in seen]
    messages = []
    if missing:
        messages.append(_l("Missing columns: %(names)s.", names=_quoted(missing)))
    if unknown:
        messages.append(
            _l(
                "Unknown columns: %(names)s. Use the headers of the template: %(known)s.",
                names=_quoted(unknown),
                known=_quoted([c.header for c in columns]),
            )
        )
    if repeated:
        messages.append(_l("Columns given twice: %(names)s.", names=_quoted(repeated)))
    if messages:
        raise ImportFileError(*messages)
    return mapping


def _quoted(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


class Row:
    """The cleaned cells of one row, by column key, and the problems found so far."""

    def __init__(self, number: int, cells: dict[str, str], columns: dict[str, Column]):
        self.number = number
        self.cells = cells
        self.columns = columns
        self.result = RowResult(number)

    def text(self, key: str) -> str:
        return self.cells.get(key, "")

    def problem(self, key: str | None, message) -> None:
        header = self.columns[key].header if key in self.columns else None
        self.result.problems.append(Problem(self.number, header, message))


def check_rows(
    table: Table, columns: tuple[Column, ...], rule: Callable[[Row], dict | None]
) -> Preview:
    """Clean every row and run ``rule`` on it; a row's values are kept only if it has no problem."""
    mapping = map_headers(table.headers, columns)
    by_key = {column.key: column for column in columns}
    rows = []
    for number, raw in table.rows:
        cells = {}
        for position, column in mapping.items():
            value = raw[position] if position < len(raw) else ""
            cells[column.key] = (clean_multiline if column.multiline else clean)(value)
        if not any(cells.values()):
            continue  # a row with data only in ignored columns (e.g. a lone row number)
        row = Row(number, cells, by_key)
        for key, value in cells.items():
            limit = by_key[key].max_length
            if limit and len(value) > limit:
                row.problem(key, _l("At most %(max)d characters.", max=limit))
        values = rule(row)
        if not row.result.problems:
            row.result.values = values or {}
        rows.append(row.result)
    return Preview(rows=rows, encoding=table.encoding)
