"""The trace page's one lookup: the batch a printed code names, with everything that decides
whether its page changed, in one SELECT of plain rows.

The batch comes with its plot, its product's and cooperative's marks (updated_at, status,
place), the newest event's number, whether it has lineage, and counts of the inputs on its
plot: :func:`app.public.trace_services.page_etag` is computed from them before anything else
is read.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, exists, func, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Batch, Cooperative, EventKind, Plot, Product, TraceEvent, batch_inputs

_CODE = re.compile(r"[0-9A-Za-z]{1,16}")  # what a printed public code can be

# The newest event's number and whether the batch has lineage, read with the batch itself.
_LATEST_SEQ = (
    select(func.max(TraceEvent.seq))
    .where(TraceEvent.batch_id == Batch.id)
    .correlate(Batch)
    .scalar_subquery()
)
_LINKED = or_(  # two EXISTS, each answered by an index (an OR inside one is a table scan)
    exists().where(batch_inputs.c.batch_id == Batch.id).correlate(Batch),
    exists().where(batch_inputs.c.input_batch_id == Batch.id).correlate(Batch),
)
# How many inputs were recorded on the batch's plot, and on the plot's batches: the page's
# pre-harvest-interval line depends on them. Counts, not max(id): events are only ever added,
# and PostgreSQL answers max(id) by walking the primary key backwards through every event.
_SIBLING = aliased(Batch)
_PLOT_INPUT_MARK = (
    select(func.count(TraceEvent.id))
    .where(TraceEvent.kind == EventKind.INPUT, TraceEvent.plot_id == Batch.plot_id)
    .correlate(Batch)
    .scalar_subquery()
)
_SIBLING_INPUT_MARK = (
    select(func.count(TraceEvent.id))
    .join(_SIBLING, _SIBLING.id == TraceEvent.batch_id)
    .where(TraceEvent.kind == EventKind.INPUT, _SIBLING.plot_id == Batch.plot_id)
    .correlate(Batch)
    .scalar_subquery()
)
_MARKS = (
    _LATEST_SEQ.label("latest_event"),
    _LINKED.label("linked"),
    _PLOT_INPUT_MARK.label("plot_input"),
    _SIBLING_INPUT_MARK.label("sibling_input"),
)
_B, _P = Batch.__table__, Plot.__table__
_PRODUCT, _COOP = Product.__table__, Cooperative.__table__
_BATCH_FIELDS = (
    "id",
    "code",
    "public_code",
    "unit",
    "quantity",
    "produced_on",
    "packed_on",
    "expires_on",
    "status",
    "recalled_on",
    "recall_reason",
    "recall_advice",
    "updated_at",
    "plot_id",
    "product_id",
    "cooperative_id",
)
# Built once (a statement made per request costs more than the query it runs), and read as
# plain rows: the ORM's objects would cost more than the rest of the lookup together.
_ROW = select(
    *(_B.c[name] for name in _BATCH_FIELDS),
    _P.c.name.label("plot_name"),
    _P.c.planting_area_code.label("plot_area_code"),
    _P.c.commune_code.label("plot_commune_code"),
    _P.c.province_code.label("plot_province_code"),
    _PRODUCT.c.updated_at.label("product_updated_at"),
    _PRODUCT.c.status.label("product_status"),
    _COOP.c.updated_at.label("coop_updated_at"),
    _COOP.c.status.label("coop_status"),
    _COOP.c.commune_code.label("coop_commune_code"),
    _COOP.c.province_code.label("coop_province_code"),
    *_MARKS,
).select_from(
    _B.join(_PRODUCT, _PRODUCT.c.id == _B.c.product_id)
    .join(_COOP, _COOP.c.id == _B.c.cooperative_id)
    .outerjoin(_P, _P.c.id == _B.c.plot_id)
)
_BY_CODE = _ROW.where(_B.c.public_code == bindparam("code"))
_BY_ID = _ROW.where(_B.c.id == bindparam("batch_id"))


@dataclass(frozen=True)
class PlotView:
    name: str
    planting_area_code: str
    commune_code: int | None
    province_code: int | None


@dataclass(frozen=True)
class BatchView:
    """The batch's own facts, as the page and the interval check read them."""

    id: int
    code: str
    public_code: str
    unit: str
    quantity: Decimal | None
    produced_on: date
    packed_on: date | None
    expires_on: date | None
    status: str
    recalled_on: date | None
    recall_reason: str
    recall_advice: str
    updated_at: object
    plot_id: int | None
    product_id: int
    cooperative_id: int
    plot: PlotView | None


@dataclass(frozen=True)
class Found:
    """A batch found by its printed code, with what decides whether its page changed."""

    batch: BatchView
    product_updated_at: object
    product_status: str
    coop_updated_at: object
    coop_status: str
    coop_commune_code: int | None
    coop_province_code: int | None
    latest_event: int | None  # the newest event's number (events only grow)
    linked: bool  # made from other batches, or went into some
    plot_input: int | None  # input events recorded on the plot itself
    sibling_input: int | None  # input events recorded on the plot's batches


def _found(row) -> Found:
    values = row._mapping
    plot = None
    if values["plot_id"] is not None:
        plot = PlotView(
            values["plot_name"],
            values["plot_area_code"],
            values["plot_commune_code"],
            values["plot_province_code"],
        )
    return Found(
        BatchView(**{name: values[name] for name in _BATCH_FIELDS}, plot=plot),
        values["product_updated_at"],
        values["product_status"],
        values["coop_updated_at"],
        values["coop_status"],
        values["coop_commune_code"],
        values["coop_province_code"],
        values["latest_event"],
        bool(values["linked"]),
        values["plot_input"],
        values["sibling_input"],
    )


def batch_by_public_code(code: str) -> Found | None:
    """The batch a printed code names, with what decides its page, or None."""
    if not _CODE.fullmatch(code or ""):  # never a NUL or a long string to the database
        return None
    row = db.session.connection().execute(_BY_CODE, {"code": code}).first()
    return _found(row) if row is not None else None


def found_batch(batch: Batch) -> Found:
    """The same for a batch already loaded."""
    return _found(db.session.connection().execute(_BY_ID, {"batch_id": batch.id}).one())
