"""Marketplace listings and export packs.

A *listing* is one product variant on one marketplace (a profile in app/exports/profiles):
draft → ready → exported → live (with its URL) or rejected (with the reason). An *export* is
one pack downloaded or written by the CLI: who, when, for which marketplace and cooperatives,
and which variants went into it (``export_items``). A push to a partner API stores its result
on the listing, with the idempotency key of the listing version it sent.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import LabelledEnum
from ..extensions import Model, db
from .base import enum_type, utcnow

if TYPE_CHECKING:
    from .product import ProductVariant
    from .user import User


class ListingStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")  # something blocks it
    READY = "ready", _l("Ready")  # nothing blocks it; not exported yet
    EXPORTED = "exported", _l("Exported")
    LIVE = "live", _l("Live")
    REJECTED = "rejected", _l("Rejected")


class PushOutcome(LabelledEnum):
    """Labelled where a push reports a problem; an accepted listing is only counted."""

    ACCEPTED = "accepted"  # 2xx
    CONFLICT = "conflict", _l("conflict")  # 409: the partner holds another version under this key
    REFUSED = "refused", _l("refused")  # another 4xx: the partner will not take it as sent
    FAILED = "failed", _l("failed")  # 5xx or no answer after every retry


class Export(Model):
    __tablename__ = "exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    marketplace: Mapped[str] = mapped_column(String(20), index=True)
    cooperatives: Mapped[str] = mapped_column(Text, default="")  # slugs, comma-separated
    product_count: Mapped[int] = mapped_column(default=0)
    variant_count: Mapped[int] = mapped_column(default=0)
    blocked_count: Mapped[int] = mapped_column(default=0)  # variants left out, not ready
    image_count: Mapped[int] = mapped_column(default=0)
    file_name: Mapped[str] = mapped_column(String(120))
    file_size: Mapped[int] = mapped_column(default=0)
    via: Mapped[str] = mapped_column(String(8), default="web")  # web or cli
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    created_by: Mapped["User | None"] = relationship()


export_items = Table(
    "export_items",
    db.metadata,
    Column("export_id", ForeignKey("exports.id", ondelete="CASCADE"), primary_key=True),
    Column("variant_id", ForeignKey("product_variants.id", ondelete="CASCADE"), primary_key=True),
)


class Listing(Model):
    __tablename__ = "listings"
    __table_args__ = (
        UniqueConstraint("variant_id", "marketplace"),
        CheckConstraint("status <> 'live' OR live_url IS NOT NULL", name="live_has_url"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # (variant_id, marketplace) is unique, which indexes the variant too.
    variant_id: Mapped[int] = mapped_column(ForeignKey("product_variants.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    marketplace: Mapped[str] = mapped_column(String(20))
    status: Mapped[ListingStatus] = mapped_column(
        enum_type(ListingStatus, 10, "status"), default=ListingStatus.DRAFT
    )
    live_url: Mapped[str | None] = mapped_column(String(500))
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    export_id: Mapped[int | None] = mapped_column(ForeignKey("exports.id", ondelete="SET NULL"))
    exported_at: Mapped[datetime | None]
    push_key: Mapped[str | None] = mapped_column(String(64))  # idempotency key last sent
    push_outcome: Mapped[PushOutcome | None] = mapped_column(
        enum_type(PushOutcome, 10, "push_outcome")
    )
    push_status: Mapped[int | None]  # the HTTP status, None when no answer came
    push_message: Mapped[str] = mapped_column(Text, default="")
    remote_id: Mapped[str | None] = mapped_column(String(100))
    pushed_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    variant: Mapped["ProductVariant"] = relationship()
