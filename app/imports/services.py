"""Imports on behalf of a user: area rules, the kept upload, and saving in one transaction.

The uploaded file stays on the server (storage folder ``imports``, never public) and the
browser holds only a signed token naming it and the user; confirming reads the file again and
checks every row again, so nothing the browser sends back is trusted.
"""

import contextlib
import time
from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .. import storage
from ..access import covers_area
from ..extensions import db
from ..models import Cooperative, Role, User
from ..services import WHOLE, ServiceError
from ..text import fold, slugify
from .columns import Preview
from .cooperatives import Existing, preview_cooperatives
from .places import place_key
from .reader import MAX_BYTES, MAX_ROWS

FOLDER = "imports"
TOKEN_MAX_AGE = 24 * 3600
_SALT = "lensan.import"


def import_caps(config) -> dict:
    """Size and row caps from the app's configuration (IMPORT_MAX_BYTES, IMPORT_MAX_ROWS)."""
    return {
        "max_bytes": config.get("IMPORT_MAX_BYTES", MAX_BYTES),
        "max_rows": config.get("IMPORT_MAX_ROWS", MAX_ROWS),
    }


def existing_cooperatives() -> Existing:
    """Tax codes, registration numbers and (name, commune) of every cooperative: one query."""
    existing = Existing()
    rows = db.session.execute(
        select(
            Cooperative.tax_code,
            Cooperative.registration_number,
            Cooperative.legal_name,
            Cooperative.commune_code,
        )
    )
    for tax_code, registration_number, legal_name, commune_code in rows:
        if tax_code:
            existing.tax_codes.add(tax_code)
        if registration_number:
            existing.registration_numbers.add(registration_number.casefold())
        existing.names.add((place_key(legal_name), commune_code))
    return existing


def area_rule(actor: User | None) -> Callable[[int, int], bool] | None:
    """None for admins (and the CLI without --as); for officers, their area, memoised."""
    if actor is None or actor.role == Role.ADMIN:
        return None
    if actor.role != Role.OFFICER:
        raise ServiceError({WHOLE: _l("Only officers and administrators can import cooperatives.")})
    answers: dict[tuple[int, int], bool] = {}

    def allowed(province_code: int, commune_code: int) -> bool:
        key = (province_code, commune_code)
        if key not in answers:
            answers[key] = covers_area(actor, province_code, commune_code)
        return answers[key]

    return allowed


def preview_for(actor: User | None, data: bytes, max_bytes=MAX_BYTES, max_rows=MAX_ROWS):
    """Check a cooperative file for ``actor``; raises ImportFileError for an unusable file."""
    return preview_cooperatives(
        data,
        existing=existing_cooperatives(),
        allowed=area_rule(actor),
        max_bytes=max_bytes,
        max_rows=max_rows,
    )


def keep_upload(data: bytes) -> str:
    """Store the uploaded bytes privately; returns the storage key. Sweeps stale uploads."""
    key = storage.save(data, FOLDER, "xlsx" if data.startswith(b"PK") else "csv")
    storage.touch(key)  # the same bytes uploaded again: fresh for the sweep
    # Uploads nobody confirmed in time (their tokens have expired anyway) go.
    storage.sweep(FOLDER, time.time() - TOKEN_MAX_AGE)
    return key


def upload_token(secret: str, key: str, user_id: int, filename: str) -> str:
    return URLSafeTimedSerializer(secret, salt=_SALT).dumps(
        {"key": key, "user": user_id, "name": filename}
    )


def load_upload(secret: str, token: str, user_id: int) -> tuple[str, bytes, str]:
    """(key, bytes, filename) of an upload this user made; refuses others' or stale tokens."""
    expired = ServiceError({WHOLE: _l("This upload has expired. Upload the file again.")})
    try:
        payload = URLSafeTimedSerializer(secret, salt=_SALT).loads(token, max_age=TOKEN_MAX_AGE)
    except SignatureExpired:
        raise expired from None
    except BadSignature:
        raise ServiceError(
            {WHOLE: _l("This upload is not yours. Upload the file again.")}
        ) from None
    if payload.get("user") != user_id or not storage.is_valid_key(payload.get("key")):
        raise ServiceError({WHOLE: _l("This upload is not yours. Upload the file again.")})
    try:
        data = storage.read(payload["key"])
    except OSError:
        raise expired from None
    return payload["key"], data, str(payload.get("name", ""))[:200]


def discard_upload(key: str) -> None:
    """Delete a kept upload once it is imported (it holds people's names and phones)."""
    with contextlib.suppress(OSError, ValueError):
        storage.delete(key)


def _slug(name: str, taken: set[str]) -> str:
    base = slugify(name) or "htx"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def import_cooperatives(actor: User | None, preview: Preview) -> list[Cooperative]:
    """Create a cooperative for every valid row, all in one transaction, or none at all."""
    if actor is not None and actor.role == Role.MEMBER:
        raise ServiceError({WHOLE: _l("Only officers and administrators can import cooperatives.")})
    rows = preview.valid
    if not rows:
        raise ServiceError(
            {WHOLE: _l("No row can be imported. Correct the problems and upload the file again.")}
        )
    taken = set(db.session.execute(select(Cooperative.slug)).scalars())
    created = []
    try:
        for row in rows:
            values = row.values
            cooperative = Cooperative(
                slug=_slug(values["short_name"] or values["legal_name"], taken),
                search_text=fold(f"{values['legal_name']} {values['short_name']}")[:400],
                **values,
            )
            db.session.add(cooperative)
            created.append(cooperative)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        raise ServiceError(
            {
                WHOLE: _l(
                    "Nothing was imported: the database refused a row (perhaps someone registered "
                    "the same cooperative meanwhile). Upload the file again to see why."
                )
            }
        ) from None
    return created
