"""Cooperatives (HTX and the other kinds of producer organisation)."""

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import LabelledEnum
from ..extensions import Model
from .base import enum_type, utcnow

if TYPE_CHECKING:
    from .certificate import Certificate
    from .user import User


class CooperativeKind(LabelledEnum):
    HTX = "htx", _l("Cooperative (HTX)")
    THT = "tho_hop_tac", _l("Cooperative group (tổ hợp tác)")
    HKD = "ho_kinh_doanh", _l("Household business")
    DN = "doanh_nghiep", _l("Enterprise")


class CooperativeStatus(LabelledEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class Cooperative(Model):
    __tablename__ = "cooperatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    legal_name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80), default="")
    kind: Mapped[CooperativeKind] = mapped_column(
        enum_type(CooperativeKind, 20, "kind"), default=CooperativeKind.HTX
    )
    registration_number: Mapped[str | None] = mapped_column(String(30), unique=True)
    tax_code: Mapped[str | None] = mapped_column(String(14), unique=True)
    province_code: Mapped[int] = mapped_column(index=True)
    commune_code: Mapped[int] = mapped_column(index=True)
    street: Mapped[str] = mapped_column(String(200), default="")
    legacy_address: Mapped[str] = mapped_column(String(300), default="")
    representative: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str | None] = mapped_column(String(15))
    email: Mapped[str | None] = mapped_column(String(254))
    description: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(String(400), default="", index=True)
    logo_key: Mapped[str | None] = mapped_column(String(80))  # see app/storage.py
    bank_bin: Mapped[str | None] = mapped_column(String(6))  # NAPAS member BIN
    bank_account_number: Mapped[str | None] = mapped_column(String(19))
    bank_account_holder: Mapped[str | None] = mapped_column(String(70))
    # Its product pages offer a VietQR code with the price and the buyer's phone (issue 19).
    sells_by_transfer: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[CooperativeStatus] = mapped_column(
        enum_type(CooperativeStatus, 12, "status"), default=CooperativeStatus.ACTIVE
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    members: Mapped[list["User"]] = relationship(back_populates="cooperative")
    certificates: Mapped[list["Certificate"]] = relationship(
        back_populates="cooperative", cascade="all, delete-orphan", order_by="Certificate.issued_on"
    )

    @property
    def display_name(self) -> str:
        return self.short_name or self.legal_name

    def __repr__(self) -> str:
        return f"<Cooperative {self.slug}>"
