"""Scans per day as a small inline SVG bar chart, drawn on the server (as app/dashboard/charts).

No script; the SVG scales to its container, has a title and a description listing the days
with scans for screen readers, and each bar has its own <title> (the day and its figure).
"""

from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..i18n import fmt_date
from .services import DayCount

BAR = 10
GAP = 2
HEIGHT = 80  # the bars' area
AXIS = 16  # room under the bars for the first and last day


def scans_svg(days: list[DayCount], title: str, chart_id: str = "scans") -> Markup:
    """One bar per day, its height the share of the busiest day's scans."""
    width = len(days) * (BAR + GAP)
    top = max((d.scans for d in days), default=0)
    bars = []
    for index, d in enumerate(days):
        height = round(HEIGHT * d.scans / top) if top else 0
        if d.scans and height < 2:
            height = 2
        x = index * (BAR + GAP)
        label = escape(_("%(date)s: %(count)d scans", date=fmt_date(d.day), count=d.scans))
        bars.append(
            f'<rect x="{x}" y="{HEIGHT - height}" width="{BAR}" height="{height}" '
            f'fill="#1f6f43" data-day="{d.day.isoformat()}" data-count="{d.scans}">'
            f"<title>{label}</title></rect>"
        )
    busy = [d for d in days if d.scans]
    description = (
        "; ".join(f"{fmt_date(d.day)}: {d.scans}" for d in busy)
        if busy
        else _("No scans in these days.")
    )
    axis = ""
    if days:
        axis = (
            f'<line x1="0" y1="{HEIGHT + 0.5}" x2="{width}" y2="{HEIGHT + 0.5}" stroke="#8a958d"/>'
            f'<text x="0" y="{HEIGHT + 13}" class="chart-axis">'
            f"{escape(fmt_date(days[0].day))}</text>"
            f'<text x="{width}" y="{HEIGHT + 13}" text-anchor="end" class="chart-axis">'
            f"{escape(fmt_date(days[-1].day))}</text>"
        )
    return Markup(
        f'<svg class="scan-chart" viewBox="0 0 {max(width, 1)} {HEIGHT + AXIS}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + "".join(bars) + axis + "</svg>"
    )
