"""Where everything goes on one label, computed once per run. No Flask app needed.

A label has the QR symbol on the left and a column of text on the right. The text is the
same on every label of a run except the last line (the label's own code), so the plan is made
once and every writer (PDF, PNG, SVG) draws from it. The product name is the largest text
(Decree 43/2017 Art. 10). Text is set from the largest size that fits down to 3.5 pt, whose
capital letters are 0.9 mm tall: the minimum the notes give for a label face under 80 cm²
(source unconfirmed); below that the plan is refused rather than printed unreadable.

Labels are in Vietnamese whatever the interface language: the law asks for it.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..i18n import LocalNumber
from ..services import WHOLE, ServiceError
from .qr import QUIET_MODULES, modules_for, symbol_version
from .serials import grouped
from .templates import MIN_MODULE_MM, MM, TEMPLATES, LabelTemplate

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONT_FILES = {False: "DejaVuSansCondensed.ttf", True: "DejaVuSansCondensed-Bold.ttf"}
FONTS = {False: "LenSan", True: "LenSan-Bold"}
MIN_SIZE = 3.5  # points
NAME_SCALE = 1.3
LEADING = 1.16
ASCENT = 0.93  # of the size: room above the baseline for stacked Vietnamese marks
EDGE = 0.5  # mm between the label's edge and the QR's quiet zone
PAD = 1.5  # mm around the text
SCAN_HINT = "Quét mã để truy xuất nguồn gốc"

# The mandatory content of a food label (Decree 43/2017 Art. 10 and Appendix I, as amended
# by Decree 111/2021), in the order the full label prints it, with what to fix when missing.
FULL_FIELDS = {
    "product_name": _l("product name"),
    "responsible": _l("name of the responsible organisation"),
    "address": _l("its address"),
    "origin": _l("origin"),
    "net_quantity": _l("net quantity (on the product's variant)"),
    "produced_on": _l("production date"),
    "expires_on": _l("expiry date (on the batch)"),
    "ingredients": _l("ingredients"),
    "usage": _l("usage instructions"),
    "storage": _l("storage instructions"),
    "warnings": _l("warnings"),
}


class LabelProblem(ServiceError):
    """A run that cannot be printed as asked; ``message`` says why and what to change.

    A service error about ``field`` of the label form ("full_label" when a full label lacks
    the product's ``missing`` texts; else the run as a whole); ``missing`` names those texts.
    """

    def __init__(self, message, missing: tuple[str, ...] = (), field: str | None = None):
        super().__init__({field or ("full_label" if missing else WHOLE): message})
        self.missing = missing


@dataclass(frozen=True)
class LabelContent:
    """What a run's labels say, as plain text (NFC, from the batch and its product)."""

    product_name: str
    cooperative: str
    lot: str
    produced_on: date | None
    expires_on: date | None
    net_quantity: str = ""
    ocop_stars: int | None = None
    responsible: str = ""
    address: str = ""
    origin: str = ""
    ingredients: str = ""
    usage: str = ""
    storage: str = ""
    warnings: str = ""

    def missing_for_full_label(self) -> tuple[str, ...]:
        return tuple(key for key in FULL_FIELDS if not getattr(self, key))


@dataclass(frozen=True)
class Text:
    x: float  # mm from the label's left edge
    y: float  # mm from the label's bottom edge to the baseline
    size: float  # points
    bold: bool
    text: str


@dataclass(frozen=True)
class Plan:
    """One label's geometry: the QR box (quiet zone included), the shared text, and where
    each label's own code line goes."""

    template: LabelTemplate
    version: int
    level: str
    module: float  # mm
    qr_x: float
    qr_y: float
    texts: tuple[Text, ...]
    code_x: float
    code_y: float
    code_size: float
    full: bool = False
    modules: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "modules", modules_for(self.version))

    @property
    def qr_side(self) -> float:
        return self.module * (self.modules + 2 * QUIET_MODULES)


@cache
def register_fonts() -> None:
    """Register the shipped DejaVu Sans Condensed (every Vietnamese glyph) with ReportLab."""
    for bold, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(FONTS[bold], str(FONT_DIR / filename)))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in mm."""
    register_fonts()
    return pdfmetrics.stringWidth(text, FONTS[bold], size) / MM


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def code_line(code: str) -> str:
    """The line under the text that lets a person type the code when the QR is damaged."""
    return "Mã: " + grouped(code)


# A block of the label's text column: the text, or (in words, abbreviated, the text that
# decides which fits); bold; the most lines it may take (None: as many as it needs).
Block = tuple[str | tuple[str, str, str | None], bool, int | None]
# A set line: its text, size and boldness.
Line = tuple[str, float, bool]


def _blocks(content: LabelContent, full: bool) -> list[Block]:
    """(text or (long, short) alternatives, bold, most lines or None) from top to bottom."""
    stars = f"OCOP {'★' * content.ocop_stars}" if content.ocop_stars else ""
    rows: list[Block]
    if full:
        rows = [
            (content.product_name, True, None),
            (f"Chịu trách nhiệm: {content.responsible}, {content.address}", False, None),
            (f"Xuất xứ: {content.origin}", False, None),
            (f"Định lượng: {content.net_quantity}", False, None),
            (f"Ngày sản xuất: {_day(content.produced_on)}", False, None),
            (f"Hạn sử dụng: {_day(content.expires_on)}", False, None),
            (f"Số lô: {content.lot}", False, None),
            (f"Thành phần: {content.ingredients}", False, None),
            (f"Hướng dẫn sử dụng: {content.usage}", False, None),
            (f"Bảo quản: {content.storage}", False, None),
            (f"Cảnh báo: {content.warnings}", False, None),
        ]
    else:
        rows = [
            (content.product_name, True, 2),
            (content.cooperative, False, 2),
            (f"Lô: {content.lot}", False, 1),
        ]
        if content.produced_on:
            produced = _day(content.produced_on)
            rows.append(((f"Ngày sản xuất: {produced}", f"NSX: {produced}", None), False, 1))
        if content.expires_on:
            expires = _day(content.expires_on)
            # Both dates in words, or both abbreviated: "Ngày sản xuất" is the wider one.
            probe = f"Ngày sản xuất: {expires}"
            rows.append(((f"Hạn sử dụng: {expires}", f"HSD: {expires}", probe), False, 1))
        if content.net_quantity:
            rows.append((f"Định lượng: {content.net_quantity}", False, 1))
    if stars:
        rows.append((stars, True, 1))
    rows.append((SCAN_HINT, False, 2))
    return rows


def _set_text(
    rows: list[Block], size: float, width: float, height: float, code_text: str
) -> list[Line] | None:
    """Lines and their sizes at base ``size``, or None when they do not fit."""
    lines: list[Line] = []
    for index, (text, bold, most) in enumerate(rows):
        line_size = size * NAME_SCALE if index == 0 else size  # the name is the largest
        if isinstance(text, tuple):  # (in words, abbreviated, the text that decides)
            long, short, probe = text
            text = long if text_width(probe or long, line_size, bold) <= width else short
        wrapped = simpleSplit(text, FONTS[bold], line_size, width * MM)
        if most is not None and len(wrapped) > most:
            return None
        if any(text_width(w, line_size, bold) > width for w in wrapped):
            return None  # a single word wider than the column
        lines.extend((w, line_size, bold) for w in wrapped)
    if text_width(code_text, size) > width:
        return None
    used = sum(s for _, s, _ in lines) * LEADING + size * LEADING
    return lines if used / MM <= height else None


def _module_size(template: LabelTemplate, total: int, full: bool) -> float:
    """The QR module's side on ``template`` for a symbol of ``total`` modules with its
    margin; a :class:`LabelProblem` under what phones read reliably."""
    box = min(template.label_height - 2 * EDGE, template.label_width * (0.3 if full else 0.48))
    module = template.module_size(box, total)
    if module < MIN_MODULE_MM - 1e-9:
        raise LabelProblem(
            _l(
                "On %(template)s the QR code (%(modules)s modules with its margin) would have "
                "modules of %(size)s mm, under the 0.4 mm that phones read reliably. Choose a "
                "larger label or error correction M.",
                template=template.title,
                modules=total,
                size=LocalNumber(module, "0.00"),
            )
        )
    return module


def _fit_text(
    template: LabelTemplate,
    rows: list[Block],
    width: float,
    height: float,
    code_text: str,
    full: bool,
) -> tuple[list[Line], float]:
    """The column's lines at the largest size that fits, and that size; a
    :class:`LabelProblem` when even the smallest legal size does not."""
    start = 6.5 if full else 8.0
    sizes = [start - 0.25 * i for i in range(int((start - MIN_SIZE) / 0.25) + 1)]
    for size in sizes:
        lines = _set_text(rows, size, width, height, code_text)
        if lines is not None:
            return lines, size
    raise LabelProblem(
        _l(
            "The label's text does not fit %(template)s even at the smallest legal size. "
            "Shorten the product name or the texts, or choose a larger label.",
            template=template.title,
        )
        if not full
        else _l(
            "The full label's text does not fit %(template)s even at the smallest legal "
            "size. Choose a larger label (%(larger)s) or shorten the ingredients and "
            "instructions.",
            larger=TEMPLATES["a4-3x8"].title,
            template=template.title,
        )
    )


def plan_label(
    template: LabelTemplate,
    content: LabelContent,
    longest_url: str,
    longest_code: str,
    level: str = "M",
    full: bool = False,
) -> Plan:
    """Lay out a run's label, or raise :class:`LabelProblem` saying what to change."""
    register_fonts()
    if full and (missing := content.missing_for_full_label()):
        names = ", ".join(str(FULL_FIELDS[key]) for key in missing)
        raise LabelProblem(
            _l("A full label cannot be printed: missing %(fields)s.", fields=names), missing
        )
    version = symbol_version(longest_url, level)
    total = modules_for(version) + 2 * QUIET_MODULES
    width, height = template.label_width, template.label_height
    module = _module_size(template, total, full)
    side = module * total
    qr_y = height - EDGE - side if full else (height - side) / 2
    column_x = EDGE + side - QUIET_MODULES * module + 1.0
    lines, size = _fit_text(
        template,
        _blocks(content, full),
        width - column_x - PAD,
        height - 2 * PAD,
        code_line(longest_code),
        full,
    )
    texts = []
    y = height - PAD
    for text, line_size, bold in lines:
        baseline = y - ASCENT * line_size / MM
        texts.append(Text(column_x, baseline, line_size, bold, text))
        y -= line_size * LEADING / MM
    return Plan(
        template=template,
        version=version,
        level=level,
        module=module,
        qr_x=EDGE,
        qr_y=qr_y,
        texts=tuple(texts),
        code_x=column_x,
        code_y=PAD + 0.25 * size / MM,
        code_size=size,
        full=full,
    )
