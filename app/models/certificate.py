"""Certificates a cooperative holds: OCOP stars, VietGAP, GlobalGAP, organic, food safety."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import LabelledEnum
from ..extensions import Model
from .base import enum_type, utcnow

if TYPE_CHECKING:
    from .cooperative import Cooperative


class CertificateKind(LabelledEnum):
    """In the order certificates are listed."""

    OCOP = "ocop", _l("OCOP (One Commune One Product)")
    VIETGAP = "vietgap", _l("VietGAP")
    GLOBALGAP = "globalgap", _l("GlobalGAP")
    ORGANIC = "organic", _l("Organic")
    # giấy chứng nhận cơ sở đủ điều kiện ATTP
    FOOD_SAFETY = "food_safety", _l("Food-safety facility certificate")
    # bản cam kết (small primary producers)
    FOOD_SAFETY_COMMITMENT = "food_safety_commitment", _l("Food-safety commitment")
    OTHER = "other", _l("Other certificate")


class Certificate(Model):
    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint(
            "ocop_stars IS NULL OR ocop_stars BETWEEN 3 AND 5", name="ocop_stars_range"
        ),
        CheckConstraint("expires_on IS NULL OR expires_on >= issued_on", name="expiry_after_issue"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[CertificateKind] = mapped_column(enum_type(CertificateKind, 30, "kind"))
    ocop_stars: Mapped[int | None]
    number: Mapped[str] = mapped_column(String(80))
    issuer: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(Text, default="")
    issued_on: Mapped[date]
    expires_on: Mapped[date | None] = mapped_column(index=True)
    document_key: Mapped[str | None] = mapped_column(String(80))  # see app/storage.py
    document_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    cooperative: Mapped["Cooperative"] = relationship(back_populates="certificates")
