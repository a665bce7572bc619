"""Labels as images: the first page as a preview, and one label as PNG or SVG for print
shops. No Flask app needed.

PNG and previews are the PDF itself rendered with PDFium (pypdfium2), so they show exactly
what prints. The SVG draws the QR as one path and the text as text in DejaVu Sans Condensed
(the font ships in ``static/fonts``; a print shop without it gets a similar sans-serif).
"""

import io
from dataclasses import replace
from xml.sax.saxutils import escape

import pypdfium2 as pdfium

from ..pdfium_lock import PDFIUM_LOCK
from .layout import Plan, code_line
from .pdf import write_pdf
from .qr import QUIET_MODULES, dark_runs
from .templates import MM

PREVIEW_DPI = 110
LABEL_DPI = 600
FONT_FAMILY = "'DejaVu Sans Condensed', 'DejaVu Sans', Arial, sans-serif"


def _png(pdf_bytes: bytes, dpi: int) -> bytes:
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf_bytes)
        try:
            image = document[0].render(scale=dpi / 72).to_pil()
        finally:
            document.close()
    out = io.BytesIO()
    image.convert("L").save(out, "PNG", optimize=True, dpi=(dpi, dpi))
    return out.getvalue()


def preview_png(plan: Plan, items: list[tuple[str, str]], **options) -> bytes:
    """The first page of a run (``items``: its first page of ``(url, code)``) as a PNG."""
    buffer = io.BytesIO()
    write_pdf(buffer, plan, items[: plan.template.per_page], **options)
    return _png(buffer.getvalue(), PREVIEW_DPI if plan.template.is_sheet else 3 * PREVIEW_DPI)


def _single(plan: Plan) -> Plan:
    """The same label on a page of its own size."""
    t = plan.template
    alone = replace(
        t,
        page_width=t.label_width,
        page_height=t.label_height,
        columns=1,
        rows=1,
        margin_top=0.0,
        margin_left=0.0,
        gap_x=0.0,
        gap_y=0.0,
    )
    return replace(plan, template=alone)


def label_png(plan: Plan, url: str, code: str) -> bytes:
    """One label at 600 dpi, its physical size recorded in the PNG."""
    buffer = io.BytesIO()
    write_pdf(buffer, _single(plan), [(url, code)])
    return _png(buffer.getvalue(), LABEL_DPI)


def label_svg(plan: Plan, url: str, code: str) -> str:
    """One label as SVG in millimetres: QR as a single path, text as text."""
    t = plan.template
    width, height = t.label_width, t.label_height
    m = plan.module
    top = height - plan.qr_y - plan.qr_side  # SVG's y grows downwards
    x0, y0 = plan.qr_x + QUIET_MODULES * m, top + QUIET_MODULES * m
    path = "".join(
        f"M{x0 + col * m:.3f} {y0 + row * m:.3f}h{length * m:.3f}v{m:.3f}h{-length * m:.3f}z"
        for row, col, length in dark_runs(url, plan.version, plan.level)
    )
    texts = [(text.x, text.y, text.size, text.bold, text.text) for text in plan.texts]
    texts.append((plan.code_x, plan.code_y, plan.code_size, False, code_line(code)))
    bold_attr = ' font-weight="bold"'
    lines = [
        f'<text x="{x:.2f}" y="{height - y:.2f}" font-size="{size / MM:.3f}"'
        f"{bold_attr if bold else ''}>{escape(text)}</text>"
        for x, y, size, bold, text in texts
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}mm" height="{height}mm" '
        f'viewBox="0 0 {width} {height}">\n'
        f"<title>{escape(code_line(code))}</title>\n"
        f'<rect width="{width}" height="{height}" fill="#fff"/>\n'
        f'<path fill="#000" d="{path}"/>\n'
        f'<g font-family="{FONT_FAMILY}" fill="#000">\n' + "\n".join(lines) + "\n</g>\n</svg>\n"
    )
