"""The alignment test page of a label stock: one page with every label's outline, a cross at
its centre, its number and a 10 mm ruler, at the run's margins. Printed on plain paper and
held against a decal sheet in front of a light, it shows whether the printer places labels
where the sheet has them, and whether it printed at 100 % (the ruler measures 10 mm).
No Flask app needed.
"""

from reportlab.pdfgen import canvas

from .layout import FONTS, register_fonts
from .pdf import label_canvas
from .templates import MM, LabelTemplate

CROSS = 3.0  # mm: half the length of a centre cross's arms
RULER = 10.0  # mm
INSET = 1.5  # mm between a cell's edge and its ruler or number


def _ruler(pdf: canvas.Canvas, x: float, y: float) -> None:
    """An L of two 10 mm rulers from ``x``, ``y`` (mm): along the bottom and up the left, a
    tick every millimetre, longer ones at 0, 5 and 10."""
    pdf.line(x * MM, y * MM, (x + RULER) * MM, y * MM)
    pdf.line(x * MM, y * MM, x * MM, (y + RULER) * MM)
    for step in range(int(RULER) + 1):
        tick = 1.6 if step % 5 == 0 else 0.8
        pdf.line((x + step) * MM, y * MM, (x + step) * MM, (y + tick) * MM)
        pdf.line(x * MM, (y + step) * MM, (x + tick) * MM, (y + step) * MM)
    pdf.setFont(FONTS[False], 4)
    pdf.drawString((x + RULER + 0.6) * MM, (y - 0.4) * MM, "10 mm")


def _cell(pdf: canvas.Canvas, template: LabelTemplate, number: int, x: float, y: float) -> None:
    width, height = template.label_width, template.label_height
    pdf.rect(x * MM, y * MM, width * MM, height * MM)
    centre_x, centre_y = x + width / 2, y + height / 2
    pdf.line((centre_x - CROSS) * MM, centre_y * MM, (centre_x + CROSS) * MM, centre_y * MM)
    pdf.line(centre_x * MM, (centre_y - CROSS) * MM, centre_x * MM, (centre_y + CROSS) * MM)
    pdf.setFont(FONTS[True], 6)
    pdf.drawString((x + INSET) * MM, (y + height - INSET) * MM - 6, str(number))
    _ruler(pdf, x + INSET, y + INSET)


def write_alignment_pdf(
    out,
    template: LabelTemplate,
    *,
    margin_top: float | None = None,
    margin_left: float | None = None,
    title: str = "",
) -> None:
    """Write the one-page alignment test of ``template`` at the given margins to ``out`` (a
    path or binary file)."""
    register_fonts()
    pdf = label_canvas(out, template, title)
    pdf.setLineWidth(0.3)
    pdf.setStrokeGray(0)
    for number, (x, y) in enumerate(template.positions(margin_top, margin_left), start=1):
        _cell(pdf, template, number, x, y)
    pdf.showPage()
    pdf.save()
