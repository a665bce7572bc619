"""Traceability: plots and facilities, batches (lô) with their lineage, the append-only event
history of each batch, and the scans of its public page.

Events are never updated or deleted: a correction is a new event that supersedes an old one.
Each event stores the SHA-256 of its canonical content and the hash of the previous event of
its batch, so any later edit of the history is detectable (see app/trace/chain.py).
"""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import LabelledEnum
from ..extensions import Model, db
from .base import enum_type, utcnow

if TYPE_CHECKING:
    from .cooperative import Cooperative
    from .product import Product, ProductVariant
    from .user import User


class PlotKind(LabelledEnum):
    PLOT = "plot", _l("Plot (field, garden, pond)")
    FACILITY = "facility", _l("Facility (workshop, drying yard, warehouse)")


class Plot(Model):
    __tablename__ = "plots"
    __table_args__ = (CheckConstraint("area_ha IS NULL OR area_ha > 0", name="area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[PlotKind] = mapped_column(enum_type(PlotKind, 12, "kind"), default=PlotKind.PLOT)
    name: Mapped[str] = mapped_column(String(120))
    province_code: Mapped[int]
    commune_code: Mapped[int]
    area_ha: Mapped[Decimal | None] = mapped_column(Numeric(10, 4))
    crop: Mapped[str] = mapped_column(String(120), default="")
    planting_area_code: Mapped[str] = mapped_column(String(40), default="")  # mã số vùng trồng
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cooperative: Mapped["Cooperative"] = relationship()


class BatchStatus(LabelledEnum):
    OPEN = "open", _l("Open")
    CLOSED = "closed", _l("Closed")
    RECALLED = "recalled", _l("Recalled")


# Lineage: the batches a batch was made from (peanuts -> peanut oil), both ways.
batch_inputs = Table(
    "batch_inputs",
    db.metadata,
    Column("batch_id", ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True),
    Column(  # indexed: "what went into this batch?" is asked on every trace page
        "input_batch_id",
        ForeignKey("batches.id", ondelete="RESTRICT"),
        primary_key=True,
        index=True,
    ),
    CheckConstraint("batch_id <> input_batch_id", name="not_itself"),
)


class Batch(Model):
    __tablename__ = "batches"
    __table_args__ = (UniqueConstraint("cooperative_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="RESTRICT"), index=True
    )
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="RESTRICT"), index=True
    )
    variant_id: Mapped[int | None] = mapped_column(
        ForeignKey("product_variants.id", ondelete="SET NULL")
    )
    code: Mapped[str] = mapped_column(String(20))  # the lot: GS1 AI (10), <= 20 characters
    public_code: Mapped[str] = mapped_column(String(16), unique=True)  # /t/<public_code>
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(12, 3))
    unit: Mapped[str] = mapped_column(String(10), default="kg")
    produced_on: Mapped[date]  # harvest or production date
    packed_on: Mapped[date | None]
    expires_on: Mapped[date | None]
    plot_id: Mapped[int | None] = mapped_column(
        ForeignKey("plots.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[BatchStatus] = mapped_column(
        enum_type(BatchStatus, 12, "status"), default=BatchStatus.OPEN, index=True
    )
    recall_reason: Mapped[str] = mapped_column(Text, default="")
    recall_advice: Mapped[str] = mapped_column(Text, default="")  # what buyers should do
    recalled_on: Mapped[date | None]
    closed_on: Mapped[date | None]  # when it was last closed (sold out): late scans are suspect
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    cooperative: Mapped["Cooperative"] = relationship()
    product: Mapped["Product"] = relationship()
    variant: Mapped["ProductVariant | None"] = relationship()
    plot: Mapped[Plot | None] = relationship()
    inputs: Mapped[list["Batch"]] = relationship(
        secondary=batch_inputs,
        primaryjoin=lambda: Batch.id == batch_inputs.c.batch_id,
        secondaryjoin=lambda: Batch.id == batch_inputs.c.input_batch_id,
        back_populates="outputs",
        order_by=lambda: Batch.code,
    )
    outputs: Mapped[list["Batch"]] = relationship(
        secondary=batch_inputs,
        primaryjoin=lambda: Batch.id == batch_inputs.c.input_batch_id,
        secondaryjoin=lambda: Batch.id == batch_inputs.c.batch_id,
        back_populates="inputs",
        order_by=lambda: Batch.code,
    )
    events: Mapped[list["TraceEvent"]] = relationship(
        back_populates="batch", order_by="TraceEvent.seq"
    )


class EventKind(LabelledEnum):
    """``label`` is the staff's wording; ``public_label`` what buyers read on the trace page,
    plainer where the staff's wording says more (given only where the two differ)."""

    public_label: Any

    def __init__(self, value: str, label: Any, public_label: Any = None) -> None:
        super().__init__(value, label)
        self.public_label = label if public_label is None else public_label

    PLANTING = "planting", _l("Sowing or planting")
    # fertiliser, pesticide… (details: product, active ingredient, dose, phi_days)
    INPUT = "input", _l("Input application (fertiliser, pesticide)"), _l("Fertiliser or spraying")
    HARVEST = "harvest", _l("Harvest")
    PROCESSING = "processing", _l("Processing (drying, pressing…)"), _l("Processing")
    PACKING = "packing", _l("Packing")
    # testing (details: result, lab, document)
    INSPECTION = "inspection", _l("Inspection or testing")
    STORAGE = "storage", _l("Storage")
    SHIPPING = "shipping", _l("Shipping")
    RECEIVING = "receiving", _l("Receiving")
    SALE = "sale", _l("Sale")
    OTHER = "other", _l("Other")


class TraceEvent(Model):
    """One thing that happened to a batch. Append-only; see the module docstring."""

    __tablename__ = "trace_events"
    __table_args__ = (UniqueConstraint("batch_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="RESTRICT"))
    seq: Mapped[int]  # 1, 2, 3… within the batch, in the order recorded
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind, 20, "kind"))
    occurred_at: Mapped[datetime]  # when it happened (aware, stored UTC)
    place: Mapped[str] = mapped_column(String(200), default="")
    commune_code: Mapped[int | None]
    plot_id: Mapped[int | None] = mapped_column(
        ForeignKey("plots.id", ondelete="SET NULL"), index=True
    )
    actor: Mapped[str] = mapped_column(String(120), default="")  # who did it
    notes: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[bool] = mapped_column(default=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # kind-specific fields
    photo_keys: Mapped[list] = mapped_column(JSON, default=list)  # public image keys
    supersedes_id: Mapped[int | None] = mapped_column(  # indexed: "is it superseded?" per view
        ForeignKey("trace_events.id", ondelete="RESTRICT"), index=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")  # "" for the first event
    content_hash: Mapped[str] = mapped_column(String(64))

    batch: Mapped[Batch] = relationship(back_populates="events")
    supersedes: Mapped["TraceEvent | None"] = relationship(remote_side=lambda: TraceEvent.id)
    recorded_by: Mapped["User | None"] = relationship()


class Scan(Model):
    """A view of a trace page: no raw IP, only a per-day salted visitor hash to count uniques."""

    __tablename__ = "scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))  # what was opened (public code, DL path)
    scanned_at: Mapped[datetime] = mapped_column(default=utcnow)
    day: Mapped[date]  # local (Asia/Ho_Chi_Minh) day, for per-day counts
    device: Mapped[str] = mapped_column(String(10), default="other")  # phone, tablet, desktop, bot
    visitor: Mapped[str] = mapped_column(String(64))  # sha256(day salt + ip + user agent)
    # Serialized labels only: "genuine" (issued in a run) or "forged" (a code that claims a
    # run's range but whose MAC is wrong); None for batch codes.
    serial_check: Mapped[str | None] = mapped_column(String(8))
    # sha256(day salt + IPv4 address or IPv6 /64): one visitor for the copy alarm and the
    # forged-code limits, whatever User-Agent it sends (None on scans before migration 0010).
    network: Mapped[str | None] = mapped_column(String(64))


Index("ix_scans_batch_day", Scan.batch_id, Scan.day)
Index("ix_scans_code", Scan.code)  # a serial's scans, counted on its page
_FORGED = Scan.serial_check == "forged"
# Today's recorded forged codes, counted before recording another (app/labels/verification.py)
Index("ix_scans_forged_day", Scan.day, postgresql_where=_FORGED, sqlite_where=_FORGED)
