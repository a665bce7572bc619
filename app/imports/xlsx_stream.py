"""Read one sheet of an .xlsx as its rows appear, within the budgets of :mod:`.limits`.

openpyxl's read-only mode yields every row from 1, filling gaps with empty rows, so a sheet
whose only cell sits at row 100,000,000 costs 10^8 steps; it also loads the whole table of
shared strings at once. Here each XML part is inflated in chunks, its bytes counted as they
come (the zip headers' sizes are never trusted), and fed to expat with handlers that keep no
tree: a row is yielded with its own number once it ends, gaps cost nothing, and memory stays
bounded by the budgets whatever the file claims. Parts with a DTD are refused (no entities).
"""

import posixpath
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from ..text import fold
from .limits import Budget, ReadLimits, cell_too_long, part_too_large, too_many_strings
from .problems import ImportFileError
from .sheet_cells import CellReader, damaged
from .sheet_rows import ELEMENTS_PER_CELL, Handler, SheetRows
from .sheet_rows import local as _local

CHUNK = 64 * 1024
MAX_SMALL_PART = 4 * 1024 * 1024  # workbook.xml and its relationships
MAX_SMALL_ELEMENTS = 100_000
MAX_FORMATS = 100_000  # Excel itself stops at 64,000 cell formats
FORMULAS_NAMED = 10


def _refuse_dtd(*_args) -> None:
    raise ImportFileError(damaged())


class _Relationships(Handler):
    def __init__(self):
        super().__init__(MAX_SMALL_ELEMENTS)
        self.targets: dict[str, tuple[str, str]] = {}

    def start(self, name, attrs):
        self.count()
        if _local(name) == "Relationship":
            target = attrs.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            kind = attrs.get("Type", "").rsplit("/", 1)[-1]
            self.targets[attrs.get("Id", "")] = (kind, posixpath.normpath(part))


class _WorkbookPart(Handler):
    def __init__(self):
        super().__init__(MAX_SMALL_ELEMENTS)
        self.sheets: list[tuple[str, str]] = []  # (title, relationship id)
        self.epoch_1904 = False

    def start(self, name, attrs):
        self.count()
        tag = _local(name)
        if tag == "workbookPr":
            self.epoch_1904 = attrs.get("date1904", "").lower() in ("1", "true")
        elif tag == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            self.sheets.append((attrs.get("name", ""), rid))


class _Strings(Handler):
    """The shared strings: each <si>'s <t> texts, phonetic hints (<rPh>) left out."""

    def __init__(self, limit: int):
        super().__init__(limit * ELEMENTS_PER_CELL + 10)
        self.limit = limit
        self.strings: list[str] = []
        self.parts: list[str] | None = None
        self.collect = False
        self.phonetic = 0

    def too_many(self):
        return too_many_strings(self.limit)

    def start(self, name, attrs):
        self.count()
        tag = _local(name)
        if tag == "si":
            if len(self.strings) >= self.limit:
                raise self.too_many()
            self.parts = []
        elif tag == "t":
            self.collect = self.parts is not None and not self.phonetic
            self.listen(self.collect)
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, name):
        tag = _local(name)
        if tag == "t":
            self.collect = False
            self.listen(False)
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "si" and self.parts is not None:
            self.strings.append("".join(self.parts).replace("x005F_", ""))
            self.parts = None

    def text(self, data):
        if self.collect:
            self.parts.append(data)


class _Styles(Handler):
    """Number formats, custom and per cell format, to tell which cells hold dates."""

    def __init__(self):
        super().__init__(MAX_FORMATS * 4)
        self.custom: dict[int, str] = {}
        self.cell_formats: list[int] = []
        self.inside = False

    def start(self, name, attrs):
        self.count()
        tag = _local(name)
        if tag == "numFmt":
            self.custom[_int(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            self.inside = True
        elif tag == "xf" and self.inside:
            if len(self.cell_formats) >= MAX_FORMATS:
                raise ImportFileError(damaged())
            self.cell_formats.append(_int(attrs.get("numFmtId")))

    def end(self, name):
        if _local(name) == "cellXfs":
            self.inside = False


class Workbook:
    """An opened .xlsx: its sheets by name, its texts and which formats show dates."""

    def __init__(self, archive: zipfile.ZipFile, limits: ReadLimits):
        self.archive = archive
        self.limits = limits
        self.names = set(archive.namelist())
        self.strings: list[str] = []
        self.date_styles: set[int] = set()
        self.timedelta_styles: set[int] = set()
        self.formulas: list[str] = []
        self.formula_count = 0
        self.unpacked = 0  # bytes inflated so far, every part read counted
        rels = _Relationships()
        book = _WorkbookPart()
        for name, handler in (("xl/_rels/workbook.xml.rels", rels), ("xl/workbook.xml", book)):
            if name not in self.names:
                raise ImportFileError(damaged())
            self._parse(name, MAX_SMALL_PART, "workbook", handler)
        self.epoch_1904 = book.epoch_1904
        self.sheets = [
            (title, rels.targets[rid][1])
            for title, rid in book.sheets
            if rels.targets.get(rid, ("", ""))[0] == "worksheet"
            and rels.targets[rid][1] in self.names
        ]
        if not self.sheets:
            raise ImportFileError(damaged())
        parts = {kind: part for kind, part in reversed(rels.targets.values())}  # the first
        if parts.get("sharedStrings") in self.names:
            strings = _Strings(limits.max_shared_strings)
            budget = limits.max_shared_strings_bytes
            self._parse(parts["sharedStrings"], budget, "strings", strings)
            self.strings = strings.strings
        if parts.get("styles") in self.names:
            self._read_styles(parts["styles"])

    def _feed(self, name: str, budget: int, part: str, handler) -> Iterator:
        """Parse ``name`` with ``handler``, inflating it in chunks; yields after each chunk.

        The inflated bytes are counted as they come: refused past ``budget`` for this part,
        or past the limit for the whole workbook.
        """
        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_dtd
        parser.StartElementHandler = handler.start
        parser.EndElementHandler = handler.end
        parser.buffer_text = True
        handler.parser = parser
        total, whole = 0, self.limits.max_unpacked_bytes
        with self.archive.open(name) as stream:
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                self.unpacked += len(chunk)
                if total > budget:
                    raise part_too_large(part, budget)
                if self.unpacked > whole:
                    raise part_too_large("workbook", whole)
                parser.Parse(chunk, False)
                yield
        parser.Parse(b"", True)
        yield

    def _parse(self, name: str, budget: int, part: str, handler) -> None:
        for _ in self._feed(name, budget, part, handler):
            pass

    def _read_styles(self, part: str) -> None:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        styles = _Styles()
        self._parse(part, self.limits.max_styles_bytes, "styles", styles)
        for index, format_id in enumerate(styles.cell_formats):
            code = styles.custom.get(format_id) or BUILTIN_FORMATS.get(format_id) or "General"
            if is_date_format(code):
                self.date_styles.add(index)
            if is_timedelta_format(code):
                self.timedelta_styles.add(index)

    def pick_sheet(self, sheet_names: tuple[str, ...]) -> str:
        """The part of the first sheet named in ``sheet_names``, else of the first sheet."""
        wanted = {fold(name) for name in sheet_names}
        for title, part in self.sheets:
            if fold(title) in wanted:
                return part
        return self.sheets[0][1]

    def rows(self, part: str, budget: Budget) -> Iterator[tuple[int, list[str]]]:
        """(row number, texts) of each row the sheet holds, in order, gaps skipped."""
        sheet = SheetRows(CellReader(self, self.limits), self.limits, budget)
        for _ in self._feed(part, self.limits.max_sheet_bytes, "sheet", sheet):
            yield from sheet.finished
            sheet.finished.clear()
            if sheet.done:
                return

    def note_formula(self, where: str) -> None:
        self.formula_count += 1
        if len(self.formulas) < FORMULAS_NAMED:
            self.formulas.append(where)

    def too_long(self, where: str) -> ImportFileError:
        return cell_too_long(where, self.limits.max_cell_chars)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
