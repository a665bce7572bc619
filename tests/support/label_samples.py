"""What a peanut label says, for the layout tests and bench/labels.py."""

from datetime import date

from app.labels.layout import LabelContent

PEANUTS = LabelContent(
    product_name="Lạc nhân đỏ Lâm Bình",
    cooperative="HTX Nông nghiệp Lâm Bình",
    lot="LB-LAC-2026-07",
    produced_on=date(2026, 7, 1),
    expires_on=date(2027, 1, 1),
    net_quantity="500 g",
    ocop_stars=4,
)
