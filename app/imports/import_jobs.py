"""A confirmed product import, carried out by a background job (app/background): its products
saved, then the photos their image links name fetched and made into product photos. Up to 200
links, a second or so each: never in a request.

The job's row says where it stands (``done`` of ``total`` photos); the import's own row
(app/models/product_import.py) says what is left, so running it again (a retry, a killed
worker, "run again") never saves the products twice and adds only the photos still missing:
a photo already among its product's photos (the same cleaned bytes) is not added again.

Each link is fetched with :func:`app.fetch.fetch` (public addresses only unless
IMPORT_ALLOW_PRIVATE_URLS, a size cap, timeouts), judged by its header
(:func:`app.uploads.sniff`) and added through the product photo path
(:func:`app.product_images.services.add_images`), one photo per transaction. The links that
fail are listed on the job's page, each with its row and why.
"""

from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from .. import storage
from ..activity.recorder import acting_as
from ..background.records import JobFailure, Result, Task, start
from ..extensions import db
from ..fetch import FetchError, fetch
from ..models import Job, Product, ProductImport, User
from ..product_images.services import ImageError, add_images, max_bytes
from ..services import ServiceError
from ..uploads import Limits, UploadError, limits, sniff
from .problems import ImportFileError
from .product_services import import_products, photo_links, preview_products_for
from .products import ProductPreview
from .services import import_caps

KIND = "imports.products"
RETRIES = 3
WORKERS = 8  # links fetched at once

_SNIFF_MESSAGES = {
    "empty": _l("The link gives an empty file."),
    "type": _l("The link does not give a JPEG, PNG or WebP image."),
    "damaged": _l("The link does not give a JPEG, PNG or WebP image."),
}  # the size and shape limits say themselves which limit (UploadError.message)


def run_import(task: Task, import_id: int, next_url: str | None = None, cooperative_ids=()):
    """The job: save import ``import_id``'s products unless saved, then add its photos
    (``cooperative_ids`` say whose pages may show the job). Raises :class:`JobFailure` when
    the file no longer imports, or listing the links that failed."""
    record = db.session.get_one(ProductImport, import_id)
    if record.product_ids is None:
        task.progress(0, step=_l("Saving the products"), force=True)
        _save_products(record)
    _add_photos(task, record.photos)
    return Result(url=next_url)


def _save_products(record: ProductImport) -> None:
    """Check the kept upload again for its user and save it, as the confirmation did."""
    actor = db.session.get(User, record.user_id) if record.user_id is not None else None
    if actor is None or record.upload_key is None:
        raise JobFailure(_l("This upload has expired. Upload the file again."))
    try:
        data = storage.read(record.upload_key)
        preview = preview_products_for(actor, data, **import_caps(current_app.config))
        if preview.fingerprint() != record.fingerprint:
            raise JobFailure(_l("The data changed since your preview. Upload the file again."))
        with acting_as(actor):  # the activity log names who confirmed, not the worker
            import_products(actor, preview, record)
    except FileNotFoundError:
        raise JobFailure(_l("This upload has expired. Upload the file again.")) from None
    except ImportFileError as exc:
        raise JobFailure(list(exc.messages)) from None
    except ServiceError as exc:
        raise JobFailure(exc.message) from None
    storage.delete(record.upload_key)  # imported: the sweep need not wait for it


def _download(url: str, limit: int, allow_private: bool, bounds: Limits) -> tuple:
    """(bytes, None) or (None, why) for one link; never raises (runs in a thread)."""
    try:
        data = fetch(url, max_bytes=limit, allow_private=allow_private).data
        sniff(data, bounds=bounds)
    except FetchError as exc:
        return None, exc.message
    except UploadError as exc:
        return None, _SNIFF_MESSAGES.get(exc.code, exc.message)
    return data, None


def _add(product: Product, url: str, data: bytes):
    """Add the fetched photo to ``product`` with its renditions (committed); None, or why not."""
    try:
        add_images(product, [(url, data)], commit=False, skip_present=True)
    except ImageError as exc:
        db.session.rollback()
        return list(exc.problems)
    db.session.commit()
    return None


def _add_photos(task: Task, photos: list[dict]) -> None:
    """Fetch ``photos`` a few at a time and add each to its product (deleted: skipped)."""
    config = current_app.config
    allow_private, bounds = bool(config.get("IMPORT_ALLOW_PRIVATE_URLS")), limits()
    limit = config.get("IMPORT_IMAGE_MAX_BYTES") or max_bytes()
    total, failed = len(photos), 0
    task.progress(0, total, _l("%(done)d/%(total)d photos", done=0, total=total), force=True)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for first in range(0, total, WORKERS):
            chunk = photos[first : first + WORKERS]
            urls = [photo["url"] for photo in chunk]
            fetched = list(pool.map(lambda u: _download(u, limit, allow_private, bounds), urls))
            for number, (photo, (data, why)) in enumerate(zip(chunk, fetched, strict=True)):
                product = db.session.get(Product, photo["product_id"])
                if product is not None and data is not None:
                    why = _add(product, photo["url"], data)
                done = first + number + 1
                step = _l("%(done)d/%(total)d photos", done=done, total=total)
                if product is not None and why is not None:
                    failed += 1
                    task.report(_l("Row %(row)d", row=photo["row"]), "failed", _failure(photo, why))
                task.progress(done, total, step, force=why is not None)  # a failure: saved now
    if failed:
        raise JobFailure(
            _l("%(failed)d of %(total)d photos could not be added: the list below says why.",
               failed=failed, total=total)
        )  # fmt: skip


def _failure(photo: dict, why):
    return _l("“%(link)s”: %(reason)s", link=_short(photo["url"]), reason=why)


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "…"


def start_import(
    app: Flask,
    user: User,
    upload_key: str,
    preview: ProductPreview,
    filename: str,
    next_url: str | None,
) -> Job:
    """Queue the job carrying out the confirmed ``preview`` of ``user``'s kept upload."""
    fingerprint = preview.fingerprint()
    record = ProductImport(
        user_id=user.id, upload_key=upload_key, filename=filename, fingerprint=fingerprint
    )
    db.session.add(record)
    db.session.commit()
    cooperatives = sorted({g.cooperative.id for g in preview.valid if g.cooperative is not None})
    photos = sum(len(group.images) for group in preview.valid)
    return _start(app, user.id, record, cooperatives, photos, next_url)


def start_photos(app: Flask, user_id: int | None, groups, products: list[Product]) -> Job | None:
    """Queue the job fetching the photos of ``products``, saved from ``groups`` outside a
    request (the command line); None when they name none."""
    links = photo_links(groups, products)
    if not links:
        return None
    record = ProductImport(user_id=user_id, product_ids=[p.id for p in products], photos=links)
    db.session.add(record)
    db.session.commit()
    cooperatives = sorted({product.cooperative_id for product in products})
    return _start(app, user_id, record, cooperatives, len(links), None)


def _start(app, user_id, record, cooperatives: list[int], photos: int, next_url) -> Job:
    return start(
        app,
        KIND,
        "app.imports.import_jobs:run_import",
        {"import_id": record.id, "next_url": next_url, "cooperative_ids": cooperatives},
        user_id=user_id,
        cooperative_id=cooperatives[0] if len(cooperatives) == 1 else None,
        retries=RETRIES,
        total=photos,
    )
