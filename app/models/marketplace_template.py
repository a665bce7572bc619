"""Marketplace templates and category mappings: platform-wide data kept by officers.

A *marketplace template* is the mass-upload workbook an officer downloaded from a seller
centre (Shopee, TikTok Shop, Lazada) and uploaded here, so that packs fill it instead of our
own sheet. One per marketplace is general (``marketplace_category`` NULL); others serve one
of the marketplace's categories, as seller centres hand out per-category templates. Rows are
kept when a template is replaced: the newest per (marketplace, category) is the current one,
the older ones say what was used before and by whom (the stored bytes are addressed by
content, so keeping them costs nothing when the same file comes back). ``layout`` is what the
engine found in it, kept for the pages: columns filled or not, mandatory flags, the
marketplace's category list.

A *category mapping* says which of the marketplace's categories (text from the template's
own list) one of our product categories goes to; one per (marketplace, our code), used by
every cooperative's packs.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .base import utcnow

if TYPE_CHECKING:
    from .user import User

CATEGORY_MAX = 300  # a marketplace's category as its list writes it ("100629 - Gạo > Gạo tẻ")


class MarketplaceTemplate(Model):
    __tablename__ = "marketplace_templates"
    __table_args__ = (
        Index("ix_marketplace_templates_current", "marketplace", "marketplace_category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    marketplace: Mapped[str] = mapped_column(String(20))  # a profile id
    marketplace_category: Mapped[str | None] = mapped_column(String(CATEGORY_MAX))
    storage_key: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(200))  # as uploaded, cleaned
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    sheet: Mapped[str] = mapped_column(String(100))
    layout: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    uploaded_by: Mapped["User | None"] = relationship()


class CategoryMapping(Model):
    __tablename__ = "category_mappings"
    __table_args__ = (UniqueConstraint("marketplace", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    marketplace: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(40))  # our code (app/products/categories.py)
    marketplace_category: Mapped[str] = mapped_column(String(CATEGORY_MAX))
    mapped_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    mapped_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    mapped_by: Mapped["User | None"] = relationship()
