"""Users, their roles and the area an officer covers."""

import secrets
import time
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug import security

from ..enums import LabelledEnum
from ..extensions import Model
from .base import enum_type, utcnow

if TYPE_CHECKING:
    from .cooperative import Cooperative


class Role(LabelledEnum):
    ADMIN = "admin", _l("Administrator")
    OFFICER = "officer", _l("Extension officer")
    MEMBER = "member", _l("Cooperative member")


def new_session_token() -> str:
    """A fresh random session token (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def new_sign_in_mark() -> str:
    """What tells one sign-in from another: its time (epoch seconds) and a random nonce."""
    return f"{int(time.time())}.{secrets.token_urlsafe(9)}"


class User(UserMixin, Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="has_login"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(15), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    # Its CHECK constraint kept the name it had before the column was typed.
    role: Mapped[Role] = mapped_column(enum_type(Role, 16, "role_known"), default=Role.MEMBER)
    cooperative_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="RESTRICT"), index=True
    )
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # A member who manages the cooperative's accounts: invites co-workers, manages its people.
    is_manager: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Flask-Login's alternative id: every session and remember cookie names this token, so
    # replacing it (sign-out, new password, deactivation) ends them all (app/auth/sessions.py).
    session_token: Mapped[str] = mapped_column(
        String(64), unique=True, index=True, default=new_session_token
    )

    cooperative: Mapped["Cooperative | None"] = relationship(back_populates="members")
    areas: Mapped[list["OfficerArea"]] = relationship(
        back_populates="officer", cascade="all, delete-orphan", order_by="OfficerArea.id"
    )

    # The sign-in this loaded object belongs to (see get_id); not a column.
    _sign_in_mark = None  # str once known

    def set_password(self, password: str) -> None:
        self.password_hash = security.generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return security.check_password_hash(self.password_hash, password)

    def rotate_session_token(self) -> None:
        """End every session and remember cookie of this account (the caller commits)."""
        self.session_token = new_session_token()
        self._sign_in_mark = None

    def get_id(self) -> str:
        """``<session token>.<sign-in time>.<nonce>``: what the session and the remember
        cookie hold. The mark differs at every sign-in, so two sign-ins never share a cookie;
        the token ties them to the account's current sessions."""
        if self._sign_in_mark is None:
            self._sign_in_mark = new_sign_in_mark()
        return f"{self.session_token}.{self._sign_in_mark}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    @property
    def login(self) -> str:
        return self.email or self.phone or ""

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role} {self.login}>"


class OfficerArea(Model):
    """A province, or one commune of it, that an officer covers."""

    __tablename__ = "officer_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    province_code: Mapped[int]
    commune_code: Mapped[int | None]  # None: the whole province

    officer: Mapped[User] = relationship(back_populates="areas")
