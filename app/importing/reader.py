"""Read an uploaded .xlsx or .csv into a plain table of text cells, judging by content.

Refuses, with a message the user can act on: files over the size or row cap, anything that is
not a spreadsheet (a renamed .exe, an old .xls, an .ods), damaged workbooks, cells holding
formulas (we import values, never formulas), and text that is neither UTF-8 nor Windows-1258.
"""

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l

from ..text import fold
from .problems import ImportFileError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 50
MAX_UNZIPPED = 200 * 1024 * 1024  # a workbook inflating beyond this is a zip bomb, not a list
BLANK_ROWS_ENOUGH = 1_000  # this many empty rows in a row: the data has ended
FORMULAS_NAMED = 10

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
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> Table:
    """Parse ``data`` (xlsx or csv); on xlsx read the first sheet named in ``sheet_names``."""
    if len(data) > max_bytes:
        raise ImportFileError(
            _l(
                "The file is larger than %(size)s MB. Split it into smaller files.",
                size=_megabytes(max_bytes),
            )
        )
    if not data.strip():
        raise ImportFileError(_l("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data, sheet_names, max_rows)
        encoding = None
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _l("This is an old Excel (.xls) file. In Excel, save it as .xlsx, then upload it.")
        )
    else:
        text, encoding = _decode(data)
        rows = _csv_rows(text)
    return _table(rows, encoding, max_rows)


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:g}"


def _table(rows, encoding, max_rows: int) -> Table:
    """Take the first non-empty row as the header; keep non-empty rows up to the cap."""
    table = None
    blank_run = 0
    for number, cells in rows:
        if not any(cells):
            blank_run += 1
            if table is not None and blank_run >= BLANK_ROWS_ENOUGH:
                break
            continue
        blank_run = 0
        if table is None:
            table = Table(headers=cells, encoding=encoding, header_row=number)
            continue
        if len(table.rows) >= max_rows:
            raise ImportFileError(
                _l(
                    "The file has more than %(max)d rows. Split it into smaller files.",
                    max=max_rows,
                )
            )
        table.rows.append((number, cells))
    if table is None:
        raise ImportFileError(_l("The file is empty."))
    if len(table.headers) > MAX_COLUMNS:
        raise ImportFileError(
            _l("The file has more than %(max)d columns. Use the template.", max=MAX_COLUMNS)
        )
    return table


def cell_text(value) -> str:
    """A cell's value as text: whole numbers without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


# --- .xlsx -------------------------------------------------------------------------------


def _xlsx_rows(data: bytes, sheet_names: tuple[str, ...], max_rows: int):
    _check_zip(data)
    import openpyxl  # imported here: the CSV path and app start-up do not pay for it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 — any failure inside an untrusted workbook means "damaged"
        raise ImportFileError(_damaged()) from None
    try:
        sheet = _pick_sheet(workbook, sheet_names)
        rows, formulas, total, filled, blank_run = [], [], 0, 0, 0
        # Read-only sheets yield every row from 1, gaps included, so counting numbers rows.
        for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
            # Stop early on a sheet formatted down to row 1,048,576 or far over the cap.
            if filled > max_rows + 1 or (filled and blank_run >= BLANK_ROWS_ENOUGH):
                break
            cells = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    total += 1
                    if len(formulas) < FORMULAS_NAMED:
                        formulas.append(cell.coordinate)
                    cells.append("")
                else:
                    cells.append(cell_text(cell.value))
            while cells and not cells[-1]:
                cells.pop()
            filled, blank_run = (filled + 1, 0) if cells else (filled, blank_run + 1)
            rows.append((number, cells))
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001
        raise ImportFileError(_damaged()) from None
    finally:
        workbook.close()
    if formulas:
        raise ImportFileError(
            _l(
                "Cells with formulas: %(cells)s (%(count)d in all). Lên Sàn imports values "
                "only: copy the cells and paste them as values, then upload the file again.",
                count=total,
                cells=", ".join(formulas),
            )
        )
    return rows


def _damaged():
    return _l("This workbook is damaged or not an Excel .xlsx file. Open it and save it again.")


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "xl/workbook.xml" not in names:
                if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
                    raise ImportFileError(
                        _l("This is an OpenDocument (.ods) file. Save it as .xlsx, then upload.")
                    )
                raise ImportFileError(_not_a_table())
            if sum(info.file_size for info in infos) > MAX_UNZIPPED:
                raise ImportFileError(_l("The workbook is too large once unpacked."))
    except zipfile.BadZipFile:
        raise ImportFileError(_damaged()) from None


def _pick_sheet(workbook, sheet_names: tuple[str, ...]):
    wanted = {fold(name) for name in sheet_names}
    for sheet in workbook.worksheets:
        if fold(sheet.title) in wanted:
            return sheet
    return workbook.worksheets[0]


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


def _delimiter(text: str) -> str:
    """The separator of the header line: semicolon (Vietnamese Excel), comma or tab."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_rows(text: str):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            cells = cells[: MAX_COLUMNS + 1]
            while cells and not cells[-1].strip():
                cells.pop()
            rows.append((number, cells))
    except csv.Error:
        raise ImportFileError(
            _l("This CSV file is damaged (a quote is not closed?). Open it and save it again.")
        ) from None
    return rows
