"""Recording a batch's trace events (append-only, hash-chained) and reading them back.

``record_event`` is the only way in: it checks everything first, then locks the batch, links
the event after the last one and commits, all or nothing. A correction is a new event that
supersedes an old one; both stay. ``current_events`` is what the public page shows;
``timeline`` and ``event_panel`` what staff see; ``verify_batch`` checks the chain.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, exists, or_, select, union
from sqlalchemy import event as sa_event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from .. import areas, storage
from ..clock import local_day
from ..extensions import db
from ..models import Batch, BatchStatus, EventKind, Plot, TraceEvent, User
from ..services import ServiceError
from . import chain, event_photos
from .event_rules import (
    MAX_PHOTOS,
    Application,
    Harvest,
    PhiWarning,
    clean_details,
    phi_conflicts,
    problems,
)

DOCUMENT_FOLDER = "trace-docs"  # private: served only by the view that checks who asks
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}
ATTEMPTS = 3  # SQLite: a concurrent writer took our seq; link again after the other one


class AppendOnlyError(RuntimeError):
    """Someone tried to change or delete a stored trace event through the ORM."""


@dataclass
class Document:
    """An inspection document already judged by its content: bytes, real extension, name."""

    data: bytes
    ext: str
    name: str


@dataclass
class EventData:
    """What a person says happened. ``occurred_at`` is aware; ``details`` raw, per kind."""

    kind: str
    occurred_at: datetime | None
    place: str = ""
    commune_code: int | None = None
    plot_id: int | None = None
    actor: str = ""
    notes: str = ""
    public: bool = True
    details: dict = field(default_factory=dict)
    document: Document | None = None  # inspection only
    keep_photos: bool = True  # a correction keeps the corrected event's photos


def _utc_naive(value: datetime) -> datetime:
    """Stored form: UTC without tzinfo, whole seconds (the same on SQLite and PostgreSQL)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.replace(microsecond=0)


def batch_provinces(batch: Batch) -> set[int]:
    """Provinces whose communes an event of ``batch`` may name: the cooperative's, the plot's."""
    found = {batch.cooperative.province_code}
    if batch.plot is not None:
        found.add(batch.plot.province_code)
    return {code for code in found if code}


def plots_of(batch: Batch) -> list[Plot]:
    """The cooperative's plots and facilities an event may name, by name."""
    return list(
        db.session.execute(
            select(Plot)
            .where(Plot.cooperative_id == batch.cooperative_id)
            .where(or_(Plot.archived.is_(False), Plot.id == batch.plot_id))
            .order_by(Plot.name, Plot.id)
        ).scalars()
    )


def is_superseded(event: TraceEvent) -> bool:
    stmt = select(TraceEvent.id).where(TraceEvent.supersedes_id == event.id)
    return db.session.execute(stmt).first() is not None


def _check(batch, data, supersedes, now) -> tuple[dict, dict]:
    errors = problems(data.kind, data.occurred_at, now)
    details, detail_errors = clean_details(data.kind, data.details or {})
    errors.update(detail_errors)
    if data.commune_code is not None and not any(
        areas.commune_in_province(data.commune_code, p) for p in batch_provinces(batch)
    ):
        errors["commune_code"] = _l("Choose a commune of the batch's province.")
    if data.plot_id is not None:
        plot = db.session.get(Plot, data.plot_id)
        if plot is None or plot.cooperative_id != batch.cooperative_id:
            errors["plot_id"] = _l("Choose one of the cooperative's plots or facilities.")
    if data.document is not None and data.kind != EventKind.INSPECTION:
        data.document = None  # a document belongs to an inspection only
    if supersedes is not None:
        if supersedes.batch_id != batch.id:
            errors["supersedes"] = _l("The event to correct is not in this batch.")
        elif is_superseded(supersedes):
            errors["supersedes"] = _l("This event was corrected already: correct the latest one.")
    return details, errors


def _kept_photos(data: EventData, supersedes: TraceEvent | None) -> list[str]:
    if supersedes is None or not data.keep_photos:
        return []
    return list(supersedes.photo_keys or [])


def _kept_document(details: dict, data: EventData, supersedes: TraceEvent | None) -> None:
    """A correction of an inspection keeps its document unless a new one comes."""
    if data.kind != EventKind.INSPECTION or data.document is not None or supersedes is None:
        return
    old = supersedes.details or {}
    if old.get("document_key"):
        details["document_key"] = old["document_key"]
        details["document_name"] = old.get("document_name", "")


def record_event(
    batch: Batch,
    data: EventData,
    actor: User,
    *,
    photos=(),
    supersedes: TraceEvent | None = None,
) -> TraceEvent:
    """Append an event to ``batch`` (a correction of ``supersedes`` when given); commit.

    ``photos`` are ``(file name, bytes)``: at most five per event with those kept from the
    corrected event, each judged by its content and turned into renditions before anything
    is stored. Raises ``ServiceError`` with every problem found, keyed by ``EventData`` names
    (``details.<member>``, ``photos``, ``document``, ``supersedes``), and saves nothing. The batch
    row is locked (``FOR UPDATE`` on PostgreSQL; SQLite serialises writers, and the unique
    ``(batch_id, seq)`` catches a race, after which the event is linked again).
    """
    now = datetime.now(UTC)
    photos = [(name, raw) for name, raw in photos if raw is not None]
    details, errors = _check(batch, data, supersedes, now)
    kept = _kept_photos(data, supersedes)
    if len(kept) + len(photos) > MAX_PHOTOS:
        errors["photos"] = _l("At most %(max)d photos per event.", max=MAX_PHOTOS)
    ready = []
    if "photos" not in errors and photos:
        ready, photo_errors = event_photos.prepare(photos)
        if photo_errors:
            errors["photos"] = " ".join(photo_errors)
    if errors:
        raise ServiceError(errors)

    keys = kept + [k for k in event_photos.store(ready) if k not in kept]
    if data.document is not None:
        details["document_key"] = storage.save(
            data.document.data, DOCUMENT_FOLDER, data.document.ext
        )
        details["document_name"] = data.document.name
    _kept_document(details, data, supersedes)
    values = dict(
        kind=data.kind,
        occurred_at=_utc_naive(data.occurred_at),
        place=data.place or "",
        commune_code=data.commune_code,
        plot_id=data.plot_id,
        actor=data.actor or "",
        notes=data.notes or "",
        public=bool(data.public),
        details=details,
        photo_keys=keys,
        supersedes_id=supersedes.id if supersedes else None,
        recorded_by_id=actor.id if actor is not None else None,
    )
    for attempt in range(ATTEMPTS):
        try:
            return _append(batch, values, supersedes)
        except IntegrityError:
            db.session.rollback()
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _append(batch: Batch, values: dict, supersedes: TraceEvent | None) -> TraceEvent:
    """Lock the batch, link after its last event, insert, commit."""
    public_code = db.session.execute(
        select(Batch.public_code).where(Batch.id == batch.id).with_for_update()
    ).scalar_one()
    last = db.session.execute(
        select(TraceEvent.seq, TraceEvent.content_hash)
        .where(TraceEvent.batch_id == batch.id)
        .order_by(TraceEvent.seq.desc())
        .limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.content_hash) if last else (1, "")
    recorded_at = _utc_naive(datetime.now(UTC))
    sealed = chain.seal(
        chain.ChainEvent(
            batch=public_code,
            seq=seq,
            recorded_at=recorded_at,
            supersedes_seq=supersedes.seq if supersedes else None,
            **{k: v for k, v in values.items() if k != "supersedes_id"},
        ),
        prev_hash,
    )
    event = TraceEvent(
        batch_id=batch.id,
        seq=seq,
        recorded_at=recorded_at,
        prev_hash=sealed.prev_hash,
        content_hash=sealed.content_hash,
        **values,
    )
    db.session.add(event)
    db.session.commit()
    return event


_COLUMNS = {c.key for c in TraceEvent.__table__.columns}


@sa_event.listens_for(TraceEvent, "before_update")
def _refuse_update(mapper, connection, target):
    """The ORM never rewrites a stored event (raw SQL can; ``verify`` then finds it)."""
    state = sa_inspect(target)
    if any(a.history.has_changes() for a in state.attrs if a.key in _COLUMNS):
        raise AppendOnlyError(
            f"trace event #{target.seq} is append-only: record a correction instead"
        )


@sa_event.listens_for(TraceEvent, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise AppendOnlyError(f"trace event #{target.seq} is append-only: it cannot be deleted")


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
    return db.session.connection().execute(_EVENT_ROWS, {"batch_id": batch_id}).all()


def current_events(batch: Batch, public_only: bool = False) -> list[TraceEvent]:
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


def phi_warnings(batch: Batch, events: list[TraceEvent] | None = None) -> list[PhiWarning]:
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
