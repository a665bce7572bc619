"""Charts drawn on the server as inline SVG: no script, readable on any phone, printable.

The SVG scales to its container (viewBox, no fixed width); each bar carries its figure as
text, and the chart has a title and a description for screen readers.
"""

from flask_babel import gettext as _
from markupsafe import Markup, escape

from .services import FunnelStage

WIDTH = 300  # the bars; about one CSS pixel per unit on a phone
ROW = 52  # one stage: its label line, then its bar
BAR = 22
LABEL_GAP = 18


def _percent(count: int, total: int) -> str:
    return f"{round(100 * count / total)}%" if total else "0%"


def funnel_svg(stages: list[FunnelStage], title: str) -> Markup:
    """A horizontal bar per stage, its length the share of the first stage's count."""
    total = (stages[0].count or 0) if stages else 0
    height = ROW * len(stages) + 8
    rows = []
    for index, stage in enumerate(stages):
        top = index * ROW + 4
        label = escape(stage.label)
        bar_y = top + LABEL_GAP + 4
        if stage.count is None:  # not stage.tracked
            note = escape(_("not recorded in Lên Sàn yet"))
            rows.append(
                f'<g class="funnel-stage funnel-untracked" data-stage="{stage.stage}">'
                f'<text x="0" y="{top + 14}" class="funnel-label">{label}</text>'
                f'<rect x="0" y="{bar_y}" width="{WIDTH}" height="{BAR}" rx="3" '
                'fill="none" stroke="#8a958d" stroke-dasharray="6 4"/>'
                f'<text x="8" y="{bar_y + 16}" class="funnel-note">{note}</text></g>'
            )
            continue
        share = stage.count / total if total else 0
        width = max(round(WIDTH * share), 2 if stage.count else 0)
        figure = f"{stage.count} ({_percent(stage.count, total)})"
        inside = width > WIDTH * 0.35
        text_x = width - 8 if inside else width + 8
        anchor = "end" if inside else "start"
        colour = "#ffffff" if inside else "#1b2a20"
        rows.append(
            f'<g class="funnel-stage" data-stage="{stage.stage}" data-count="{stage.count}">'
            f'<text x="0" y="{top + 14}" class="funnel-label">{label}</text>'
            f'<rect x="0" y="{bar_y}" width="{width}" height="{BAR}" rx="3" fill="#1f6f43"/>'
            f'<text x="{text_x}" y="{bar_y + 16}" text-anchor="{anchor}" fill="{colour}" '
            f'class="funnel-figure">{figure}</text></g>'
        )
    description = "; ".join(
        f"{stage.label}: {stage.count if stage.tracked else _('not recorded in Lên Sàn yet')}"
        for stage in stages
    )
    return Markup(
        f'<svg class="funnel" viewBox="0 0 {WIDTH + 60} {height}" role="img" '
        f'aria-labelledby="funnel-title funnel-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="funnel-title">{escape(title)}</title>'
        f'<desc id="funnel-desc">{escape(description)}</desc>' + "".join(rows) + "</svg>"
    )
