"""What a spreadsheet cell may hold, and the sheet writers that stream rows to a file.

Every text is NFC and free of the control characters XML forbids. A text that Excel would
run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is
neutralised: in .xlsx it is written as a string cell with Excel's quote prefix, so the text
stays exact and is never evaluated; in CSV and TSV, which carry no types, it gets a leading
apostrophe (OWASP's advice for CSV injection).
"""

import csv
import io
import re
import unicodedata
from copy import copy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_LINE_BREAKS_RE = re.compile(r"[\t\r\n]+")
_TO_FIX_RE = re.compile(r"[\x00-\x08\x0b-\x1f]")  # XML's forbidden controls, and CR


def text(value: str) -> str:
    """NFC, line breaks as LF, without the control characters a spreadsheet cannot hold."""
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if _TO_FIX_RE.search(value):  # most cells have nothing to fix: one scan to know it
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def is_risky(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def csv_cell(value, one_line: bool = False):
    """A value for CSV/TSV: numbers as they are; text NFC, neutralised with a leading "'"."""
    if not isinstance(value, str):
        return value
    value = text(value)
    if one_line:  # TSV has no quoting: tabs and line breaks become spaces
        value = _LINE_BREAKS_RE.sub(" ", value).strip()
    return "'" + value if is_risky(value) else value


NOTE_AUTHOR = "Lên Sàn"
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_FONT = Font(bold=True)


class XlsxSheet:
    """An .xlsx with one sheet, written row by row in openpyxl's write-only mode.

    :meth:`write_header` makes it open readably: columns as wide as asked, the header bold,
    wrapped and frozen, a note on each header cell, long-text columns wrapped. One style
    object is shared by all the wrapped cells (a style set cell by cell would be looked up
    in the workbook's style table every time).
    """

    def __init__(self, title: str):
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(title)
        self._wrapped: tuple[tuple[int, int], ...] = ()  # (index, width) of wrapped columns
        self._wrap_style = None

    def write_header(self, headers: list, widths=(), notes=(), wrapped=()) -> None:
        """The first row, before any other: ``widths`` of the columns, a note per header
        (none for ""), and the columns at ``wrapped`` indexes whose cells wrap their text
        when it is longer than the column is wide."""
        sheet = self.sheet
        for number, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(number)].width = width
        sheet.freeze_panes = "A2"
        style = WriteOnlyCell(sheet)
        style.alignment = _WRAP
        self._wrap_style = copy(style._style)
        self._wrapped = tuple((i, int(widths[i]) if i < len(widths) else 0) for i in wrapped)
        style.font = _HEADER_FONT
        notes = [*notes, *[""] * (len(headers) - len(notes))]
        cells = []
        for header, note in zip(headers, notes, strict=True):
            cell = WriteOnlyCell(sheet, value=text(header))
            cell._style = copy(style._style)
            if note:
                cell.comment = Comment(text(note), NOTE_AUTHOR, height=90, width=220)
            cells.append(cell)
        sheet.append(cells)

    def _cell(self, value):
        if not isinstance(value, str):
            return value
        value = text(value)
        if not is_risky(value):
            return value
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.data_type = "s"  # never "f": openpyxl makes any "=…" a formula
        cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell
        return cell

    def _wrap(self, value, width: int):
        if isinstance(value, Cell):  # a neutralised formula: still quote-prefixed
            value._style = copy(self._wrap_style)
            value.quotePrefix = True
            return value
        if not isinstance(value, str) or len(value) <= width:  # fits: nothing to wrap
            return value
        cell = WriteOnlyCell(self.sheet, value=value)
        cell._style = copy(self._wrap_style)
        return cell

    def write(self, row: list) -> None:
        cells = [self._cell(v) for v in row]
        for index, width in self._wrapped:
            cells[index] = self._wrap(cells[index], width)
        self.sheet.append(cells)

    def save(self, target) -> None:
        self.workbook.save(target)


class DelimitedSheet:
    """CSV or TSV, UTF-8 with a byte-order mark (so Excel reads Vietnamese), CRLF lines.

    TSV (Google's feed) has no quoting: tabs and line breaks inside a value become spaces.
    """

    def __init__(self, stream, delimiter: str):
        self.stream = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        self.one_line = delimiter == "\t"
        self.writer = csv.writer(self.stream, lineterminator="\r\n")

    def write(self, row: list) -> None:
        cells = [csv_cell(v, self.one_line) for v in row]
        if self.one_line:
            self.stream.write("\t".join(map(str, cells)) + "\r\n")
        else:
            self.writer.writerow(cells)

    def close(self) -> None:
        self.stream.flush()
        self.stream.detach()
