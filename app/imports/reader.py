"""Read an uploaded .xlsx or .csv into a plain table of text cells, judging by content.

Refuses, with a message the user can act on: files over the size or row cap, anything that is
not a spreadsheet (a renamed .exe, an old .xls, an .ods), damaged workbooks, cells holding
formulas (we import values, never formulas), and text that is neither UTF-8 nor Windows-1258.

Reading is bounded by what the file really holds (see :mod:`.limits`): rows are read as they
appear and counted, runs of empty rows end the data (or refuse a file that starts with one),
and cells, texts and inflated bytes have budgets, so no file costs more than a list of
10,000 rows, whatever it claims.
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field, replace

from flask_babel import lazy_gettext as _l

from .limits import (
    Budget,
    ReadLimits,
    configured,
    csv_cell_too_long,
    csv_row_too_long,
    too_many_blank_rows,
)
from .problems import ImportFileError
from .sheet_cells import cell_text, damaged
from .xlsx_stream import Workbook

__all__ = ["Table", "ReadLimits", "cell_text", "read_table"]

_DEFAULTS = ReadLimits()
MAX_BYTES = _DEFAULTS.max_bytes
MAX_ROWS = _DEFAULTS.max_rows
MAX_COLUMNS = _DEFAULTS.max_columns
BLANK_ROWS_ENOUGH = _DEFAULTS.max_blank_rows  # this many empty rows in a row: the data has ended
MAX_UNZIPPED = 200 * 1024 * 1024  # what the zip claims: a first, cheap refusal, never relied on
MAX_ZIP_ENTRIES = 10_000  # a workbook holds tens of parts

ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "cp1258": "Windows-1258",
}


@dataclass
class Table:
    """The header row and the non-empty data rows, each with its spreadsheet row number."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    encoding: str | None = None  # CSV only: how the bytes were decoded
    header_row: int = 1

    @property
    def encoding_name(self) -> str | None:
        return ENCODING_NAMES.get(self.encoding or "", self.encoding)


def read_table(
    data: bytes,
    sheet_names: tuple[str, ...] = (),
    max_bytes: int | None = None,
    max_rows: int | None = None,
    limits: ReadLimits | None = None,
) -> Table:
    """Parse ``data`` (xlsx or csv); on xlsx read the first sheet named in ``sheet_names``.

    ``limits`` bounds the read (default: the app's IMPORT_MAX_* settings, see
    :func:`.limits.configured`); ``max_bytes`` and ``max_rows``, when given, override its two
    best-known budgets.
    """
    limits = limits or configured()
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    if max_rows is not None:
        limits = replace(limits, max_rows=max_rows)
    if len(data) > limits.max_bytes:
        raise ImportFileError(
            _l(
                "The file is larger than %(size)s MB. Split it into smaller files.",
                size=_megabytes(limits.max_bytes),
            )
        )
    if not data.strip():
        raise ImportFileError(_l("The file is empty."))
    budget = Budget(limits.max_cells)
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_table(data, sheet_names, limits, budget)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _l("This is an old Excel (.xls) file. In Excel, save it as .xlsx, then upload it.")
        )
    text, encoding = _decode(data)
    return _table(_csv_rows(text, limits, budget), encoding, limits)


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:g}"


def _table(rows, encoding, limits: ReadLimits, after=None) -> Table:
    """Take the first non-empty row as the header; keep non-empty rows up to the cap.

    Rows come with their numbers, gaps allowed: the rows missing in between count as empty.
    A run of more than ``max_blank_rows`` empty rows ends the data, or, before any filled
    row, refuses the file. ``after`` runs once the rows are read (the workbook's formulas).
    """
    table, previous, blank_run = None, 0, 0
    for number, cells in rows:
        blank_run += number - previous - 1
        previous = number
        filled = any(cells)
        if not filled:
            blank_run += 1
        if blank_run > limits.max_blank_rows:
            if table is None:
                raise too_many_blank_rows(limits.max_blank_rows)
            break
        if not filled:
            continue
        blank_run = 0
        if table is None:
            table = Table(headers=cells, encoding=encoding, header_row=number)
            continue
        if len(table.rows) >= limits.max_rows:
            raise ImportFileError(
                _l(
                    "The file has more than %(max)d rows. Split it into smaller files.",
                    max=limits.max_rows,
                )
            )
        table.rows.append((number, cells))
    if after is not None:
        after()
    if table is None:
        raise ImportFileError(_l("The file is empty."))
    if len(table.headers) > limits.max_columns:
        raise ImportFileError(
            _l(
                "The file has more than %(max)d columns. Use the template.",
                max=limits.max_columns,
            )
        )
    return table


# --- .xlsx -------------------------------------------------------------------------------


def _xlsx_table(data: bytes, sheet_names, limits: ReadLimits, budget: Budget) -> Table:
    if data.count(b"PK\x01\x02") > MAX_ZIP_ENTRIES:
        raise ImportFileError(damaged())
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip(archive)
            book = Workbook(archive, limits)
            rows = book.rows(book.pick_sheet(sheet_names), budget)
            return _table(rows, None, limits, after=lambda: _check_formulas(book))
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 — any failure inside an untrusted workbook means "damaged"
        raise ImportFileError(damaged()) from None


def _check_formulas(book: Workbook) -> None:
    if book.formulas:
        raise ImportFileError(
            _l(
                "Cells with formulas: %(cells)s (%(count)d in all). Lên Sàn imports values "
                "only: copy the cells and paste them as values, then upload the file again.",
                count=book.formula_count,
                cells=", ".join(book.formulas),
            )
        )


def _head(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as part:
        return part.read(200)


def _check_zip(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        if "mimetype" in names and b"opendocument" in _head(archive, "mimetype"):
            raise ImportFileError(
                _l("This is an OpenDocument (.ods) file. Save it as .xlsx, then upload.")
            )
        raise ImportFileError(_not_a_table())
    if sum(info.file_size for info in infos) > MAX_UNZIPPED:
        raise ImportFileError(_l("The workbook is too large once unpacked."))


# --- .csv --------------------------------------------------------------------------------


def _not_a_table():
    return _l("This file is not a spreadsheet. Upload an Excel .xlsx file or a .csv file.")


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or else Vietnamese Windows (cp1258)."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportFileError(_not_a_table()) from None
    if b"\x00" in data[:4096]:
        raise ImportFileError(_not_a_table())
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _l(
            "The text of this file is not in UTF-8. In Excel choose Save As → "
            "“CSV UTF-8 (Comma delimited)”, or upload the .xlsx file itself."
        )
    )


_LEADING_BLANK = re.compile(r"\s*")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")  # no copy of the whole text


def _delimiter(text: str) -> str:
    """The separator of the header line: semicolon (Vietnamese Excel), comma or tab."""
    blank = _LEADING_BLANK.match(text)
    start = blank.end() if blank else 0
    first = text[start : start + 65536].split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class _Lines:
    """The lines of a CSV text, refusing a record (lines since ``start``) over the limit."""

    def __init__(self, text: str, limit: int):
        self._lines = (match.group() for match in _LINE.finditer(text))
        self.limit = limit
        self.used = 0
        self.row = 1

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.used += len(line)
        if self.used > self.limit:
            raise csv_row_too_long(self.row, self.limit)
        return line

    def start(self, row: int) -> None:
        self.used, self.row = 0, row


def _csv_rows(text: str, limits: ReadLimits, budget: Budget):
    """(row number, cells) of each record, read one at a time and counted against ``budget``."""
    lines = _Lines(text, limits.max_csv_row_chars)
    reader = csv.reader(lines, delimiter=_delimiter(text))
    number = 1
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007 — kept for the error
            budget.spend(max(1, len(cells)))
            cells = cells[: limits.max_columns + 1]
            while cells and not cells[-1].strip():
                cells.pop()
            if any(len(cell) > limits.max_cell_chars for cell in cells):
                raise csv_cell_too_long(number, limits.max_cell_chars)
            lines.start(number + 1)
            yield number, cells
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise csv_cell_too_long(lines.row, limits.max_cell_chars) from None
        raise ImportFileError(
            _l("This CSV file is damaged (a quote is not closed?). Open it and save it again.")
        ) from None
