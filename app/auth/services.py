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

MIN_PASSWORD_LENGTH = 8
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
    if len(new) < MIN_PASSWORD_LENGTH:
        raise ServiceError(
            {"new": _l("The password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)}
        )
    user.set_password(new)
    user.rotate_session_token()
    db.session.commit()


def end_all_sessions(user: User) -> None:
    """Sign the account out on every device ("sign out everywhere", and at sign-out)."""
    user.rotate_session_token()
    db.session.commit()


def set_active(user: User, active: bool, by: User) -> None:
    """Deactivate (ending every session at once) or reactivate an account."""
    if user.id == by.id and not active:
        raise ServiceError({"user": _l("You cannot deactivate your own account.")})
    user.is_active_account = active
    if not active:
        user.rotate_session_token()
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


def create_user(data: NewUser) -> User:
    """Validate and save a user; raise ServiceError and save nothing if anything is wrong."""
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
    if len(data.password) < MIN_PASSWORD_LENGTH:
        too_short = _l("The password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
        raise ServiceError({"password": too_short})
    if data.role not in set(Role):
        raise ServiceError({"role": _l("Unknown role.")})
    if data.locale not in ("vi", "en"):
        raise ServiceError({"locale": _l("Unknown language.")})
    for column, value in ((User.email, email), (User.phone, phone)):
        if value and db.session.execute(select(User.id).where(column == value)).first():
            raise ServiceError({column.key: _l("Another account already uses %(v)s.", v=value)})

    user = User(name=name, email=email, phone=phone, role=data.role, locale=data.locale)
    user.set_password(data.password)
    if data.role == Role.MEMBER:
        slug = clean(data.cooperative_slug)
        cooperative = db.session.execute(
            select(Cooperative).where(Cooperative.slug == slug)
        ).scalar_one_or_none()
        if cooperative is None:
            raise ServiceError({"cooperative": _l("A member needs an existing cooperative.")})
        user.cooperative = cooperative
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
