"""Shared helpers for the plot and batch tests: valid form data, posting it, direct saves."""

import re
from datetime import timedelta
from decimal import Decimal

from app.extensions import db
from app.models import Batch, Plot
from app.trace.rules import PUBLIC_ALPHABET, PUBLIC_LENGTH
from app.trace.services import BatchData, PlotData, save_batch, save_plot
from tests.support.products import TODAY, make_product

# What a batch's public code looks like: PUBLIC_LENGTH letters of the unambiguous alphabet.
PUBLIC_CODE = re.compile(f"[{PUBLIC_ALPHABET}]{{{PUBLIC_LENGTH}}}")

VALID_PLOT = {
    "kind": "plot",
    "name": "Nương Nà Va",
    "province_code": "8",
    "commune_code": "2266",
    "area_ha": "2,5",
    "crop": "Lạc đỏ",
    "planting_area_code": "VN-TQ-0801-0012",
    "coordinates": "22.4512, 105.2236",
}

HARVEST = TODAY - timedelta(days=30)
PACKED = TODAY - timedelta(days=20)


def batch_form(**overrides) -> dict:
    values = {
        "code": "LB-LAC-2026-07",
        "quantity": "850",
        "unit": "kg",
        "produced_on": HARVEST.isoformat(),
        "packed_on": PACKED.isoformat(),
        "expires_on": "",
        "variant_id": "",
        "plot_id": "",
        "notes": "Phơi nắng 3 ngày.",
    }
    values.update(overrides)
    return values


def post_batch(client, product, **overrides):
    return client.post(f"/trace/batches/new?product={product.id}", data=batch_form(**overrides))


def make_plot(coop, name="Nương Nà Va", **values) -> Plot:
    fields = dict(
        name=name,
        province_code=coop.province_code,
        commune_code=coop.commune_code,
        area_ha=Decimal("2.5"),
    )
    fields.update(values)
    return save_plot(coop, PlotData(**fields))


def make_batch(product, code="LB-LAC-2026-07", inputs=(), **values) -> Batch:
    """A batch saved through the service."""
    fields = dict(code=code, produced_on=HARVEST, input_ids=[b.id for b in inputs])
    fields.update(values)
    return save_batch(product, BatchData(**fields), TODAY)


def peanut_and_oil(coop):
    """Two peanut batches and an oil batch made from both, as in the demo."""
    peanuts = make_product(coop, name="Lạc đỏ Lâm Bình", sku="LB-LAC-500", shelf_life_days=180)
    oil = make_product(coop, name="Dầu lạc Lâm Bình", sku="LB-DAU-500", shelf_life_days=365)
    first = make_batch(peanuts, "LB-LAC-2026-07")
    second = make_batch(peanuts, "LB-LAC-2026-07-2")
    pressed = make_batch(oil, "LB-DAU-2026-08", inputs=[first, second], produced_on=PACKED)
    return first, second, pressed


def batches() -> list[Batch]:
    db.session.expire_all()
    return list(db.session.execute(db.select(Batch).order_by(Batch.id)).scalars())


def plots() -> list[Plot]:
    db.session.expire_all()
    return list(db.session.execute(db.select(Plot).order_by(Plot.id)).scalars())


def error_at(page: str, field_id: str) -> str:
    """The error text shown beside the field ``field_id``; "" when there is none."""
    import html
    import re

    found = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S)
    return html.unescape(re.sub(r"\s+", " ", found.group(1))).strip() if found else ""
