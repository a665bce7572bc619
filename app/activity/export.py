"""The activity log as an .xlsx: one row per changed field, written with the exports' safe
cells (app/exports/cells.py), so that no value anyone typed runs as a formula in Excel."""

from datetime import UTC, datetime

from flask_babel import gettext as _

from ..clock import LOCAL
from ..exports.cells import XlsxSheet
from .display import Entry

MAX_ENTRIES = 20_000  # the newest entries a download holds: it stays a few seconds
WIDTHS = (18, 24, 30, 18, 36, 14, 24, 40, 40)


def headers() -> list[str]:
    return [_("When"), _("Who"), _("Cooperative"), _("Kind of record"), _("Subject"), _("Action"),
            _("Field"), _("Before"), _("After")]  # fmt: skip


def local_time(at: datetime) -> datetime:
    """A stored time (naive values are UTC) in Vietnam, without a zone (Excel keeps none)."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL).replace(tzinfo=None, microsecond=0)


def write_xlsx(entries: list[Entry], target) -> None:
    """Write ``entries`` to ``target`` (a path or a binary stream)."""
    sheet = XlsxSheet(_("Activity"))
    sheet.write_header(headers(), widths=WIDTHS, wrapped=(7, 8))  # before, after: wrapped
    for entry in entries:
        start = [local_time(entry.at), entry.who, entry.cooperative, entry.kind, entry.subject,
                 entry.action]  # fmt: skip
        if not entry.lines:
            sheet.write([*start, "", "", ""])
        for line in entry.lines:
            sheet.write([*start, line.field, line.before, line.after])
    sheet.save(target)
