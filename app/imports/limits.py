"""How much an uploaded sheet may hold, and the counters that enforce it while it is read.

Every limit is about what the file really holds, counted as it is read: rows and cells as
they appear, bytes as they are inflated from the zip. Nothing the file claims about itself
(``<dimension>``, the sizes in its zip headers) is trusted. Each limit has a setting
(``IMPORT_MAX_*`` in :mod:`app.config`) and a message naming it.
"""

from dataclasses import dataclass, fields

from flask_babel import format_number
from flask_babel import lazy_gettext as _l

from .problems import ImportFileError

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """The budgets of one read; the defaults suit a province's list of 10,000 rows."""

    max_bytes: int = 10 * MB  # the upload itself
    max_rows: int = 10_000  # filled rows after the header
    max_columns: int = 50
    max_blank_rows: int = 1_000  # empty rows in a run, before the header or after the data
    max_cells: int = 300_000  # cells and rows read, empty ones included
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_shared_strings: int = 300_000  # distinct texts of a workbook
    max_unpacked_bytes: int = 40 * MB  # every part read (sheet, texts, formats), once inflated
    max_shared_strings_bytes: int = 20 * MB  # its table of texts, once inflated
    max_sheet_bytes: int = 30 * MB  # the sheet read, once inflated
    max_styles_bytes: int = 10 * MB  # its table of cell formats, once inflated
    max_csv_row_chars: int = 1_000_000  # one CSV record, quoted line breaks included

    @classmethod
    def from_config(cls, config, **overrides) -> "ReadLimits":
        """The limits set in ``config`` (IMPORT_MAX_ROWS, IMPORT_MAX_CELLS, …), else defaults."""
        values = {f.name: config.get(f"IMPORT_{f.name.upper()}", f.default) for f in fields(cls)}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def configured() -> ReadLimits:
    """The limits of the running app's configuration, else the defaults (tests, scripts).

    The shared reader asks for these itself, so every import, present or future, is bounded
    by the deployment's settings without passing them along.
    """
    from flask import current_app, has_app_context

    if has_app_context():
        return ReadLimits.from_config(current_app.config)
    return ReadLimits()


class Count(int):
    """A number that prints grouped for the reader's language (10.000 in Vietnamese)."""

    def __str__(self) -> str:
        try:
            return format_number(int(self))
        except RuntimeError:  # outside any app
            return f"{int(self):,}"


def megabytes(n: int) -> str:
    return f"{n / MB:g}"


class Budget:
    """Cells (and rows) read so far; refuses the file once it has more than ``limit``."""

    def __init__(self, limit: int):
        self.limit = limit
        self.spent = 0

    def spend(self, n: int = 1) -> None:
        self.spent += n
        if self.spent > self.limit:
            raise too_many_cells(self.limit)


def too_many_cells(limit: int) -> ImportFileError:
    return ImportFileError(
        _l(
            "The file has more than %(max)s cells, empty ones included. Delete the empty "
            "rows and columns around the data, then upload it again.",
            max=Count(limit),
        )
    )


def too_many_blank_rows(limit: int) -> ImportFileError:
    return ImportFileError(
        _l(
            "The file has more than %(max)s empty rows before its first filled row. Delete "
            "them, then upload the file again.",
            max=Count(limit),
        )
    )


def cell_too_long(where: str, limit: int) -> ImportFileError:
    return ImportFileError(
        _l(
            "Cell %(cell)s holds more than %(max)s characters (at most %(max)s per cell).",
            cell=where,
            max=Count(limit),
        )
    )


def csv_cell_too_long(row: int, limit: int) -> ImportFileError:
    return ImportFileError(
        _l(
            "A cell of row %(row)d holds more than %(max)s characters (at most %(max)s per cell).",
            row=row,
            max=Count(limit),
        )
    )


def csv_row_too_long(row: int, limit: int) -> ImportFileError:
    return ImportFileError(
        _l(
            "Row %(row)d of the file is longer than %(max)s characters. Check that every "
            "quote is closed.",
            row=row,
            max=Count(limit),
        )
    )


def too_many_strings(limit: int) -> ImportFileError:
    return ImportFileError(
        _l(
            "The workbook holds more than %(max)s different texts. Split it into smaller files.",
            max=Count(limit),
        )
    )


def part_too_large(part: str, limit: int) -> ImportFileError:
    """``part``: which piece of the workbook (its sheet, its texts, its formats) overflowed."""
    messages = {
        "sheet": _l(
            "The sheet is larger than %(size)s MB once unpacked. Split it into smaller files.",
            size=megabytes(limit),
        ),
        "strings": _l(
            "The workbook's texts take more than %(size)s MB once unpacked. Split it into "
            "smaller files.",
            size=megabytes(limit),
        ),
    }
    if part == "workbook":
        return ImportFileError(
            _l(
                "The workbook is larger than %(size)s MB once unpacked. Split it into smaller "
                "files.",
                size=megabytes(limit),
            )
        )
    return ImportFileError(
        messages.get(
            part,
            _l(
                "The workbook's formatting takes more than %(size)s MB once unpacked. Copy the "
                "data into a new workbook, then upload that one.",
                size=megabytes(limit),
            ),
        )
    )
