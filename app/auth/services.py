"""Accounts: loading, authenticating and creating users."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..areas import commune_in_province, province
from ..extensions import db
from ..models import Cooperative, OfficerArea, Role, User
from ..models.base import utcnow
from ..text import clean, normalize_phone

MIN_PASSWORD_LENGTH = 8


class AccountError(ValueError):
    """A user could not be created; ``field`` names the input at fault."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    return db.session.get(User, int(user_id))


def _login_column(login: str):
    login = clean(login)
    phone = normalize_phone(login)
    if phone:
        return User.phone == phone
    return User.email == login.lower()


def authenticate(login: str, password: str) -> User | None:
    """The active user with this email or phone and password, or None."""
    user = db.session.execute(select(User).where(_login_column(login))).scalar_one_or_none()
    if user is None or not user.is_active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    db.session.commit()
    return user


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
    """Validate and save a user; raise AccountError and save nothing if anything is wrong."""
    name = clean(data.name)
    if not name:
        raise AccountError(_l("Enter a name."), "name")
    email = clean(data.email).lower() or None
    if email and ("@" not in email or len(email) > 254):
        raise AccountError(_l("This email address is not valid."), "email")
    phone = None
    if data.phone:
        phone = normalize_phone(data.phone)
        if not phone:
            raise AccountError(_l("This is not a Vietnamese phone number."), "phone")
    if not email and not phone:
        raise AccountError(_l("Give an email or a phone number to sign in with."), "email")
    if len(data.password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _l("The password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH), "password"
        )
    if data.role not in set(Role):
        raise AccountError(_l("Unknown role."), "role")
    if data.locale not in ("vi", "en"):
        raise AccountError(_l("Unknown language."), "locale")
    for column, value in ((User.email, email), (User.phone, phone)):
        if value and db.session.execute(select(User.id).where(column == value)).first():
            raise AccountError(_l("Another account already uses %(v)s.", v=value), column.key)

    user = User(name=name, email=email, phone=phone, role=data.role, locale=data.locale)
    user.set_password(data.password)
    if data.role == Role.MEMBER:
        slug = clean(data.cooperative_slug)
        cooperative = db.session.execute(
            select(Cooperative).where(Cooperative.slug == slug)
        ).scalar_one_or_none()
        if cooperative is None:
            raise AccountError(_l("A member needs an existing cooperative."), "cooperative")
        user.cooperative = cooperative
    if data.role == Role.OFFICER:
        if not data.areas:
            raise AccountError(_l("An officer needs at least one province."), "areas")
        for province_code, commune_code in data.areas:
            if province(province_code) is None:
                raise AccountError(_l("Unknown province code %(c)s.", c=province_code), "areas")
            if commune_code is not None and not commune_in_province(commune_code, province_code):
                raise AccountError(_l("Unknown commune code %(c)s.", c=commune_code), "areas")
            user.areas.append(OfficerArea(province_code=province_code, commune_code=commune_code))
    db.session.add(user)
    db.session.commit()
    return user
