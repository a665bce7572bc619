"""Shared helpers for the trace page tests: a product, a batch and events, inserted directly."""

import hashlib
from datetime import UTC, date, datetime, timedelta

from app.models import Batch, Plot, Product
from tests.support import factories

TODAY = date.today()


def make_product(coop, **values) -> Product:
    fields = dict(
        cooperative=coop,
        slug=f"dau-lac-{coop.id}",
        name="Dầu lạc Lâm Bình",
        category="oils.peanut_oil",
        unit="chai",
        status="active",
        shelf_life_days=365,
        standard_kind="in_house",
        standard_number="TCCS 01:2025/HTXLB",
    )
    fields.update(values)
    return factories.ProductFactory(**fields)


def make_plot(coop, **values) -> Plot:
    fields = dict(
        cooperative=coop,
        name="Nương Nà Va",
        province_code=8,
        commune_code=2266,
        crop="Lạc đỏ",
        planting_area_code="VN-TQ-LB-0012",
    )
    fields.update(values)
    return factories.PlotFactory(**fields)


def make_batch(product, code="LB-DAU-2026-07", public_code="TLB7DAU", **values) -> Batch:
    fields = dict(
        product=product,
        code=code,
        public_code=public_code,
        quantity=1250,
        unit="kg",
        produced_on=TODAY - timedelta(days=20),
        packed_on=TODAY - timedelta(days=15),
        expires_on=TODAY + timedelta(days=345),
    )
    fields.update(values)
    return factories.BatchFactory(**fields)


def add_event(batch, kind="harvest", days_ago=20, public=True, supersedes=None, **values):
    """Append an event after the batch's last one (a stand-in hash: the chain is not tested
    here)."""
    last = max((e.seq for e in batch.events), default=0)
    fields = dict(
        batch=batch,
        seq=last + 1,
        kind=kind,
        occurred_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        - timedelta(days=days_ago),
        public=public,
        supersedes=supersedes,
        details={},
        photo_keys=[],
        content_hash=hashlib.sha256(f"{batch.id}:{last + 1}:{values}".encode()).hexdigest(),
    )
    fields.update(values)
    return factories.TraceEventFactory(**fields)
