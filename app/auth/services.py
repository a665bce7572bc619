"""Accounts: signing in, creating users, passwords, sessions and deactivation."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug import security

from ..areas import commune_in_province, province
from ..extensions import db
from ..models import Cooperative, OfficerArea, Role, User
from ..models.base import utcnow
from ..services import ServiceError
from ..text import clean, normalize_phone
from . import throttle
from .passwords import password_problem
from .rights import can_manage, check_grant, check_last_admin

# Checked when no account matches, so an unknown login costs the same hashing time as a known
# one (same method and cost as the real hashes: werkzeug's default).
_NOBODY_HASH = security.generate_password_hash("no account has this password")


def resolve_login(login: str) -> tuple[User | None, str]:
    """The user a typed login names, and the key its failed sign-ins are counted under: the
    user's id, or the normalised phone or email when no account matches."""
    login = clean(login)
    phone = normalize_phone(login)
    column, value = (User.phone, phone) if phone else (User.email, login.lower())
    user = db.session.execute(select(User).where(column == value)).scalar_one_or_none()
    if user is not None:
        return user, f"user:{user.id}"
    return None, f"{column.key}:{value}"


def authenticate(
    login: str, password: str, address: str = "", device: tuple[int, str] | None = None
) -> User | None:
    """The active user with this email or phone and password, or None.

    Throttled (app/auth/throttle.py): raises :class:`throttle.TooManyAttempts` before any
    password check when the address, the account or the device has failed too often.
    ``device`` is the (user id, device id) of the browser's known-device cookie. The password
    is hashed whether or not an account matches, so both answers take the same time."""
    user, account = resolve_login(login)
    known = device[1] if device and user is not None and device[0] == user.id else None
    attempt = throttle.Attempt(address=address or "", account=account, device=known)
    throttle.check(attempt)
    matches = security.check_password_hash(user.password_hash if user else _NOBODY_HASH, password)
    if user is None or not matches or not user.is_active:
        throttle.record_failure(attempt)
        return None
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; every other session ends."""
    if not user.check_password(current):
        raise ServiceError({"current": _l("The current password is not right.")})
    weak = password_problem(new, (user.phone, user.email, user.name))
    if weak is not None:
        raise ServiceError({"new": weak})
    user.set_password(new)
    user.rotate_session_token()
    db.session.commit()


def end_all_sessions(user: User) -> None:
    """Sign the account out on every device ("sign out everywhere", and at sign-out)."""
    user.rotate_session_token()
    db.session.commit()


NOT_YOURS = _l("You cannot change this account.")


def set_active(user: User, active: bool, by: User) -> None:
    """Deactivate (ending every session at once) or reactivate an account."""
    if user.id == by.id and not active:
        raise ServiceError({"user": _l("You cannot deactivate your own account.")})
    if not can_manage(by, user):
        raise ServiceError({"user": NOT_YOURS})
    check_last_admin(user, user.role, active)
    user.is_active_account = active
    if not active:
        user.rotate_session_token()
    db.session.commit()


def change_rights(user: User, role: str, is_manager: bool, by: User) -> None:
    """Give ``user`` another role or take the manager right, within ``by``'s own rights."""
    member = Role.of(role)
    if member is None:
        raise ServiceError({"role": _l("Unknown role.")})
    if user.id == by.id:
        raise ServiceError({"role": _l("You cannot change your own rights.")})
    if not can_manage(by, user):
        raise ServiceError({"role": NOT_YOURS})
    is_manager = bool(is_manager) and member == Role.MEMBER
    check_grant(by, member, is_manager, user.cooperative)
    check_last_admin(user, member, user.is_active_account)
    if member == Role.MEMBER and user.cooperative is None:
        raise ServiceError({"role": _l("A member needs an existing cooperative.")})
    if member == Role.OFFICER and not user.areas:
        raise ServiceError({"role": _l("An officer needs at least one province.")})
    if (member, is_manager) == (user.role, user.is_manager):
        return
    user.role = member
    user.is_manager = is_manager
    user.rotate_session_token()  # sessions of the old rights end with them
    db.session.commit()


@dataclass
class NewUser:
    name: str
    password: str
    role: str
    email: str | None = None
    phone: str | None = None
    cooperative_slug: str | None = None
    areas: list[tuple[int, int | None]] = field(default_factory=list)
    locale: str = "vi"
    is_manager: bool = False


def create_user(data: NewUser, by: User | None = None) -> User:
    """Validate and save a user; raise ServiceError and save nothing if anything is wrong.

    ``by`` is who creates it, held to app/auth/rights.py (None: the command line, the demo)."""
    name = clean(data.name)
    if not name:
        raise ServiceError({"name": _l("Enter a name.")})
    email = clean(data.email).lower() or None
    if email and ("@" not in email or len(email) > 254):
        raise ServiceError({"email": _l("This email address is not valid.")})
    phone = None
    if data.phone:
        phone = normalize_phone(data.phone)
        if not phone:
            raise ServiceError({"phone": _l("This is not a Vietnamese phone number.")})
    if not email and not phone:
        raise ServiceError({"email": _l("Give an email or a phone number to sign in with.")})
    weak = password_problem(data.password, (phone, email, name))
    if weak is not None:
        raise ServiceError({"password": weak})
    if data.role not in set(Role):
        raise ServiceError({"role": _l("Unknown role.")})
    if data.locale not in ("vi", "en"):
        raise ServiceError({"locale": _l("Unknown language.")})
    for column, value in ((User.email, email), (User.phone, phone)):
        if value and db.session.execute(select(User.id).where(column == value)).first():
            raise ServiceError({column.key: _l("Another account already uses %(v)s.", v=value)})

    is_manager = bool(data.is_manager) and data.role == Role.MEMBER
    cooperative = None
    if data.role == Role.MEMBER:
        slug = clean(data.cooperative_slug)
        cooperative = db.session.execute(
            select(Cooperative).where(Cooperative.slug == slug)
        ).scalar_one_or_none()
        if cooperative is None:
            raise ServiceError({"cooperative": _l("A member needs an existing cooperative.")})
    check_grant(by, data.role, is_manager, cooperative)
    user = User(name=name, email=email, phone=phone, role=data.role, locale=data.locale)
    user.is_manager = is_manager
    user.cooperative = cooperative
    user.set_password(data.password)
    if data.role == Role.OFFICER:
        if not data.areas:
            raise ServiceError({"areas": _l("An officer needs at least one province.")})
        for province_code, commune_code in data.areas:
            if province(province_code) is None:
                raise ServiceError({"areas": _l("Unknown province code %(c)s.", c=province_code)})
            if commune_code is not None and not commune_in_province(commune_code, province_code):
                raise ServiceError({"areas": _l("Unknown commune code %(c)s.", c=commune_code)})
            user.areas.append(OfficerArea(province_code=province_code, commune_code=commune_code))
    db.session.add(user)
    db.session.commit()
    return user
