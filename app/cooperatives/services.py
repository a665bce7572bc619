"""Saving and finding cooperatives."""

from dataclasses import dataclass, fields

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import images, storage
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
    bank_bin: str | None = None
    bank_account_number: str | None = None
    bank_account_holder: str | None = None

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


LOGO_FOLDER = "logos"  # public: served to anyone at /media/<key>
LOGO_SIZE = 512  # PNG: the public page's link preview, the poster
LOGO_SMALL = 200  # WebP: the public page itself
LOGO_SMALL_MAX_BYTES = 24_000


def store_logo(data: bytes) -> str:
    """Store an uploaded logo (already sniffed) as square renditions; return the main key.

    Upright, metadata-free, on white: a 512-px PNG under the returned key and a small
    200-px WebP under :func:`small_logo_key` of it.
    """
    try:
        img = images.normalise(data)
        large = images.encode_png(images.square(img, LOGO_SIZE))
        small = images.encode_webp(images.square(img, LOGO_SMALL), LOGO_SMALL_MAX_BYTES)
    except (OSError, ValueError, SyntaxError):
        raise CooperativeError(
            _l("This image could not be read. Save it again as JPEG or PNG."), "logo"
        ) from None
    key = storage.save(large, LOGO_FOLDER, "png")
    storage.save(small, LOGO_FOLDER, "webp", variant=str(LOGO_SMALL), source=large)
    return key


def small_logo_key(key: str | None) -> str | None:
    return storage.variant_key(key, str(LOGO_SMALL), "webp") if key else None


def save_cooperative(
    actor: User,
    data: CooperativeData,
    cooperative: Cooperative | None = None,
    *,
    logo: bytes | None = None,
    remove_logo: bool = False,
):
    """Create or update a cooperative on behalf of ``actor``; all or nothing.

    ``logo``: the bytes of a new logo (judged by the form); ``remove_logo`` drops the current
    one. Every check runs before the cooperative is touched.
    """
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
    if cooperative is None and actor.role == Role.MEMBER:
        raise CooperativeError(_l("Members cannot register new cooperatives."))
    logo_key = store_logo(logo) if logo else None
    if cooperative is None:
        cooperative = Cooperative(slug=_unique_slug(data.short_name or data.legal_name))
        db.session.add(cooperative)
    for f in fields(data):
        setattr(cooperative, f.name, getattr(data, f.name))
    if logo_key:
        cooperative.logo_key = logo_key
    elif remove_logo:
        cooperative.logo_key = None
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
