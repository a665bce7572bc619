"""Batches and events for the resolver and EPCIS tests, written straight to the database.

Events are inserted directly (with a stand-in hash) so these tests depend only on the schema,
not on how the event service checks and chains what staff type.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

from app.models import Plot, TraceEvent
from tests.support import factories
from tests.support.products import make_product

GTIN = "08934567000017"  # valid check digit; GS1 Vietnam prefix 893
OTHER_GTIN = "08934567000024"


def gtin_product(coop, gtin=GTIN, status="active", name="Lạc đỏ Lâm Bình", sku="LB-LAC", **values):
    return make_product(coop, name=name, sku=sku, gtin=gtin, status=status, **values)


def make_plot(coop, **values) -> Plot:
    fields = dict(name="Nương Khuổi Củng", province_code=8, commune_code=2266, crop="lạc")
    fields.update(values)
    return factories.PlotFactory(cooperative=coop, **fields)


def make_batch(coop, product, code="LB-LAC-2026-07", public_code=None, inputs=(), **values):
    fields = dict(
        quantity=Decimal("120.5"),
        unit="kg",
        produced_on=date(2026, 7, 1),
        expires_on=date(2027, 1, 1),
    )
    fields.update(values)
    if public_code is not None:
        fields["public_code"] = public_code
    return factories.BatchFactory(
        cooperative=coop, product=product, code=code, inputs=list(inputs), **fields
    )


def add_event(batch, kind, when, *, public=True, supersedes=None, **values) -> TraceEvent:
    occurred = datetime(*when, tzinfo=UTC).replace(tzinfo=None) if isinstance(when, tuple) else when
    return factories.TraceEventFactory(
        batch=batch,
        seq=len(batch.events) + 1,
        kind=kind,
        occurred_at=occurred,
        public=public,
        supersedes=supersedes,
        **values,
    )
