"""Who may see a stored photo at ``/media/<key>``.

Logos are public. A photo in the "images" folder is public while something public shows it:
a product that is not a draft, or a trace event that is public and not superseded. A photo
only a draft product or an internal event holds is seen by the staff who may act on its
cooperative (the one rule of :mod:`app.access`) and by nobody else; a photo nothing holds any
more (a deleted one) by nobody. A photo and its renditions share a key stem (see
:func:`app.storage.variant_key`), so the thumbnail of an internal event's photo is as private
as the photo.
"""

import enum

from sqlalchemy import String, cast, exists, or_, select
from sqlalchemy.orm import aliased

from . import storage
from .access import can_act_on_cooperative
from .extensions import db
from .models import Batch, Cooperative, Product, ProductImage, ProductStatus, TraceEvent

ALWAYS_PUBLIC_FOLDERS = ("logos",)
PHOTO_FOLDER = "images"
ORIGINAL_EXTENSIONS = ("jpg", "png", "webp")  # what a cleaned original is saved as


class Seen(enum.Enum):
    """How a media key may be served."""

    PUBLIC = "public"  # to anyone, cached for a year
    STAFF = "staff"  # to the staff of an owning cooperative, never cached by others
    NOBODY = "nobody"  # 404


def originals(key: str) -> list[str]:
    """The keys a cleaned original of ``key`` can have (``key`` itself, or the photo a
    rendition was made from)."""
    stem = key.rsplit(".", 1)[0]
    folder, bucket, name = stem.split("/")[-3:]
    digest = name.split("-", 1)[0]
    base = f"{folder}/{bucket}/{digest}"
    return [f"{base}.{ext}" for ext in ORIGINAL_EXTENSIONS]


def _holders(key: str):
    """(public?, ids of the cooperatives whose draft products or internal events hold it)."""
    keys = originals(key)
    product_rows = db.session.execute(
        select(Product.status, Product.cooperative_id)
        .join(ProductImage, ProductImage.product_id == Product.id)
        .where(ProductImage.original_key.in_(keys))
    ).all()
    if any(row.status != ProductStatus.DRAFT for row in product_rows):
        return True, set()
    owners = {row.cooperative_id for row in product_rows}
    later = aliased(TraceEvent)
    text = cast(TraceEvent.photo_keys, String)
    event_rows = db.session.execute(
        select(TraceEvent.public, Batch.cooperative_id)
        .join(Batch, Batch.id == TraceEvent.batch_id)
        .where(or_(*(text.contains(f'"{k}"') for k in keys)))
        .add_columns(~exists().where(later.supersedes_id == TraceEvent.id))
    ).all()
    if any(public and current for public, _coop, current in event_rows):
        return True, set()
    return False, owners | {coop for _public, coop, _current in event_rows}


def seen_by(key: str, user) -> Seen:
    """Who may see the stored file ``key`` (already known to be a valid key in a public
    folder): everyone, ``user`` as staff of an owning cooperative, or nobody."""
    folder = key.split("/", 1)[0]
    if folder in ALWAYS_PUBLIC_FOLDERS:
        return Seen.PUBLIC
    if folder != PHOTO_FOLDER or not storage.is_public(key):
        return Seen.NOBODY
    public, owners = _holders(key)
    if public:
        return Seen.PUBLIC
    if owners and user.is_authenticated:
        for cooperative_id in owners:
            cooperative = db.session.get(Cooperative, cooperative_id)
            if cooperative is not None and can_act_on_cooperative(user, cooperative):
                return Seen.STAFF
    return Seen.NOBODY
