"""Saving plots and batches, their lineage, closing and recalling batches.

For other features: :func:`lineage` (one step back, one step forward), :func:`recall_batch`,
:func:`product_batches`. Every function that writes checks
every rule first and commits once: nothing is half-saved.
"""

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import contains_eager, selectinload

from .. import areas
from ..clock import local_today
from ..extensions import db
from ..models import Batch, BatchStatus, Cooperative, Plot, PlotKind, Product, ProductVariant
from ..models.trace import batch_inputs
from ..paging import paginate
from ..services import ServiceError
from .events import AlreadyRecorded, ClientStamp, offline_record, stamp
from .rules import date_problems, default_expiry, new_public_code, reaches, recall_problems

log = logging.getLogger(__name__)
PER_PAGE = 20
MAX_INPUT_CHOICES = 200  # recent batches offered as inputs; older ones are rarely mixed in


# --- plots --------------------------------------------------------------------------------------


@dataclass
class PlotData:
    name: str
    province_code: int
    commune_code: int
    kind: str = PlotKind.PLOT
    area_ha: Decimal | None = None
    crop: str = ""
    planting_area_code: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


PLOT_FIELDS = (
    "kind", "name", "province_code", "commune_code", "area_ha", "crop", "planting_area_code",
    "latitude", "longitude",
)  # fmt: skip


def save_plot(cooperative: Cooperative, data: PlotData, plot: Plot | None = None) -> Plot:
    """Create or update a plot or facility of ``cooperative``."""
    errors: dict[str, object] = {}
    if data.kind not in set(PlotKind):
        errors["kind"] = _l("Choose plot or facility.")
    if not areas.commune_in_province(data.commune_code, data.province_code):
        errors["commune_code"] = _l("This commune code is unknown or not in the chosen province.")
    if errors:
        raise ServiceError(errors)
    if plot is None:
        plot = Plot(cooperative_id=cooperative.id)
        db.session.add(plot)
    for name in PLOT_FIELDS:
        setattr(plot, name, getattr(data, name))
    db.session.commit()
    return plot


def set_plot_archived(plot: Plot, archived: bool) -> None:
    """Archive a plot (no longer offered for new batches; batches keep it) or bring it back."""
    plot.archived = archived
    db.session.commit()


def list_plots(cooperatives, cooperative_id: int | None = None, archived: bool = False):
    """Plots of the cooperatives in the select() ``cooperatives``, by cooperative and name."""
    ids = cooperatives.with_only_columns(Cooperative.id).order_by(None)
    stmt = (
        select(Plot)
        .join(Plot.cooperative)
        .where(Plot.cooperative_id.in_(ids), Plot.archived.is_(archived))
        .options(contains_eager(Plot.cooperative))
        .order_by(Cooperative.legal_name, Plot.name, Plot.id)
    )
    if cooperative_id:
        stmt = stmt.where(Plot.cooperative_id == cooperative_id)
    return list(db.session.execute(stmt).scalars())


def cooperative_plots(cooperative_id: int, keep_id: int | None = None) -> list[Plot]:
    """The plots a batch may name: the cooperative's current ones, and ``keep_id`` (a batch's
    plot that was archived since)."""
    stmt = select(Plot).where(Plot.cooperative_id == cooperative_id)
    stmt = stmt.where(or_(Plot.archived.is_(False), Plot.id == keep_id))
    return list(db.session.execute(stmt.order_by(Plot.name, Plot.id)).scalars())


# --- batches ------------------------------------------------------------------------------------


@dataclass
class BatchData:
    code: str
    produced_on: date
    quantity: Decimal | None = None
    unit: str = "kg"
    packed_on: date | None = None
    expires_on: date | None = None  # None: computed from the product's shelf life, if any
    variant_id: int | None = None
    plot_id: int | None = None
    input_ids: list[int] = field(default_factory=list)
    notes: str = ""


BATCH_FIELDS = (
    "code", "quantity", "unit", "produced_on", "packed_on", "variant_id", "plot_id", "notes",
)  # fmt: skip


def _inputs_of(ids: set[int]) -> set[int]:
    rows = db.session.execute(
        select(batch_inputs.c.input_batch_id).where(batch_inputs.c.batch_id.in_(ids))
    )
    return {row[0] for row in rows}


def _batch_problems(product: Product, data: BatchData, today: date, batch) -> dict:
    """Every rule that needs the database; the ids are distrusted (a form can be tampered)."""
    errors = date_problems(data.produced_on, data.packed_on, data.expires_on, today)
    coop_id = product.cooperative_id
    stmt = select(Batch.id).where(Batch.cooperative_id == coop_id)
    stmt = stmt.where(func.lower(Batch.code) == data.code.lower())
    if batch is not None:
        stmt = stmt.where(Batch.id != batch.id)
    if db.session.execute(stmt).first():
        errors["code"] = _l(
            "Another batch of this cooperative has the code %(code)s.", code=data.code
        )
    if data.variant_id is not None:
        variant = db.session.get(ProductVariant, data.variant_id)
        if variant is None or variant.product_id != product.id:
            errors["variant_id"] = _l("Choose a variant of this product.")
    if data.plot_id is not None:
        plot = db.session.get(Plot, data.plot_id)
        if plot is None or plot.cooperative_id != coop_id:
            errors["plot_id"] = _l("Choose a plot or facility of this cooperative.")
        elif plot.archived and (batch is None or batch.plot_id != plot.id):
            errors["plot_id"] = _l("This plot is archived: choose another one.")
    ids = set(data.input_ids)
    if ids:
        found = db.session.execute(
            select(Batch.id, Batch.cooperative_id, Batch.code, Batch.status).where(
                Batch.id.in_(ids)
            )
        ).all()
        linked = {b.id for b in batch.inputs} if batch is not None else set()
        recalled = [row.code for row in found if row.status == BatchStatus.RECALLED]
        newly_recalled = [
            row.code for row in found if row.code in recalled and row.id not in linked
        ]
        if len(found) != len(ids) or any(row.cooperative_id != coop_id for row in found):
            errors["input_ids"] = _l("Choose input batches of this cooperative only.")
        elif newly_recalled:  # a link made before the recall stays: it is the history
            errors["input_ids"] = _l(
                "%(codes)s was recalled: a recalled batch cannot go into a new batch.",
                codes=", ".join(sorted(newly_recalled)),
            )
        elif batch is not None and batch.id in ids:
            errors["input_ids"] = _l("A batch cannot be made from itself.")
        elif batch is not None and reaches(ids, batch.id, _inputs_of):
            errors["input_ids"] = _l(
                "That would go round in a circle: a chosen input was itself made from this "
                "batch, directly or further back."
            )
    return errors


def _fresh_public_code() -> str:
    """A public code no batch has; a collision (one in 10¹⁵) simply draws again."""
    while True:
        code = new_public_code()
        if not db.session.execute(select(Batch.id).where(Batch.public_code == code)).first():
            return code


def save_batch(
    product: Product,
    data: BatchData,
    today: date,
    *,
    actor_id: int | None = None,
    batch: Batch | None = None,
    public_code: str | None = None,
    client: ClientStamp | None = None,
) -> Batch:
    """Create or update a batch of ``product``; all or nothing.

    A new batch gets a public code (``public_code`` when given, for the demo; otherwise a
    random one) that never changes. An empty expiry is computed from the product's shelf life.
    A recalled batch keeps everything but its notes (see :func:`save_notes`). ``client``: a
    new batch sent by the offline app, recorded once per client id (else ``AlreadyRecorded``).
    """
    if batch is not None and batch.status == BatchStatus.RECALLED:
        raise ServiceError({"code": _l("A recalled batch cannot be changed, except its notes.")})
    errors = _batch_problems(product, data, today, batch)
    if errors:
        raise ServiceError(errors)
    inputs = []
    if data.input_ids:
        stmt = select(Batch).where(Batch.id.in_(data.input_ids))
        inputs = list(db.session.execute(stmt).scalars())
    try:
        if batch is None:
            batch = Batch(
                cooperative_id=product.cooperative_id,
                product_id=product.id,
                public_code=public_code or _fresh_public_code(),
                created_by_id=actor_id,
            )
            db.session.add(batch)
        for name in BATCH_FIELDS:
            setattr(batch, name, getattr(data, name))
        batch.expires_on = data.expires_on or default_expiry(
            data.produced_on, data.packed_on, product.shelf_life_days
        )
        batch.inputs = inputs
        if client is not None:
            stamp(client, product.cooperative_id, datetime.now(UTC), batch=batch)
        db.session.commit()
    except (IntegrityError, OperationalError) as exc:
        db.session.rollback()
        found = offline_record(product.cooperative_id, client.client_id) if client else None
        if found is not None:  # the same batch, sent twice at once (SQLite: locked)
            raise AlreadyRecorded(found) from None
        if not isinstance(exc, IntegrityError):
            raise
        raise ServiceError(
            {"code": _l("Someone saved a batch with this code just now. Check it and save again.")}
        ) from None
    return batch


def save_notes(batch: Batch, notes: str) -> None:
    """The notes are the one thing that may change after a recall."""
    batch.notes = notes
    db.session.commit()


def set_batch_status(batch: Batch, status: BatchStatus) -> None:
    """Close a batch (nothing more is added to it) or reopen it; a recall is final."""
    if batch.status == BatchStatus.RECALLED:
        raise ServiceError({"status": _l("This batch was recalled: a recall is final.")})
    if status not in (BatchStatus.OPEN, BatchStatus.CLOSED):
        raise ServiceError({"status": _l("Use the recall form to recall a batch.")})
    batch.status = status
    if status == BatchStatus.CLOSED:
        batch.closed_on = local_today()
    db.session.commit()


def recall_batch(
    batch: Batch, reason: str, advice: str, on: date, actor=None, today: date | None = None
) -> Batch:
    """Recall ``batch``: final, shown in red to every buyer who scans its code.

    ``reason`` (why) and ``advice`` (what buyers should do) are required; ``on`` is not after
    ``today`` (Vietnam's, by default). ``actor`` (a user, or None) is logged. Raises
    :class:`ServiceError` and changes nothing when a rule is broken.
    """
    errors = recall_problems(reason, advice, on, today or local_today())
    if batch.status == BatchStatus.RECALLED:
        errors = {"reason": _l("This batch was already recalled.")}
    if errors:
        raise ServiceError(errors)
    try:
        batch.status = BatchStatus.RECALLED
        batch.recall_reason = reason.strip()
        batch.recall_advice = advice.strip()
        batch.recalled_on = on
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    log.info("batch %s (%s) recalled by user %s", batch.id, batch.code, getattr(actor, "id", None))
    return batch


def lineage(batch: Batch) -> tuple[list[Batch], list[Batch]]:
    """One step back and one step forward: (the batches it was made from, the batches it went
    into), each with product and cooperative loaded, by code."""
    options = (selectinload(Batch.product), selectinload(Batch.cooperative))

    def related(column, other):
        stmt = select(Batch).join(batch_inputs, other == Batch.id).where(column == batch.id)
        return list(db.session.execute(stmt.options(*options).order_by(Batch.code)).scalars())

    inputs = related(batch_inputs.c.batch_id, batch_inputs.c.input_batch_id)
    outputs = related(batch_inputs.c.input_batch_id, batch_inputs.c.batch_id)
    return inputs, outputs


def input_choices(cooperative_id: int, batch: Batch | None = None) -> list[Batch]:
    """Batches that may be inputs: the cooperative's recent ones, without the batch itself, the
    batches made from it (those would close a circle) and recalled ones, plus the current
    inputs."""
    stmt = select(Batch).where(Batch.cooperative_id == cooperative_id)
    stmt = stmt.where(Batch.status != BatchStatus.RECALLED)
    stmt = stmt.options(selectinload(Batch.product))
    current = []
    if batch is not None:
        stmt = stmt.where(Batch.id != batch.id)
        current = list(batch.inputs)
    recent = db.session.execute(
        stmt.order_by(Batch.produced_on.desc(), Batch.id.desc()).limit(MAX_INPUT_CHOICES)
    ).scalars()
    found = {b.id: b for b in [*current, *recent]}
    if batch is not None:
        found = {i: b for i, b in found.items() if not reaches({i}, batch.id, _inputs_of)}
    return sorted(found.values(), key=lambda b: (b.code.casefold(), b.id))


def product_batches(product: Product, limit: int = 10) -> list[Batch]:
    """The product's latest batches, newest first."""
    stmt = select(Batch).where(Batch.product_id == product.id)
    stmt = stmt.order_by(Batch.produced_on.desc(), Batch.id.desc()).limit(limit)
    return list(db.session.execute(stmt.options(selectinload(Batch.variant))).scalars())


def existing_codes(cooperative_id: int) -> list[str]:
    return list(
        db.session.execute(
            select(Batch.code).where(Batch.cooperative_id == cooperative_id)
        ).scalars()
    )


@dataclass
class BatchFilters:
    """What the staff list is narrowed to; unknown values are ignored, never an error."""

    query: str = ""
    cooperative_id: int | None = None
    product_id: int | None = None
    status: str = ""

    def __post_init__(self):
        self.query = (self.query or "")[:40]
        if self.status not in set(BatchStatus):
            self.status = ""

    def args(self) -> dict:
        values = dict(
            q=self.query, cooperative=self.cooperative_id, product=self.product_id,
            status=self.status,
        )  # fmt: skip
        return {k: v for k, v in values.items() if v}


def search_batches(cooperatives, filters: BatchFilters, page: int, per_page: int = PER_PAGE):
    """Batches of the cooperatives in the select() ``cooperatives`` matching ``filters``,
    newest first, one page of them. The query matches the batch code or the public code."""
    ids = cooperatives.with_only_columns(Cooperative.id).order_by(None)
    stmt = select(Batch).join(Batch.product).where(Batch.cooperative_id.in_(ids))
    if filters.query:
        stmt = stmt.where(
            or_(
                func.lower(Batch.code).contains(filters.query.lower(), autoescape=True),
                Batch.public_code.contains(filters.query.upper(), autoescape=True),
            )
        )
    if filters.cooperative_id:
        stmt = stmt.where(Batch.cooperative_id == filters.cooperative_id)
    if filters.product_id:
        stmt = stmt.where(Batch.product_id == filters.product_id)
    if filters.status:
        stmt = stmt.where(Batch.status == filters.status)
    stmt = stmt.options(contains_eager(Batch.product), selectinload(Batch.cooperative))
    return paginate(stmt.order_by(Batch.produced_on.desc(), Batch.id.desc()), page, per_page)


def visible_products(cooperatives) -> list[Product]:
    """Products of the select() ``cooperatives`` (archived ones too: their batches still
    exist), by name, for the list's filter and the "which product" page."""
    ids = cooperatives.with_only_columns(Cooperative.id).order_by(None)
    stmt = select(Product).where(Product.cooperative_id.in_(ids))
    stmt = stmt.options(selectinload(Product.cooperative)).order_by(Product.name, Product.id)
    return list(db.session.execute(stmt).scalars())
