"""Recording a batch's trace events (append-only, hash-chained) and reading them back.

``record_event`` is the only way in: it checks everything first, then locks the batch, links
the event after the last one and commits, all or nothing. A correction is a new event that
supersedes an old one; both stay. Reading them back: :mod:`.event_history`.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import event as sa_event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError, OperationalError

from .. import areas, storage
from ..extensions import db
from ..models import Batch, BatchStatus, EventKind, OfflineRecord, Plot, TraceEvent, User
from ..services import ServiceError
from . import chain, event_photos
from .event_rules import (
    MAX_PHOTOS,
    clean_details,
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


class AlreadyRecorded(Exception):
    """A phone sent again a record the server has: ``record`` says what was recorded."""

    def __init__(self, record: OfflineRecord):
        super().__init__(record.client_id)
        self.record = record


@dataclass(frozen=True)
class ClientStamp:
    """A record made on a phone: its client id (a UUID) and the phone's clock when saved."""

    client_id: str
    saved_at: datetime | None = None


def offline_record(cooperative_id: int, client_id: str) -> OfflineRecord | None:
    """What a phone's record of ``client_id`` became, if the server has it."""
    stmt = select(OfflineRecord).where(
        OfflineRecord.cooperative_id == cooperative_id, OfflineRecord.client_id == client_id
    )
    return db.session.execute(stmt).scalar_one_or_none()


def stamp(client: ClientStamp, cooperative_id: int, received_at: datetime, **made) -> OfflineRecord:
    """Add (not commit) the record of what the phone's ``client`` id became: ``event=`` or
    ``batch=``; the caller commits it with what it made, all or nothing."""
    record = OfflineRecord(
        cooperative_id=cooperative_id,
        client_id=client.client_id,
        saved_at=_utc_naive(client.saved_at) if client.saved_at else None,
        received_at=received_at,
        **made,
    )
    db.session.add(record)
    return record


def _retriable(exc: Exception) -> bool:
    """A concurrent writer took our seq or client id (a unique constraint), or on SQLite
    committed first while we read (the database is locked): link again after it."""
    return isinstance(exc, IntegrityError) or "locked" in str(getattr(exc, "orig", ""))


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


def _new_photos(photos: list, kept: list[str], errors: dict) -> list[event_photos.Ready]:
    """The new photos judged and turned into renditions (none stored yet); their problems go
    into ``errors``."""
    if len(kept) + len(photos) > MAX_PHOTOS:
        errors["photos"] = _l("At most %(max)d photos per event.", max=MAX_PHOTOS)
    if "photos" in errors or not photos:
        return []
    ready, photo_errors = event_photos.prepare(photos)
    if photo_errors:
        errors["photos"] = " ".join(photo_errors)
    return ready


def record_event(
    batch: Batch,
    data: EventData,
    actor: User,
    *,
    photos=(),
    supersedes: TraceEvent | None = None,
    client: ClientStamp | None = None,
) -> TraceEvent:
    """Append an event to ``batch`` (a correction of ``supersedes`` when given); commit.

    ``photos`` are ``(file name, bytes)``: at most five per event with those kept from the
    corrected event, each judged by its content and turned into renditions before anything
    is stored. Raises ``ServiceError`` with every problem found, keyed by ``EventData`` names
    (``details.<member>``, ``photos``, ``document``, ``supersedes``), and saves nothing. The batch
    row is locked (``FOR UPDATE`` on PostgreSQL; SQLite serialises writers, and the unique
    ``(batch_id, seq)`` catches a race, after which the event is linked again).

    ``client`` marks a record sent by the offline app: when the cooperative already has its
    client id, nothing is recorded and :class:`AlreadyRecorded` says what was (checked under
    the batch's lock, so two copies sent at once record one event).
    """
    now = datetime.now(UTC)
    photos = [(name, raw) for name, raw in photos if raw is not None]
    details, errors = _check(batch, data, supersedes, now)
    kept = _kept_photos(data, supersedes)
    ready = _new_photos(photos, kept, errors)
    if errors:
        raise ServiceError(errors)
    if data.occurred_at is None:  # problems() refused it already
        raise ServiceError({"occurred_at": _l("Enter the date and time it happened.")})

    keys = kept + [k for k in event_photos.store(ready) if k not in kept]
    _store_document(details, data, supersedes)
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
            return _append(batch, values, supersedes, client)
        except (IntegrityError, OperationalError) as exc:
            db.session.rollback()
            if attempt == ATTEMPTS - 1 or not _retriable(exc):
                raise
    raise AssertionError("unreachable")


def _store_document(details: dict, data: EventData, supersedes: TraceEvent | None) -> None:
    """The inspection document sent with the event, or the corrected event's, in ``details``."""
    if data.document is not None:
        details["document_key"] = storage.save(
            data.document.data, DOCUMENT_FOLDER, data.document.ext
        )
        details["document_name"] = data.document.name
    _kept_document(details, data, supersedes)


def _append(
    batch: Batch, values: dict, supersedes: TraceEvent | None, client: ClientStamp | None
) -> TraceEvent:
    """Lock the batch, link after its last event, insert, commit."""
    public_code, status = db.session.execute(
        select(Batch.public_code, Batch.status).where(Batch.id == batch.id).with_for_update()
    ).one()
    if client is not None:
        found = offline_record(batch.cooperative_id, client.client_id)
        if found is not None:
            db.session.rollback()
            raise AlreadyRecorded(found)
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
    if client is not None:
        stamp(client, batch.cooperative_id, recorded_at, event=event).batch_recalled = (
            status == BatchStatus.RECALLED
        )
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
