"""Saving and finding cooperatives."""

from dataclasses import dataclass, fields

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..access import covers_area
from ..extensions import db
from ..models import Cooperative, CooperativeStatus, Role, User
from ..text import fold, slugify


class CooperativeError(ValueError):
    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


@dataclass
class CooperativeData:
    legal_name: str
    province_code: int
    commune_code: int
    short_name: str = ""
    kind: str = "htx"
    registration_number: str | None = None
    tax_code: str | None = None
    street: str = ""
    legacy_address: str = ""
    representative: str = ""
    phone: str | None = None
    email: str | None = None
    description: str = ""

    @classmethod
    def from_form(cls, form) -> "CooperativeData":
        return cls(**{f.name: getattr(form, f.name).data or _empty(f.default) for f in fields(cls)})


def _empty(default):
    return default if isinstance(default, str) else None


def _unique_slug(name: str) -> str:
    base = slugify(name) or "htx"
    slug, n = base, 1
    while db.session.execute(select(Cooperative.id).where(Cooperative.slug == slug)).first():
        n += 1
        slug = f"{base}-{n}"
    return slug


def save_cooperative(actor: User, data: CooperativeData, cooperative: Cooperative | None = None):
    """Create or update a cooperative on behalf of ``actor``; all or nothing."""
    moving = cooperative is None or (
        (cooperative.province_code, cooperative.commune_code)
        != (data.province_code, data.commune_code)
    )
    if (
        moving
        and actor.role == Role.OFFICER
        and not covers_area(actor, data.province_code, data.commune_code)
    ):
        raise CooperativeError(_l("This commune is outside the area you cover."), "commune_code")
    if cooperative is None:
        if actor.role == Role.MEMBER:
            raise CooperativeError(_l("Members cannot register new cooperatives."))
        cooperative = Cooperative(slug=_unique_slug(data.short_name or data.legal_name))
        db.session.add(cooperative)
    for f in fields(data):
        setattr(cooperative, f.name, getattr(data, f.name))
    cooperative.search_text = fold(" ".join([data.legal_name, data.short_name]))[:400]
    db.session.commit()
    return cooperative


def archive_cooperative(cooperative: Cooperative) -> None:
    cooperative.status = CooperativeStatus.ARCHIVED
    db.session.commit()


def search(stmt, query: str, page: int, per_page: int = 20):
    """Filter a select() of cooperatives by folded name; returns (items, total)."""
    stmt = stmt.where(Cooperative.status == CooperativeStatus.ACTIVE)
    folded = fold(query)
    if folded:
        stmt = stmt.where(Cooperative.search_text.contains(folded))
    total = db.session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    items = (
        db.session.execute(
            stmt.order_by(Cooperative.legal_name).offset((page - 1) * per_page).limit(per_page)
        )
        .scalars()
        .all()
    )
    return items, total
