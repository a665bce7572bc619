"""Invitations and password resets: issue, send again, revoke, find, and complete.

An invitation or reset is a row of ``invitations`` with hashes of a link's token and a short
code (app/auth/tokens.py, app/auth/codes.py). :class:`Issued` carries the secrets once, to be
shown (QR code, text for Zalo or SMS, a printed slip) or mailed; they are never stored.
Completing one is single-use even when two browsers try at once (a conditional UPDATE).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..extensions import db
from ..models import Cooperative, Invitation, InvitationState, Purpose, Role, User
from ..services import WHOLE, ServiceError
from ..text import clean, normalize_phone
from .codes import new_code
from .passwords import password_problem
from .rights import can_invite, can_manage, check_grant
from .tokens import digest, new_token

INVITE_DAYS = 7
MAIL_RESET_HOURS = 2


@dataclass
class InvitationData:
    name: str
    cooperative_id: int | None
    role: str = "member"  # a Role, or "manager": a member with the manager right
    phone: str | None = None
    email: str | None = None


@dataclass
class Issued:
    invitation: Invitation
    token: str
    code: str | None


def _now() -> datetime:
    return datetime.now(UTC)


def issue_secrets(invitation: Invitation, lifetime: timedelta, with_code: bool = True) -> Issued:
    """New secrets for ``invitation`` (the old ones stop working); the caller commits."""
    token = new_token()
    code = new_code() if with_code else None
    while code and db.session.scalar(
        select(Invitation.id).where(Invitation.code_hash == digest(code))
    ):
        code = new_code()  # 1 in 10^12; the unique index would refuse it
    invitation.token_hash = digest(token)
    invitation.code_hash = digest(code) if code else None
    invitation.sent_at = _now()
    invitation.expires_at = invitation.sent_at + lifetime
    invitation.revoked_at = None
    return Issued(invitation, token, code)


def _login_taken(column, value: str | None) -> bool:
    return bool(value) and db.session.scalar(select(User.id).where(column == value)) is not None


def _check_contact(data: InvitationData) -> tuple[str | None, str | None]:
    email = clean(data.email).lower() or None
    if email and ("@" not in email or len(email) > 254):
        raise ServiceError({"email": _l("This email address is not valid.")})
    phone = normalize_phone(data.phone) if data.phone else None
    if data.phone and not phone:
        raise ServiceError({"phone": _l("This is not a Vietnamese phone number.")})
    if not email and not phone:
        raise ServiceError({"phone": _l("Give an email or a phone number to sign in with.")})
    for column, value in ((User.email, email), (User.phone, phone)):
        if _login_taken(column, value):
            raise ServiceError({column.key: _l("Another account already uses %(v)s.", v=value)})
    for column, value in ((Invitation.email, email), (Invitation.phone, phone)):
        waiting = db.session.scalars(
            select(Invitation).where(column == value, Invitation.purpose == Purpose.INVITE)
        ).all()
        if value and any(w.state() == InvitationState.PENDING for w in waiting):
            message = _l("%(v)s is already invited: send that invitation again instead.", v=value)
            raise ServiceError({column.key: message})
    return email, phone


def create_invitation(data: InvitationData, by: User) -> Issued:
    """Invite a person into a cooperative; ServiceError (nothing saved) when anything is wrong,
    ``by``'s rights included."""
    role, is_manager = (
        (Role.MEMBER, True) if data.role == "manager" else (Role.of(data.role), False)
    )
    if role is None:
        raise ServiceError({"role": _l("Unknown role.")})
    cooperative = db.session.get(Cooperative, data.cooperative_id) if data.cooperative_id else None
    check_grant(by, role, is_manager, cooperative)
    if role != Role.MEMBER:
        raise ServiceError({"role": _l("Invitations are for members of a cooperative.")})
    if cooperative is None or not can_invite(by, cooperative):
        raise ServiceError({"cooperative": _l("Choose a cooperative you may invite people into.")})
    name = clean(data.name)
    if not name:
        raise ServiceError({"name": _l("Enter a name.")})
    email, phone = _check_contact(data)
    invitation = Invitation(
        purpose=Purpose.INVITE, name=name, email=email, phone=phone, role=role,
        is_manager=is_manager, cooperative=cooperative, created_by_id=by.id,
    )  # fmt: skip
    issued = issue_secrets(invitation, timedelta(days=INVITE_DAYS))
    db.session.add(invitation)
    db.session.commit()
    return issued


def may_handle(user: User, invitation: Invitation) -> bool:
    """May ``user`` see, send again or revoke ``invitation``?"""
    if invitation.purpose == Purpose.RESET:
        return invitation.user is not None and can_manage(user, invitation.user)
    return invitation.cooperative is not None and can_invite(user, invitation.cooperative)


def resend(invitation: Invitation, by: User) -> Issued:
    """New link and code, valid 7 days from now (the old ones stop working)."""
    if not may_handle(by, invitation):
        raise ServiceError({WHOLE: _l("You cannot change this invitation.")})
    if invitation.state() == InvitationState.ACCEPTED:
        raise ServiceError({WHOLE: _l("This invitation was already used.")})
    issued = issue_secrets(invitation, timedelta(days=INVITE_DAYS))
    db.session.commit()
    return issued


def revoke(invitation: Invitation, by: User) -> None:
    if not may_handle(by, invitation):
        raise ServiceError({WHOLE: _l("You cannot change this invitation.")})
    if invitation.state() == InvitationState.ACCEPTED:
        raise ServiceError({WHOLE: _l("This invitation was already used.")})
    invitation.revoked_at = _now()
    db.session.commit()


def issue_reset(user: User, by: User | None, by_mail: bool = False) -> Issued:
    """A password reset for ``user``: by an officer or manager (link and code, 7 days), or
    asked for on the forgotten-password page (a link only, mailed, valid 2 hours)."""
    if by is not None and not can_manage(by, user):
        raise ServiceError({WHOLE: _l("You cannot change this account.")})
    reset = Invitation(
        purpose=Purpose.RESET,
        name=user.name,
        role=user.role,
        user=user,
        cooperative_id=user.cooperative_id,
        created_by_id=by.id if by else None,
    )
    lifetime = timedelta(hours=MAIL_RESET_HOURS) if by_mail else timedelta(days=INVITE_DAYS)
    issued = issue_secrets(reset, lifetime, with_code=not by_mail)
    db.session.add(reset)
    db.session.commit()
    return issued


def find_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == digest(token)))


def find_by_code(code: str) -> Invitation | None:
    return db.session.scalar(select(Invitation).where(Invitation.code_hash == digest(code)))


def complete(invitation: Invitation, password: str) -> User:
    """Accept an invitation (the account is made) or finish a reset (the new password is set,
    every session of the account ends). ServiceError when it is no longer usable or the
    password is weak; single-use even under concurrent attempts."""
    state = invitation.state()
    if state != InvitationState.PENDING:
        raise ServiceError({WHOLE: state.label})
    user = invitation.user if invitation.purpose == Purpose.RESET else None
    person = user or invitation
    weak = password_problem(password, (person.phone, person.email, person.name))
    if weak is not None:
        raise ServiceError({"password": weak})
    # A plain UPDATE on the connection (a CursorResult, which counts the rows it changed).
    used_at = _now()
    claimed = db.session.connection().execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=used_at)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        raise ServiceError({WHOLE: InvitationState.ACCEPTED.label})
    if user is None:
        user = _account_for(invitation)
    else:  # the account's other resets (an older mail, an officer's code) stop working
        db.session.execute(
            update(Invitation)
            .where(Invitation.user_id == user.id, Invitation.purpose == Purpose.RESET)
            .where(Invitation.id != invitation.id, Invitation.used_at.is_(None))
            .where(Invitation.revoked_at.is_(None))
            .values(revoked_at=used_at)
        )
    user.set_password(password)
    user.rotate_session_token()
    invitation.user = user
    invitation.used_at = used_at
    db.session.commit()
    return user


def _account_for(invitation: Invitation) -> User:
    for column, value in ((User.email, invitation.email), (User.phone, invitation.phone)):
        if _login_taken(column, value):
            db.session.rollback()
            raise ServiceError({WHOLE: _l("Another account already uses %(v)s.", v=value)})
    user = User(name=invitation.name, email=invitation.email, phone=invitation.phone,
                role=invitation.role, is_manager=invitation.is_manager,
                cooperative_id=invitation.cooperative_id, password_hash="")  # fmt: skip
    db.session.add(user)
    return user
