"""The record of changes to a cooperative's identity, bank account and place.

Append-only: a row is written once and never updated or deleted (except with its
cooperative). A member's move of their cooperative is a ``requested`` row; the officer's
answer is another row (``confirmed``, ``rejected``, or ``superseded`` by a later request)
pointing at it through ``answers_id``. A request without an answer is pending.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import LabelledEnum
from ..extensions import Model
from .base import enum_type, utcnow

if TYPE_CHECKING:
    from .user import User


class ChangeKind(LabelledEnum):
    # made directly: identity or bank fields by anyone, a staff move
    APPLIED = "applied", _l("Changed")
    # a member's move, waiting for the officer
    REQUESTED = "requested", _l("Move requested")
    # the answers to a request: the move was made, the place stays, a later request replaced it
    CONFIRMED = "confirmed", _l("Move confirmed")
    REJECTED = "rejected", _l("Move rejected")
    SUPERSEDED = "superseded", _l("Replaced by a later request")


class CooperativeChange(Model):
    __tablename__ = "cooperative_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(30))  # a Cooperative column, or "place"
    kind: Mapped[ChangeKind] = mapped_column(enum_type(ChangeKind, 12, "kind"))
    old_value: Mapped[str | None] = mapped_column(String(200))
    new_value: Mapped[str | None] = mapped_column(String(200))
    answers_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperative_changes.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped["User | None"] = relationship()

    def __repr__(self) -> str:
        return f"<CooperativeChange {self.cooperative_id} {self.field} {self.kind}>"
