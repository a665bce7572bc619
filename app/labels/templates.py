"""Label stock: A4 decal sheets and thermal rolls, with their exact sizes. No Flask here.

Sizes in millimetres. Sheets follow common decal stock (24 labels of 70 x 37 mm, 40 of
52.5 x 29.7 mm, 65 of 38.1 x 21.2 mm); their top and left margins can be adjusted per run to
match a printer. Thermal rolls print one label per page at 203 dpi (8 dots per mm), so a QR
module is a whole number of dots there.
"""

import math
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

MM = 72 / 25.4  # PDF points per millimetre
A4 = (210.0, 297.0)
MIN_MODULE_MM = 0.4  # GS1 General Specifications 5.12.3.1: X >= 0.396 mm at retail


@dataclass(frozen=True)
class LabelTemplate:
    name: str
    title: str
    page_width: float
    page_height: float
    columns: int
    rows: int
    label_width: float
    label_height: float
    margin_top: float = 0.0
    margin_left: float = 0.0
    gap_x: float = 0.0
    gap_y: float = 0.0
    dpi: int | None = None  # thermal printers: modules are whole dots

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def is_sheet(self) -> bool:
        return self.dpi is None

    def positions(
        self, margin_top: float | None = None, margin_left: float | None = None
    ) -> list[tuple[float, float]]:
        """Bottom-left corners (mm, PDF orientation) of the labels on a page, in reading
        order: left to right, top to bottom."""
        top = self.margin_top if margin_top is None else margin_top
        left = self.margin_left if margin_left is None else margin_left
        return [
            (
                left + col * (self.label_width + self.gap_x),
                self.page_height - top - (row + 1) * self.label_height - row * self.gap_y,
            )
            for row in range(self.rows)
            for col in range(self.columns)
        ]

    def module_size(self, box: float, modules: int) -> float:
        """The module size (mm) for a symbol of ``modules`` (quiet zone included) in a square
        of ``box`` mm: whole printer dots on a thermal roll."""
        size = box / modules
        if self.dpi:
            dot = 25.4 / self.dpi
            size = math.floor(size / dot + 1e-9) * dot
        return size


TEMPLATES = {
    t.name: t
    for t in (
        LabelTemplate(
            "a4-3x8", _l("A4 sheet, 24 labels 70 × 37 mm"), *A4, 3, 8, 70.0, 37.0, margin_top=0.5
        ),
        LabelTemplate("a4-4x10", _l("A4 sheet, 40 labels 52.5 × 29.7 mm"), *A4, 4, 10, 52.5, 29.7),
        LabelTemplate(
            "a4-5x13",
            _l("A4 sheet, 65 labels 38.1 × 21.2 mm"),
            *A4,
            5,
            13,
            38.1,
            21.2,
            margin_top=10.7,
            margin_left=4.75,
            gap_x=2.5,
        ),
        LabelTemplate(
            "roll-50x30", _l("Thermal roll 50 × 30 mm (203 dpi)"), 50, 30, 1, 1, 50, 30, dpi=203
        ),
        LabelTemplate(
            "roll-40x30", _l("Thermal roll 40 × 30 mm (203 dpi)"), 40, 30, 1, 1, 40, 30, dpi=203
        ),
    )
}

SHEETS = {name: t for name, t in TEMPLATES.items() if t.is_sheet}


def stock_title(name: str) -> str:
    """The stock's name in words ("A4 sheet, 40 labels 52.5 × 29.7 mm"), or its code for a
    stock no longer offered."""
    template = TEMPLATES.get(name)
    return str(template.title) if template is not None else name
