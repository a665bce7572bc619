"""The dashboard as an .xlsx report: the same figures, for the officer's report to the province.

Sheets: the summary (filters, key counts, funnel), the cooperatives with their progress per
marketplace, and the certificates expiring soon. Every cell goes through
:func:`app.imports.template.put`, so a name that looks like a formula stays text.
"""

import io
from datetime import date

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import areas
from ..imports.template import put
from ..models import Certificate, Marketplace
from .services import CooperativeRow, FunnelStage, KeyCounts

_BOLD = Font(bold=True)
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F6F43")


def _header(sheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = put(sheet, row, column, title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL


def _widths(sheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _summary_sheet(
    sheet,
    today: date,
    filter_lines: list[tuple[str, str]],
    counts: KeyCounts,
    stages: list[FunnelStage],
) -> None:
    """The filters, the key figures and the onboarding funnel."""
    sheet.title = _("Summary")
    put(sheet, 1, 1, _("Lên Sàn: marketplace onboarding report")).font = Font(bold=True, size=14)
    put(sheet, 2, 1, _("Date"))
    put(sheet, 2, 2, today).number_format = "DD/MM/YYYY"
    line = 3
    for label, value in filter_lines:
        put(sheet, line, 1, label)
        put(sheet, line, 2, value)
        line += 1
    line += 1
    _header(sheet, line, [_("Key figures"), _("Number")])
    figures = [
        (_("Cooperatives"), counts.cooperatives),
        (_("With a listing live"), counts.with_listing),
        (_("With a first order"), counts.with_order),
        (_("Certificates expiring within 60 days"), counts.expiring_certificates),
        (_("Visits and trainings this year"), counts.visits),
        (_("People guided this year"), counts.people_guided),
    ]
    for label, figure in figures:
        line += 1
        put(sheet, line, 1, label)
        put(sheet, line, 2, figure)
    line += 2
    _header(sheet, line, [_("Onboarding funnel"), _("Cooperatives"), _("Share")])
    total = stages[0].count or 0
    for stage in stages:
        line += 1
        put(sheet, line, 1, stage.label)
        if stage.count is not None:  # stage.tracked
            put(sheet, line, 2, stage.count)
            put(sheet, line, 3, stage.count / total if total else 0).number_format = "0%"
        else:
            put(sheet, line, 2, _("not recorded in Lên Sàn yet"))
    _widths(sheet, [42, 28, 10])


def _cooperatives_sheet(sheet, rows: list[CooperativeRow]) -> None:
    """One line per cooperative: where it is and its progress on each marketplace."""
    marketplaces = list(Marketplace)
    _header(
        sheet,
        1,
        [_("Cooperative"), _("Commune"), _("Province"), _("Expiring certificates")]
        + [str(m.label) for m in marketplaces],
    )
    for index, row in enumerate(rows, start=2):
        cooperative = row.cooperative
        commune = areas.commune(cooperative.commune_code)
        province = areas.province(cooperative.province_code)
        put(sheet, index, 1, cooperative.legal_name)
        put(sheet, index, 2, commune.name if commune else "")
        put(sheet, index, 3, province.name if province else "")
        put(sheet, index, 4, row.expiring)
        for offset, marketplace in enumerate(marketplaces, start=5):
            done, of = row.progress.get(marketplace, (0, 0))
            put(sheet, index, offset, f"{done}/{of}" if of else "")
    sheet.freeze_panes = "B2"
    _widths(sheet, [44, 24, 18, 12] + [14] * len(marketplaces))


def _certificates_sheet(sheet, expiring: list[Certificate], certificate_label) -> None:
    """The certificates expiring soon."""
    _header(sheet, 1, [_("Cooperative"), _("Certificate"), _("Number"), _("Expires on")])
    for index, certificate in enumerate(expiring, start=2):
        put(sheet, index, 1, certificate.cooperative.legal_name)
        put(sheet, index, 2, certificate_label(certificate))
        put(sheet, index, 3, certificate.number)
        put(sheet, index, 4, certificate.expires_on).number_format = "DD/MM/YYYY"
    _widths(sheet, [44, 30, 20, 14])


def report_xlsx(
    *,
    today: date,
    filter_lines: list[tuple[str, str]],
    counts: KeyCounts,
    stages: list[FunnelStage],
    rows: list[CooperativeRow],
    expiring: list[Certificate],
    certificate_label,
) -> bytes:
    """The report's three sheets as .xlsx bytes."""
    book = Workbook()
    _summary_sheet(book.active, today, filter_lines, counts, stages)
    _cooperatives_sheet(book.create_sheet(_("Cooperatives")), rows)
    _certificates_sheet(book.create_sheet(_("Expiring certificates")), expiring, certificate_label)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
