"""What the offline app lists and how a record sent from a phone is received.

A phone sends the same fields as the event form, plus a client id (a UUID it made when the
member saved) and its clock at that moment. The fields go through the event form and
``record_event`` like any other event: one set of rules.
"""

import contextlib
import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..access import visible_cooperatives
from ..clock import local_today
from ..extensions import db
from ..models import Batch, Cooperative, OfflineRecord, Plot, Product, ProductStatus, User
from ..services import ServiceError
from ..trace.events import AlreadyRecorded, ClientStamp, EventData, offline_record, record_event
from ..trace.services import BatchData, cooperative_plots, input_choices, save_batch

RECENT = 20  # batches and plots the phone keeps for a day without signal


def client_stamp(client_id: str | None, saved_at: str | None) -> ClientStamp | None:
    """The client id as a canonical UUID, and the phone's clock (ISO 8601) when it parses;
    None when the client id is not a UUID."""
    try:
        canonical = str(uuid.UUID((client_id or "").strip()))
    except ValueError:
        return None
    when = None
    with contextlib.suppress(ValueError):
        when = datetime.fromisoformat((saved_at or "").strip().replace("Z", "+00:00"))
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return ClientStamp(canonical, when)


@dataclass(frozen=True)
class Received:
    """What the server holds for a phone's record, and whether this post recorded it."""

    record: OfflineRecord
    created: bool


def receive_event(batch: Batch, data: EventData, actor: User, photos, client: ClientStamp):
    """Record the event once per client id; a repeat answers with what was recorded."""
    found = offline_record(batch.cooperative_id, client.client_id)
    if found is not None:
        return Received(found, False)
    try:
        record_event(batch, data, actor, photos=photos, client=client)
    except AlreadyRecorded as exc:
        return Received(exc.record, False)
    record = offline_record(batch.cooperative_id, client.client_id)
    assert record is not None  # committed just now with the event
    return Received(record, True)


def receive_batch(product: Product, data: BatchData, actor: User, client: ClientStamp):
    """Record a batch made offline once per client id; a repeat answers with what was made.
    Its dates are judged against the day it arrives (a harvest day cannot be in the future)."""
    found = offline_record(product.cooperative_id, client.client_id)
    if found is not None:
        return Received(found, False)
    try:
        save_batch(product, data, local_today(), actor_id=actor.id, client=client)
    except AlreadyRecorded as exc:
        return Received(exc.record, False)
    except ServiceError:  # "code taken" may be this very batch, made meanwhile by a copy
        found = offline_record(product.cooperative_id, client.client_id)
        if found is None:
            raise
        return Received(found, False)
    record = offline_record(product.cooperative_id, client.client_id)
    assert record is not None  # committed just now with the batch
    return Received(record, True)


def batch_form_parts(product: Product) -> dict:
    """What the batch form offers for ``product``: its variants, plots and input batches."""
    return {
        "variants": product.variants,
        "plots": cooperative_plots(product.cooperative_id),
        "inputs": input_choices(product.cooperative_id),
        "today": local_today(),
    }


def recent_products(user: User, limit: int = 10) -> list[Product]:
    """Products the user may record a batch of, for the shell's "new batch" links."""
    stmt = (
        select(Product)
        .where(Product.cooperative_id.in_(_cooperative_ids(user)))
        .where(Product.status != ProductStatus.ARCHIVED)
        .order_by(Product.name, Product.id)
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def _cooperative_ids(user: User):
    return visible_cooperatives(user).with_only_columns(Cooperative.id).scalar_subquery()


def recent_batches(user: User, limit: int = RECENT) -> list[Batch]:
    """The batches the user may record on, most recently changed first."""
    stmt = (
        select(Batch)
        .where(Batch.cooperative_id.in_(_cooperative_ids(user)))
        .options(selectinload(Batch.product), selectinload(Batch.cooperative))
        .order_by(Batch.updated_at.desc(), Batch.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def recent_plots(user: User, limit: int = RECENT) -> list[Plot]:
    """The user's plots and facilities in use, most recently made first."""
    stmt = (
        select(Plot)
        .where(Plot.cooperative_id.in_(_cooperative_ids(user)), Plot.archived.is_(False))
        .order_by(Plot.created_at.desc(), Plot.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def asset_version(root: Path, names: list[str]) -> str:
    """A short digest of the app's files: a new one makes phones fetch the app again."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode())
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:12]
