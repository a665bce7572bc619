"""Print-ready label PDFs with ReportLab: exact physical sizes, vector QR codes, the shipped
DejaVu font embedded (subset), optional cut marks. No Flask app needed.

The text every label of a run shares is drawn once, as a form XObject that each label places;
a label's own part is its QR symbol (one path of dark runs in module units) and its code line.
"""

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from reportlab.pdfgen import canvas

from .layout import FONTS, Plan, code_line, register_fonts
from .qr import QUIET_MODULES, many_dark_runs
from .templates import MM

BLOCK = 2048  # labels whose symbols are built at a time: bounds memory on long runs
MARK = 4.0  # mm: length of a cut mark
FORM = "shared"


def no_print_scaling(pdf: canvas.Canvas) -> None:
    """Ask the print dialog for 100 % ("Actual size") rather than "Fit to page", which would
    shrink a sheet of labels off its decal stock (``/ViewerPreferences /PrintScaling /None``)."""
    pdf.setViewerPreference("PrintScaling", "None")


def label_canvas(out, template, title: str) -> canvas.Canvas:
    """A canvas of ``template``'s page size for a label PDF: compressed, reproducible
    (``invariant``), titled, and printed at 100 % (:func:`no_print_scaling`)."""
    pdf = canvas.Canvas(
        out,
        pagesize=(template.page_width * MM, template.page_height * MM),
        pageCompression=1,
        invariant=1,
    )
    pdf.setTitle(title)
    pdf.setCreator("Lên Sàn")
    no_print_scaling(pdf)
    return pdf


def _blocks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while block := list(islice(iterator, size)):
        yield block


def symbols(
    items: Iterable[tuple[str, str]], plan: Plan, processes: int
) -> Iterator[tuple[str, tuple]]:
    """``(code, dark runs)`` for each ``(url, code)``, in order, a block at a time."""
    waiting: deque[list] = deque()

    def url_blocks():
        for block in _blocks(items, BLOCK):
            waiting.append(block)
            yield [url for url, _ in block]

    for runs in many_dark_runs(url_blocks(), plan.version, plan.level, processes):
        block = waiting.popleft()
        yield from zip((code for _, code in block), runs, strict=True)


def qr_operators(runs: tuple, plan: Plan, x: float, y: float) -> str:
    """PDF operators filling the symbol's dark runs, in module units, at label corner x, y."""
    module = plan.module * MM
    top = plan.modules - 1 + QUIET_MODULES
    origin_x = (x + plan.qr_x) * MM + QUIET_MODULES * module
    origin_y = (y + plan.qr_y) * MM
    body = " ".join(f"{col} {top - row} {length} 1 re" for row, col, length in runs)
    return f"q {module:.4f} 0 0 {module:.4f} {origin_x:.3f} {origin_y:.3f} cm {body} f Q"


def _shared_form(pdf: canvas.Canvas, plan: Plan) -> None:
    pdf.beginForm(FORM)
    for text in plan.texts:
        pdf.setFont(FONTS[text.bold], text.size)
        pdf.drawString(text.x * MM, text.y * MM, text.text)
    pdf.endForm()


def _cut_marks(pdf: canvas.Canvas, plan: Plan, corners: list[tuple[float, float]]) -> None:
    """Marks in the page margins along every label edge; outlines where there is no margin."""
    template = plan.template
    pdf.setLineWidth(0.25)
    pdf.setStrokeGray(0.35)
    xs = sorted({x for x, _ in corners} | {x + template.label_width for x, _ in corners})
    ys = sorted({y for _, y in corners} | {y + template.label_height for _, y in corners})
    left, bottom, right, top = xs[0], ys[0], xs[-1], ys[-1]
    if min(left, bottom, template.page_width - right, template.page_height - top) < 2:
        for x, y in corners:
            pdf.rect(x * MM, y * MM, template.label_width * MM, template.label_height * MM)
        return
    for x in xs:
        pdf.line(x * MM, (top + 1) * MM, x * MM, min(top + 1 + MARK, template.page_height) * MM)
        pdf.line(x * MM, (bottom - 1) * MM, x * MM, max(bottom - 1 - MARK, 0) * MM)
    for y in ys:
        pdf.line((left - 1) * MM, y * MM, max(left - 1 - MARK, 0) * MM, y * MM)
        right_end = min(right + 1 + MARK, template.page_width)
        pdf.line((right + 1) * MM, y * MM, right_end * MM, y * MM)


def write_pdf(
    out,
    plan: Plan,
    items: Iterable[tuple[str, str]],
    *,
    margin_top: float | None = None,
    margin_left: float | None = None,
    cut_marks: bool = False,
    processes: int = 1,
    progress: Callable[[int], None] | None = None,
    title: str = "",
) -> int:
    """Write labels for ``items`` (``(url, code)`` pairs) to ``out`` (a path or binary file);
    ``progress`` hears the number of labels done after each page. Returns the page count."""
    register_fonts()
    template = plan.template
    pdf = label_canvas(out, template, title)
    _shared_form(pdf, plan)
    corners = template.positions(margin_top, margin_left)
    code_font = FONTS[False]
    done = pages = 0
    for index, (code, runs) in enumerate(symbols(items, plan, processes)):
        slot = index % template.per_page
        if slot == 0 and index:
            pdf.showPage()
        if slot == 0:
            pages += 1
            if cut_marks and template.is_sheet:
                _cut_marks(pdf, plan, corners)
        x, y = corners[slot]
        pdf.addLiteral(qr_operators(runs, plan, x, y))
        pdf.saveState()
        pdf.translate(x * MM, y * MM)
        pdf.doForm(FORM)
        pdf.setFont(code_font, plan.code_size)
        pdf.drawString(plan.code_x * MM, plan.code_y * MM, code_line(code))
        pdf.restoreState()
        done += 1
        if progress is not None and slot == template.per_page - 1:
            progress(done)
    pdf.showPage()
    pdf.save()
    if progress is not None:
        progress(done)
    return pages
