"""Shared helpers for the trace event tests: a batch with a plot, form data, direct records."""

import itertools
from datetime import UTC, date, datetime, timedelta

from app.clock import LOCAL
from app.extensions import db
from app.models import Batch, Plot, TraceEvent
from app.trace.events import EventData, record_event
from tests.support import factories
from tests.support.products import make_product

_codes = itertools.count(1)


def make_plot(coop, name="Nương Nà Va", **values) -> Plot:
    return factories.PlotFactory(cooperative=coop, name=name, **values)


def make_batch(coop, *, plot=None, produced_on=None, status="open", product=None) -> Batch:
    n = next(_codes)
    product = product or make_product(coop, name=f"Lạc đỏ lô {n}", sku=f"SKU-EV-{n}")
    return factories.BatchFactory(
        cooperative=coop,
        product=product,
        code=f"LB-LAC-26-{n:02d}",
        public_code=f"EVT{n:05d}X",
        produced_on=produced_on or date(2026, 7, 20),
        plot=plot,
        status=status,
    )


def at(day: date, hour=7, minute=0) -> datetime:
    """A Vietnamese local time, aware."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL)


def record(batch, user, kind="planting", when=None, supersedes=None, photos=(), **values):
    """Record through the service; ``details`` and the rest as keyword arguments."""
    when = when or datetime.now(UTC) - timedelta(days=1)
    data = EventData(kind=kind, occurred_at=when, **values)
    return record_event(batch, data, user, supersedes=supersedes, photos=photos)


def events_of(batch) -> list[TraceEvent]:
    db.session.expire_all()
    stmt = db.select(TraceEvent).where(TraceEvent.batch_id == batch.id).order_by(TraceEvent.seq)
    return list(db.session.execute(stmt).scalars())


def form(**values) -> dict:
    """Valid form data for a planting event yesterday at 07:30 (override any field)."""
    yesterday = datetime.now(LOCAL).date() - timedelta(days=1)
    data = {
        "kind": "planting",
        "occurred_on": yesterday.strftime("%d/%m/%Y"),
        "occurred_time": "07:30",
        "place": "Nương Nà Va",
        "commune_code": "",
        "plot_id": "",
        "actor": "Tổ sản xuất số 2",
        "notes": "Gieo hạt lạc đỏ giống địa phương.",
        "public": "y",
    }
    data.update(values)
    return data
