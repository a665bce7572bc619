"""Products, their variants (phân loại: pack size or grade) and their photos.

A product belongs to one cooperative and is what labels, trace pages and marketplace listings
point at, so it is archived, never deleted, once anything refers to it.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
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
    from .certificate import Certificate
    from .cooperative import Cooperative


class ProductStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    ACTIVE = "active", _l("On sale")
    ARCHIVED = "archived", _l("Archived")


class StandardKind(LabelledEnum):
    """The standard a product is declared against (tiêu chuẩn áp dụng)."""

    TCVN = "tcvn", _l("TCVN (national standard)")
    QCVN = "qcvn", _l("QCVN (national technical regulation)")
    IN_HOUSE = "in_house", _l("TCCS (in-house standard)")  # tiêu chuẩn cơ sở


product_certificates = Table(
    "product_certificates",
    db.metadata,
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
    Column("certificate_id", ForeignKey("certificates.id", ondelete="CASCADE"), primary_key=True),
)


class Product(Model):
    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("cooperative_id", "slug"),
        CheckConstraint("shelf_life_days IS NULL OR shelf_life_days > 0", name="shelf_life"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="RESTRICT"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40), index=True)  # app/products/categories.py
    description: Mapped[str] = mapped_column(Text, default="")
    origin_province_code: Mapped[int | None]
    origin_commune_code: Mapped[int | None]
    unit: Mapped[str] = mapped_column(String(20))  # the sale unit: kg, hộp, chai…
    shelf_life_days: Mapped[int | None]
    storage_instructions: Mapped[str] = mapped_column(Text, default="")
    usage_instructions: Mapped[str] = mapped_column(Text, default="")
    ingredients: Mapped[str] = mapped_column(Text, default="")
    warnings: Mapped[str] = mapped_column(Text, default="")
    standard_kind: Mapped[StandardKind | None] = mapped_column(
        enum_type(StandardKind, 12, "standard_kind")
    )
    standard_number: Mapped[str] = mapped_column(String(80), default="")  # "TCVN 4850:2010"
    gtin: Mapped[str | None] = mapped_column(String(14), unique=True)  # GTIN-14, zero-padded
    status: Mapped[ProductStatus] = mapped_column(
        enum_type(ProductStatus, 12, "status"), default=ProductStatus.DRAFT, index=True
    )
    search_text: Mapped[str] = mapped_column(String(600), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    cooperative: Mapped["Cooperative"] = relationship()
    variants: Mapped[list["ProductVariant"]] = relationship(
        back_populates="product",
        cascade="all, delete-orphan",
        order_by="ProductVariant.position",
    )
    images: Mapped[list["ProductImage"]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductImage.position"
    )
    certificates: Mapped[list["Certificate"]] = relationship(secondary=product_certificates)


class ProductVariant(Model):
    """One way the product is sold: its own SKU, price, stock, net quantity and package."""

    __tablename__ = "product_variants"
    __table_args__ = (
        UniqueConstraint("cooperative_id", "sku"),
        CheckConstraint("price_vnd >= 0", name="price"),
        CheckConstraint("compare_at_vnd IS NULL OR compare_at_vnd >= 0", name="compare_at"),
        CheckConstraint("stock >= 0", name="stock"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    # The cooperative again, so that SKUs are unique per cooperative in the database itself.
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="RESTRICT"), index=True
    )
    sku: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(120))  # "Hộp 500 g", "Loại 1"
    price_vnd: Mapped[int]
    compare_at_vnd: Mapped[int | None]
    stock: Mapped[int] = mapped_column(default=0)
    net_quantity: Mapped[str] = mapped_column(String(20), default="")  # decimal text: "500", "1.5"
    net_unit: Mapped[str] = mapped_column(String(10), default="g")  # g, kg, ml, l, pcs
    package_weight_g: Mapped[int | None]
    length_cm: Mapped[int | None]
    width_cm: Mapped[int | None]
    height_cm: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)

    product: Mapped[Product] = relationship(back_populates="variants")


class ProductImage(Model):
    """A photo: the cleaned original and its renditions, made once on upload."""

    __tablename__ = "product_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    original_key: Mapped[str] = mapped_column(String(120))  # see app/storage.py
    thumb_key: Mapped[str | None] = mapped_column(String(120))  # 400-px WebP, ≤ 30 KB
    square_key: Mapped[str | None] = mapped_column(String(120))  # marketplace 1:1 JPEG
    width: Mapped[int]
    height: Mapped[int]
    alt_text: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[Product] = relationship(back_populates="images")


Index("ix_product_images_product_position", ProductImage.product_id, ProductImage.position)
Index("ix_product_variants_product_position", ProductVariant.product_id, ProductVariant.position)
