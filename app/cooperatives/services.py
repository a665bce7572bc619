"""Saving and finding cooperatives."""

from dataclasses import dataclass, fields

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import images, storage
from ..access import covers_area
from ..extensions import db
from ..models import Cooperative, CooperativeStatus, Role, User
from ..paging import paginate
from ..services import WHOLE, ServiceError
from ..text import fold, slugify
from . import changes

STAFF_WHO_MOVE = (Role.ADMIN, Role.OFFICER)  # their moves are made at once (officers: in area)
PER_PAGE = 20


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
    sells_by_transfer: bool = False


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
        raise ServiceError(
            {"logo": _l("This image could not be read. Save it again as JPEG or PNG.")}
        ) from None
    key = storage.save(large, LOGO_FOLDER, "png")
    storage.save(small, LOGO_FOLDER, "webp", variant=str(LOGO_SMALL), source=large)
    return key


def small_logo_key(key: str | None) -> str | None:
    return storage.variant_key(key, str(LOGO_SMALL), "webp") if key else None


@dataclass(frozen=True)
class Saved:
    cooperative: Cooperative
    move_held: bool = False  # a member's move, recorded for the officer instead of made


def save_cooperative(
    actor: User,
    data: CooperativeData,
    cooperative: Cooperative | None = None,
    *,
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> Saved:
    """Create or update a cooperative on behalf of ``actor``; all or nothing.

    ``logo``: the bytes of a new logo (judged by the form); ``remove_logo`` drops the current
    one. Every check runs before the cooperative is touched. A member's move is not made but
    recorded for the officer (the rest of the form is saved); changes to the tax code,
    registration number and bank account are recorded (:mod:`.changes`).
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
        raise ServiceError({"commune_code": _l("This commune is outside the area you cover.")})
    if cooperative is None and actor.role == Role.MEMBER:
        raise ServiceError({WHOLE: _l("Members cannot register new cooperatives.")})
    hold_move = cooperative is not None and moving and actor.role not in STAFF_WHO_MOVE
    logo_key = store_logo(logo) if logo else None
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    if cooperative is None:
        cooperative = Cooperative(slug=_unique_slug(data.short_name or data.legal_name))
        db.session.add(cooperative)
    else:
        if hold_move:
            values["province_code"] = cooperative.province_code
            values["commune_code"] = cooperative.commune_code
            changes.request_move(cooperative, data.province_code, data.commune_code, actor)
        elif moving:
            changes.record_move(cooperative, data.province_code, data.commune_code, actor)
        changes.record_changes(cooperative, values, actor)
    for name, value in values.items():
        setattr(cooperative, name, value)
    if logo_key:
        cooperative.logo_key = logo_key
    elif remove_logo:
        cooperative.logo_key = None
    cooperative.search_text = fold(" ".join([data.legal_name, data.short_name]))[:400]
    db.session.commit()
    return Saved(cooperative, hold_move)


def answer_move(actor: User, cooperative: Cooperative, change_id: int, confirm: bool) -> None:
    """Confirm or reject a member's waiting move (the view has checked ``actor`` may act on
    ``cooperative`` as it is now, and is an officer or an admin); raises ServiceError."""
    if actor.role not in STAFF_WHO_MOVE:
        raise ServiceError({WHOLE: _l("Only an officer or an administrator can answer a move.")})
    changes.answer_move(cooperative, change_id, confirm, actor)
    db.session.commit()


def archive_cooperative(cooperative: Cooperative) -> None:
    cooperative.status = CooperativeStatus.ARCHIVED
    db.session.commit()


def search(stmt, query: str, page: int, per_page: int = PER_PAGE):
    """Filter a select() of cooperatives by folded name; one page of them, by name."""
    stmt = stmt.where(Cooperative.status == CooperativeStatus.ACTIVE)
    folded = fold(query)
    if folded:
        stmt = stmt.where(Cooperative.search_text.contains(folded))
    return paginate(stmt.order_by(Cooperative.legal_name), page, per_page)
