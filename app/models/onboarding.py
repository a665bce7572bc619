"""Marketplace onboarding: per cooperative and marketplace, the steps to a first order;
and the support visits and trainings officers log."""

import enum
from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class Marketplace(enum.StrEnum):
    VOSO = "voso"
    POSTMART = "postmart"
    SHOPEE = "shopee"
    TIKTOK = "tiktok"
    LAZADA = "lazada"
    PROVINCE = "province"  # the province's own e-commerce platform


class Step(enum.StrEnum):
    """In the order a cooperative goes through them."""

    DOCUMENTS = "documents"  # representative ID, registration, food-safety papers ready
    SELLER_ACCOUNT = "seller_account"
    SHOP_APPROVED = "shop_approved"  # evidence_url: the shop's URL
    PAYMENT_ACCOUNT = "payment_account"
    TRAINING = "training"  # packing-and-delivery training done
    FIRST_LISTING = "first_listing"
    FIRST_ORDER = "first_order"


class StepStatus(enum.StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"


class OnboardingStep(db.Model):
    __tablename__ = "onboarding_steps"
    __table_args__ = (UniqueConstraint("cooperative_id", "marketplace", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="CASCADE"), index=True
    )
    marketplace: Mapped[str] = mapped_column(String(20))
    step: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default=StepStatus.TODO)
    done_on: Mapped[date | None]
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    evidence_key: Mapped[str | None] = mapped_column(String(80))  # an uploaded file
    evidence_name: Mapped[str | None] = mapped_column(String(200))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    confirmed_by: Mapped["User | None"] = relationship()  # noqa: F821


visit_cooperatives = Table(
    "visit_cooperatives",
    db.metadata,
    Column("visit_id", ForeignKey("support_visits.id", ondelete="CASCADE"), primary_key=True),
    Column("cooperative_id", ForeignKey("cooperatives.id", ondelete="CASCADE"), primary_key=True),
)


class VisitKind(enum.StrEnum):
    VISIT = "visit"
    TRAINING = "training"


class SupportVisit(db.Model):
    """An officer's visit or training session, with the number of people guided."""

    __tablename__ = "support_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=VisitKind.VISIT)
    visited_on: Mapped[date] = mapped_column(index=True)
    province_code: Mapped[int]
    commune_code: Mapped[int] = mapped_column(index=True)
    topic: Mapped[str] = mapped_column(String(200))
    people_guided: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    officer: Mapped["User"] = relationship()  # noqa: F821
    cooperatives: Mapped[list["Cooperative"]] = relationship(secondary=visit_cooperatives)  # noqa: F821
