"""A batch's trace events read back: the events that stand (what the public page shows), the
chain as stored and its verification, and the pre-harvest interval check.

Events are written only by :func:`app.trace.events.record_event`.
"""

from datetime import date, datetime, timedelta
from typing import Protocol

from sqlalchemy import bindparam, exists, select, union
from sqlalchemy.orm import aliased

from ..clock import local_day
from ..extensions import db
from ..models import Batch, BatchStatus, EventKind, TraceEvent
from . import chain
from .event_rules import Application, Harvest, PhiWarning, phi_conflicts


class HarvestedBatch(Protocol):
    """What the interval check reads of a batch: a row, or the trace page's plain view."""

    @property
    def id(self) -> int: ...

    @property
    def plot_id(self) -> int | None: ...

    @property
    def produced_on(self) -> date | None: ...


_LATER = aliased(TraceEvent)  # aliasing a mapped class is costly: once, not per query
_NOT_SUPERSEDED = ~exists().where(_LATER.supersedes_id == TraceEvent.id)


# The batch's events that stand, in the order they happened: as ORM objects or as plain rows.
_CURRENT = (TraceEvent.batch_id == bindparam("batch_id"), _NOT_SUPERSEDED)
_ORDER = (TraceEvent.occurred_at, TraceEvent.seq)
_CURRENT_EVENTS = select(TraceEvent).where(*_CURRENT).order_by(*_ORDER)
_PUBLIC_EVENTS = _CURRENT_EVENTS.where(TraceEvent.public.is_(True))
_EVENT_ROWS = select(TraceEvent.__table__).where(*_CURRENT).order_by(*_ORDER)


def current_event_rows(batch_id: int) -> list:
    """What :func:`current_events` gives, as plain rows (no ORM objects: half the cost), for
    pages that only read them, such as every scan of a trace page."""
    return list(db.session.connection().execute(_EVENT_ROWS, {"batch_id": batch_id}).all())


def current_events(batch: HarvestedBatch, public_only: bool = False) -> list[TraceEvent]:
    """The events that stand (no correction supersedes them), in the order they happened.

    ``public_only``: what buyers see; an event corrected into an internal one disappears.
    """
    stmt = _PUBLIC_EVENTS if public_only else _CURRENT_EVENTS
    return list(db.session.execute(stmt, {"batch_id": batch.id}).scalars())


def chain_events(batch_id: int) -> list[chain.ChainEvent]:
    """The batch's events as stored (read straight from the table, not the ORM's cache)."""
    table = TraceEvent.__table__
    public_code = db.session.execute(
        select(Batch.__table__.c.public_code).where(Batch.__table__.c.id == batch_id)
    ).scalar_one()
    rows = db.session.execute(
        select(table).where(table.c.batch_id == batch_id).order_by(table.c.seq)
    ).all()
    seq_by_id = {row.id: row.seq for row in rows}
    return [
        chain.ChainEvent(
            batch=public_code,
            seq=row.seq,
            kind=row.kind,
            occurred_at=row.occurred_at,
            recorded_at=row.recorded_at,
            place=row.place,
            commune_code=row.commune_code,
            plot_id=row.plot_id,
            actor=row.actor,
            notes=row.notes,
            public=row.public,
            details=row.details,
            photo_keys=row.photo_keys,
            supersedes_seq=seq_by_id.get(row.supersedes_id) if row.supersedes_id else None,
            recorded_by_id=row.recorded_by_id,
            prev_hash=row.prev_hash,
            content_hash=row.content_hash,
        )
        for row in rows
    ]


def verify_batch(batch: Batch) -> chain.VerifyReport:
    """Is the batch's stored history intact? (see ``chain.verify``)"""
    return chain.verify(chain_events(batch.id))


def verify_batches(public_code: str | None = None) -> list[tuple[Batch, chain.VerifyReport]]:
    """Every batch (or the one with ``public_code``) with its verification, by id."""
    stmt = select(Batch).order_by(Batch.id)
    if public_code is not None:
        stmt = stmt.where(Batch.public_code == public_code)
    return [(batch, verify_batch(batch)) for batch in db.session.execute(stmt).scalars()]


def event_of(batch: Batch, event_id: int) -> TraceEvent | None:
    """The event only if it belongs to ``batch`` (a tampered id finds nothing)."""
    return db.session.execute(
        select(TraceEvent).where(TraceEvent.id == event_id, TraceEvent.batch_id == batch.id)
    ).scalar_one_or_none()


def _inputs_where(where):
    return (
        select(
            TraceEvent.seq,
            TraceEvent.batch_id,
            TraceEvent.details,
            TraceEvent.occurred_at,
            Batch.code,
        )
        .join(Batch, Batch.id == TraceEvent.batch_id)
        .where(where)
        .where(TraceEvent.kind == EventKind.INPUT)
        .where(TraceEvent.occurred_at >= bindparam("since"))
        .where(TraceEvent.occurred_at < bindparam("until"))
        .where(_NOT_SUPERSEDED)
        .order_by(TraceEvent.occurred_at)
    )


# Inputs on the batch; with a plot, those on the plot and on any of its batches (the batch
# among them). A union of two indexed lookups: PostgreSQL turns an OR with a subquery into a
# scan of the whole table.
_BATCH_INPUTS = _inputs_where(TraceEvent.batch_id == bindparam("batch_id"))
_PLOT_EVENT_IDS = union(
    select(TraceEvent.id).where(TraceEvent.plot_id == bindparam("plot_id")),
    select(TraceEvent.id)
    .join(Batch, Batch.id == TraceEvent.batch_id)
    .where(Batch.plot_id == bindparam("plot_id")),
)
_PLOT_INPUTS = _inputs_where(TraceEvent.id.in_(_PLOT_EVENT_IDS))


def phi_warnings(batch: HarvestedBatch, events: list[TraceEvent] | None = None) -> list[PhiWarning]:
    """Harvests of ``batch`` (its events, and its own date) inside the pre-harvest interval
    of an input applied to the batch or to its plot (on any batch of that plot).
    ``events``: the batch's current events when the caller has them already."""
    harvests = [
        Harvest(e.seq, local_day(e.occurred_at))
        for e in (current_events(batch) if events is None else events)
        if e.kind == EventKind.HARVEST
    ]
    if batch.produced_on and batch.produced_on not in {h.harvested_on for h in harvests}:
        harvests.append(Harvest(None, batch.produced_on))
    if not harvests:
        return []
    # Only inputs that could reach a harvest: from a year before the first to its last day.
    earliest = min(h.harvested_on for h in harvests) - timedelta(days=366)
    latest = max(h.harvested_on for h in harvests) + timedelta(days=1)
    window = {
        "batch_id": batch.id,
        "plot_id": batch.plot_id,
        "since": datetime.combine(earliest, datetime.min.time()),
        "until": datetime.combine(latest, datetime.min.time()),
    }
    stmt = _BATCH_INPUTS if batch.plot_id is None else _PLOT_INPUTS
    inputs = db.session.connection().execute(stmt, window).all()  # rows, not objects
    applications = [
        Application(
            e.seq,
            (e.details or {}).get("product", ""),
            local_day(e.occurred_at),
            int(e.details["phi_days"]),
            e.code if e.batch_id != batch.id else "",
        )
        for e in inputs
        if isinstance((e.details or {}).get("phi_days"), int)
    ]
    return phi_conflicts(harvests, applications)


def status_notice(batch: Batch) -> str | None:
    """What to tell someone recording on a batch that is not open: "recalled" or "closed"."""
    if batch.status == BatchStatus.RECALLED:
        return "recalled"
    if batch.status == BatchStatus.CLOSED:
        return "closed"
    return None
