"""The marketplace's category list as a template carries it: the list validation on the
category column (its cells, on this sheet, another sheet or through a defined name), else a
sheet named for categories.

Validations are read from the sheet's XML after its rows, both Excel's own
``<dataValidation>`` and Excel 2010's ``<x14:dataValidation>`` in ``extLst`` (used when the
list sits on another sheet, and which openpyxl does not read). Every read is bounded: the
sheet's bytes by the reader's limits, the list by :data:`MAX_CATEGORIES`.
"""

import html
import re

from ..imports.limits import Budget, part_too_large
from ..text import clean, fold

MAX_CATEGORIES = 20_000
CHUNK = 64 * 1024
CATEGORY_SHEET_WORDS = ("category", "categories", "danh muc", "nganh hang")
_END_OF_ROWS = re.compile(rb"</(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*/>")
_VALIDATION = re.compile(
    rb"<(?:\w+:)?dataValidation\b([^>]*)>(.*?)</(?:\w+:)?dataValidation>", re.DOTALL
)
_ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_FORMULA = re.compile(rb"<(?:\w+:)?formula1>(.*?)</(?:\w+:)?formula1>", re.DOTALL)
_INNER_F = re.compile(rb"<(?:\w+:)?f>(.*?)</(?:\w+:)?f>", re.DOTALL)
_SQREF = re.compile(rb"<(?:\w+:)?sqref>(.*?)</(?:\w+:)?sqref>", re.DOTALL)
_DEFINED = re.compile(rb"<(?:\w+:)?definedName\b([^>]*)>(.*?)</(?:\w+:)?definedName>", re.DOTALL)
_RANGE = re.compile(
    r"^(?:(?:'((?:[^']|'')+)'|([^'!\s]+))!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$"
)
_NAME = re.compile(r"^[A-Za-z_\\][\w.\\]*$")
_AREA = re.compile(r"^\$?([A-Z]{1,3})\$?(\d*)(?::\$?([A-Z]{1,3})\$?(\d*))?$")


def column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def categories(book, layout, limits) -> tuple[str, ...]:
    """The category list of the template opened as ``book`` (see the module's note)."""
    index = layout.category_index
    found: list[str] = []
    if index is not None:
        for formula in _list_formulas(book, layout.part, index, limits):
            found = _resolve(book, layout.sheet, formula, limits)
            if found:
                break
    if not found:
        found = _category_sheet(book, layout.sheet, limits)
    return tuple(dict.fromkeys(v for v in found if v))[:MAX_CATEGORIES]


def rows_tail(archive, part: str, budget: int) -> bytes:
    """What the sheet's XML holds after its rows (validations, extLst), read in chunks:
    only a small overlap of the rows is kept while looking for their end."""
    kept, tail, total = b"", None, 0
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK):
            total += len(chunk)
            if total > budget:
                raise part_too_large("sheet", budget)
            if tail is not None:
                tail.append(chunk)
                continue
            kept += chunk
            match = _END_OF_ROWS.search(kept)
            if match:
                tail = [kept[match.start() :]]
            else:
                kept = kept[-64:]
    return b"".join(tail or ())


def _list_formulas(book, part: str, index: int, limits):
    tail = rows_tail(book.archive, part, limits.max_sheet_bytes)
    for attrs_raw, body in _VALIDATION.findall(tail):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTRIBUTE.findall(attrs_raw)}
        if attrs.get(b"type") != b"list":
            continue
        sqref = attrs.get(b"sqref") or b" ".join(_SQREF.findall(body))
        formula = _FORMULA.search(body)
        if formula is None or not _covers(_text(sqref), index):
            continue
        inner = _INNER_F.search(formula.group(1))
        yield _text(inner.group(1) if inner else formula.group(1)).lstrip("=")


def _text(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8", "replace")).strip()


def _covers(sqref: str, index: int) -> bool:
    for area in sqref.split():
        match = _AREA.match(area.split("!")[-1])
        if match:
            first = column_index(match.group(1))
            last = column_index(match.group(3)) if match.group(3) else first
            if first <= index <= last:
                return True
    return False


def _resolve(book, sheet: str, formula: str, limits, depth: int = 0) -> list[str]:
    """The values a list validation's ``formula`` offers: a literal list, a range on this
    or another sheet, or a defined name standing for one."""
    if formula.startswith('"'):
        return [clean(v) for v in formula.strip('"').split(",")]
    match = _RANGE.match(formula.replace(" ", ""))
    if match:
        quoted, bare, c1, r1, c2, r2 = match.groups()
        title = (quoted.replace("''", "'") if quoted else bare) or sheet
        columns = (column_index(c1), column_index(c2 or c1))
        return _cells(book, title, (int(r1), int(r2 or r1)), columns, limits)
    if depth == 0 and _NAME.match(formula):
        target = _defined_names(book).get(formula.lower())
        if target:
            return _resolve(book, sheet, target, limits, depth + 1)
    return []  # INDIRECT(), OFFSET() and the like: not followed


def _defined_names(book) -> dict[str, str]:
    with book.archive.open("xl/workbook.xml") as stream:
        data = stream.read(4 * 1024 * 1024)
    names: dict[str, str] = {}
    for attrs_raw, body in _DEFINED.findall(data):
        attrs = dict(_ATTRIBUTE.findall(attrs_raw))
        name = _text(attrs.get(b"name", b"")).lower()
        names.setdefault(name, _text(body).lstrip("="))
    return names


def _part_of(book, title: str) -> str | None:
    wanted = fold(title)
    return next((part for name, part in book.sheets if fold(name) == wanted), None)


def _cells(book, title: str, rows: tuple[int, int], columns: tuple[int, int], limits) -> list:
    part = _part_of(book, title)
    if part is None:
        return []
    values: list[str] = []
    for number, cells in book.rows(part, Budget(limits.max_cells)):
        if number > rows[1] or len(values) >= MAX_CATEGORIES:
            break  # the reading stops: the generator is closed as it is dropped
        if number >= rows[0]:
            values += [clean(c) for c in cells[columns[0] - 1 : columns[1]] if c.strip()]
    return values


def _category_sheet(book, data_sheet: str, limits) -> list[str]:
    """The fullest column of a sheet named for categories, its header left out."""
    for title, part in book.sheets:
        if title == data_sheet or not any(w in fold(title) for w in CATEGORY_SHEET_WORDS):
            continue
        by_column: dict[int, list[str]] = {}
        for _number, cells in book.rows(part, Budget(limits.max_cells)):
            for index, cell in enumerate(cells):
                if cell.strip() and len(by_column.setdefault(index, [])) < MAX_CATEGORIES:
                    by_column[index].append(clean(cell))
        if by_column:
            fullest = max(by_column.values(), key=len)
            first = fold(fullest[0])
            if any(w in first for w in CATEGORY_SHEET_WORDS) or first in ("ten", "name"):
                fullest = fullest[1:]
            return fullest
    return []
