"""Marketplace onboarding: per cooperative and marketplace, the steps to a first order;
and the support visits and trainings officers log."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import LabelledEnum
from ..extensions import Model, db
from .base import enum_type, utcnow

if TYPE_CHECKING:
    from .cooperative import Cooperative
    from .user import User


class Marketplace(LabelledEnum):
    """The label is the marketplace's name."""

    VOSO = "voso", "Voso.vn"
    POSTMART = "postmart", "Postmart.vn"
    SHOPEE = "shopee", "Shopee"
    TIKTOK = "tiktok", "TikTok Shop"
    LAZADA = "lazada", "Lazada"
    PROVINCE = "province", _l("The province's online market")  # its own e-commerce platform


class Step(LabelledEnum):
    """In the order a cooperative goes through them; ``hint`` says what the step means."""

    hint: Any

    def __init__(self, value: str, label: Any, hint: Any) -> None:
        super().__init__(value, label)
        self.hint = hint

    DOCUMENTS = (
        "documents",
        _l("Documents ready"),
        _l(
            "The representative's ID, the registration certificate and the food-safety papers, "
            "ready to upload to the seller centre."
        ),
    )
    SELLER_ACCOUNT = (
        "seller_account",
        _l("Seller account opened"),
        _l("The seller centre account is open and the cooperative can sign in."),
    )
    SHOP_APPROVED = (  # evidence_url: the shop's URL
        "shop_approved",
        _l("Shop approved"),
        _l(
            "The marketplace approved the shop. Its address appears on the public page under "
            "“Where to buy online”."
        ),
    )
    PAYMENT_ACCOUNT = (
        "payment_account",
        _l("Payment account"),
        _l("The bank or e-wallet account that receives the sales is linked."),
    )
    TRAINING = (
        "training",
        _l("Packing and delivery training"),
        _l("Staff were trained to pack orders and hand them to the carrier."),
    )
    FIRST_LISTING = (
        "first_listing",
        _l("First listing live"),
        _l("At least one product is approved and visible to buyers."),
    )
    FIRST_ORDER = (
        "first_order",
        _l("First order"),
        _l("The first order from a buyer was delivered."),
    )


class StepStatus(LabelledEnum):
    TODO = "todo", _l("To do")
    IN_PROGRESS = "in_progress", _l("In progress")
    DONE = "done", _l("Done")
    NOT_APPLICABLE = "not_applicable", _l("Not applicable")


class OnboardingStep(Model):
    __tablename__ = "onboarding_steps"
    __table_args__ = (UniqueConstraint("cooperative_id", "marketplace", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="CASCADE"), index=True
    )
    marketplace: Mapped[Marketplace] = mapped_column(enum_type(Marketplace, 20, "marketplace"))
    step: Mapped[Step] = mapped_column(enum_type(Step, 30, "step"))
    status: Mapped[StepStatus] = mapped_column(
        enum_type(StepStatus, 20, "status"), default=StepStatus.TODO
    )
    done_on: Mapped[date | None]
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    evidence_key: Mapped[str | None] = mapped_column(String(80))  # an uploaded file
    evidence_name: Mapped[str | None] = mapped_column(String(200))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    confirmed_by: Mapped["User | None"] = relationship()


visit_cooperatives = Table(
    "visit_cooperatives",
    db.metadata,
    Column("visit_id", ForeignKey("support_visits.id", ondelete="CASCADE"), primary_key=True),
    Column("cooperative_id", ForeignKey("cooperatives.id", ondelete="CASCADE"), primary_key=True),
)


class VisitKind(LabelledEnum):
    VISIT = "visit", _l("Visit")
    TRAINING = "training", _l("Training")


class SupportVisit(Model):
    """An officer's visit or training session, with the number of people guided."""

    __tablename__ = "support_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[VisitKind] = mapped_column(
        enum_type(VisitKind, 20, "kind"), default=VisitKind.VISIT
    )
    visited_on: Mapped[date] = mapped_column(index=True)
    province_code: Mapped[int]
    commune_code: Mapped[int] = mapped_column(index=True)
    topic: Mapped[str] = mapped_column(String(200))
    people_guided: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    officer: Mapped["User"] = relationship()
    cooperatives: Mapped[list["Cooperative"]] = relationship(secondary=visit_cooperatives)
