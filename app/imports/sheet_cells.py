"""One cell of an .xlsx sheet as text, the way openpyxl would read its value.

Shared and inline strings, numbers (whole numbers without ".0"), booleans, error values and
dates (numbers in a date format, or ISO dates) become text; a cell with a formula is noted
on the workbook (we import values, never formulas) and read as empty.
"""

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from .limits import ReadLimits
from .problems import ImportFileError


def damaged():
    return _l("This workbook is damaged or not an Excel .xlsx file. Open it and save it again.")


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


class CellReader:
    """Reads cells against one workbook's shared strings, date formats and epoch."""

    def __init__(self, workbook, limits: ReadLimits):
        self.workbook = workbook
        self.strings = workbook.strings
        self.max_chars = limits.max_cell_chars
        self.epoch = CALENDAR_MAC_1904 if workbook.epoch_1904 else CALENDAR_WINDOWS_1900

    def text(self, attrs: dict, value, formula: bool, inline, column: int, row: int) -> str:
        """The text of a cell with ``attrs``, its <v> ``value`` or ``inline`` string."""
        if formula:
            self.workbook.note_formula(attrs.get("r") or f"{column_letters(column)}{row}")
            return ""
        text = self._value(attrs, value, inline)
        if len(text) > self.max_chars:
            raise self.too_long(attrs, column, row)
        return text

    def too_long(self, attrs: dict, column: int, row: int) -> ImportFileError:
        return self.workbook.too_long(attrs.get("r") or f"{column_letters(column)}{row}")

    def _value(self, cell: dict, value: str | None, inline: str | None) -> str:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return inline or ""
        if value is None:
            return ""
        if kind == "s":
            try:
                return self.strings[int(value)]
            except (ValueError, IndexError):
                raise ImportFileError(damaged()) from None
        if kind == "b":
            return cell_text(value.strip() in ("1", "true"))
        if kind == "d":
            try:
                return cell_text(datetime.fromisoformat(value.strip().rstrip("Z")))
            except ValueError:
                return value
        if kind in ("str", "e"):
            return value
        return self._number(cell, value.strip())

    def _number(self, cell, value: str) -> str:
        try:
            number = float(value) if any(c in value for c in ".eE") else int(value)
        except ValueError:
            return value
        style = cell.get("s")
        if style is not None and style.isdigit():
            index = int(style)
            if index in self.workbook.date_styles or index in self.workbook.timedelta_styles:
                try:
                    return cell_text(
                        from_excel(
                            number, self.epoch, timedelta=index in self.workbook.timedelta_styles
                        )
                    )
                except (ValueError, OverflowError, TypeError):
                    return cell_text(number)
        return cell_text(number)


def column_letters(index: int) -> str:
    """A column's letters: 1 -> A, 27 -> AA (any positive number: a hostile sheet's too)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
