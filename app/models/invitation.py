"""Invitations and password resets: a single-use link and a short code that let one person
set a password.

Only hashes of the secrets are stored (app/auth/tokens.py makes and hashes them): the link and
the code are shown once, when the invitation is made or sent again (which makes new ones).
An **invitation** names a person, a cooperative and a role, and becomes an account when
accepted; a **reset** names an existing account, whose password it replaces.
"""

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import LabelledEnum
from ..extensions import Model
from .base import enum_type, utcnow
from .user import Role

if TYPE_CHECKING:
    from .cooperative import Cooperative
    from .user import User


class Purpose(LabelledEnum):
    INVITE = "invite", _l("Invitation")
    RESET = "reset", _l("Password reset")


class InvitationState(LabelledEnum):
    PENDING = "pending", _l("Waiting")
    ACCEPTED = "accepted", _l("Accepted")
    REVOKED = "revoked", _l("Revoked")
    EXPIRED = "expired", _l("Expired")


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Invitation(Model):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[Purpose] = mapped_column(enum_type(Purpose, 8, "purpose_known"))
    # An invitation: who is invited, to which cooperative, with which rights.
    name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(15))
    role: Mapped[Role] = mapped_column(enum_type(Role, 16, "role_known"), default=Role.MEMBER)
    is_manager: Mapped[bool] = mapped_column(default=False)
    cooperative_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="CASCADE"), index=True
    )
    # A reset: whose password; an accepted invitation: the account it made.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # HMAC-SHA256 of the link's token and of the short code (app/auth/tokens.py).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)  # the secrets' last renewal
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    cooperative: Mapped["Cooperative | None"] = relationship()
    user: Mapped["User | None"] = relationship(foreign_keys=[user_id])
    created_by: Mapped["User | None"] = relationship(foreign_keys=[created_by_id])

    def state(self, now: datetime | None = None) -> InvitationState:
        if self.used_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if _aware(self.expires_at) <= (now or datetime.now(UTC)):
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    @property
    def login(self) -> str:
        return self.phone or self.email or ""
