"""Dates as people type them: day first, whatever the browser's language.

Pure, no Flask app or database (messages are lazy strings, translated when shown). A date field
is a text input, never the browser's date picker: an English-language browser's picker reads
"15032025" as month 15, day 03, and stored 3 December 2025 (issue 18). :func:`parse_day` reads
"15032025", "15/03/2025", "15-03-2025", "15.03.2025" (day, month, year) and "2025-03-15" (ISO,
what the pickers send and spreadsheets write) as 15 March 2025; :func:`day_text` writes a date
back as dd/mm/yyyy.
"""

import re
from datetime import date

from flask_babel import lazy_gettext as _l

from .rules import RuleError

FIRST_YEAR, LAST_YEAR = 1900, 2199
BAD_DATE = _l("Enter a real date, as dd/mm/yyyy.")
NO_SUCH_DAY = _l("There is no such day: check the day and the month (dd/mm/yyyy).")
BAD_YEAR = _l("Check the year: write it with four digits, from 1900 to 2199.")

_ISO_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAY_FIRST_RE = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
_RUN_RE = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})")  # 15032025


def parse_day(text: str | None) -> date | None:
    """The date in ``text``, day first (see the module); None when empty, else RuleError."""
    value = re.sub(r"\s+", "", text or "")
    if not value:
        return None
    if match := _ISO_RE.fullmatch(value):
        year, month, day = match.groups()
    elif match := _DAY_FIRST_RE.fullmatch(value):
        day, _mark, month, year = match.groups()
    elif match := _RUN_RE.fullmatch(value):
        day, month, year = match.groups()
    else:
        raise RuleError(BAD_DATE)
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise RuleError(BAD_YEAR)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise RuleError(NO_SUCH_DAY) from None


def day_text(value: date | None) -> str:
    """A date as the field shows it, dd/mm/yyyy ("" for None)."""
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year}"
