"""Product imports on behalf of a user: which cooperatives they may fill, and saving in one go.

The upload is kept and signed exactly as for cooperatives (see :mod:`.services`); image links
are fetched at preview and kept beside it (see :mod:`.image_links`). Confirming checks the
whole file again and saves every valid product with its variants and images in one
transaction: any failure part-way leaves the database as it was.
"""

import contextlib

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .. import storage
from ..access import can_act_on_cooperative
from ..extensions import db
from ..models import Cooperative, Product, ProductVariant, Role, User
from ..product_images.services import ImageError, add_images
from ..product_images.services import max_bytes as photo_max_bytes
from ..products.rules import search_text
from ..services import WHOLE, ServiceError
from .image_links import MAX_IMAGES, ImageCache, check_images
from .products import (
    CooperativeRef,
    Existing,
    ProductGroup,
    ProductPreview,
    preview_products,
)
from .reader import MAX_BYTES, MAX_ROWS
from .services import discard_upload

__all__ = [
    "discard_product_upload",
    "import_products",
    "preview_products_for",
    "product_existing",
]


def _refuse_member_without_cooperative(actor: User | None) -> None:
    if actor is not None and actor.role == Role.MEMBER and actor.cooperative_id is None:
        raise ServiceError(
            {WHOLE: _l("Your account belongs to no cooperative, so it cannot import.")}
        )


def product_existing(actor: User | None) -> Existing:
    """Every cooperative (marked allowed or not for ``actor``), and the SKUs, product codes
    and GTINs already taken: four queries for the whole file."""
    _refuse_member_without_cooperative(actor)
    rows = db.session.execute(
        select(
            Cooperative.id,
            Cooperative.slug,
            Cooperative.tax_code,
            Cooperative.legal_name,
            Cooperative.short_name,
            Cooperative.province_code,
            Cooperative.commune_code,
        )
    ).all()
    refs = []
    for cid, slug, tax_code, legal_name, short_name, province, commune in rows:
        probe = Cooperative(id=cid, province_code=province, commune_code=commune)
        allowed = actor is None or can_act_on_cooperative(actor, probe)
        refs.append(CooperativeRef(cid, slug, tax_code, legal_name, short_name or "", allowed))
    allowed_ids = {ref.id for ref in refs if ref.allowed}
    existing = Existing(cooperatives=refs)
    for cid, sku in db.session.execute(select(ProductVariant.cooperative_id, ProductVariant.sku)):
        if cid in allowed_ids:
            existing.skus.setdefault(cid, set()).add(sku.casefold())
    for cid, slug in db.session.execute(select(Product.cooperative_id, Product.slug)):
        if cid in allowed_ids:
            existing.slugs.setdefault(cid, set()).add(slug)
    gtins = db.session.execute(select(Product.gtin).where(Product.gtin.is_not(None))).scalars()
    existing.gtins = {gtin for gtin in gtins if gtin is not None}
    if actor is not None and actor.role == Role.MEMBER:
        existing.default_cooperative = actor.cooperative_id
        existing.scope = "own"
    elif len(allowed_ids) == 1:
        existing.default_cooperative = next(iter(allowed_ids))
    if actor is not None and actor.role == Role.OFFICER:
        existing.scope = "area"
    return existing


def image_settings(config) -> dict:
    return {
        "allow_private": bool(config.get("IMPORT_ALLOW_PRIVATE_URLS")),
        "max_bytes": config.get("IMPORT_IMAGE_MAX_BYTES") or photo_max_bytes(),
        "max_images": config.get("IMPORT_MAX_IMAGES", MAX_IMAGES),
    }


def preview_products_for(
    actor: User | None, data: bytes, max_bytes=MAX_BYTES, max_rows=MAX_ROWS
) -> ProductPreview:
    """Check a product file for ``actor``, images included; ImportFileError if unusable."""
    preview = preview_products(
        data, existing=product_existing(actor), max_bytes=max_bytes, max_rows=max_rows
    )
    if any(product.images for product in preview.products):
        check_images(preview, ImageCache(data), **image_settings(current_app.config))
    return preview


def discard_product_upload(key: str) -> None:
    """Delete a kept upload and the images fetched for it."""
    with contextlib.suppress(OSError, ValueError):
        ImageCache(storage.read(key)).discard()
    discard_upload(key)


PRODUCT_FIELDS = (
    "name", "category", "description", "unit", "shelf_life_days", "storage_instructions",
    "usage_instructions", "ingredients", "warnings", "standard_kind", "standard_number", "gtin",
    "status",
)  # fmt: skip


def _new_product(actor: User | None, group: ProductGroup) -> Product:
    """A valid group of rows as a new product with its variants (not yet added)."""
    if group.cooperative is None:  # a valid group names its cooperative
        raise ValueError(f"product group {group.slug} has no cooperative")
    cooperative_id = group.cooperative.id
    values = {key: group.values.get(key) for key in PRODUCT_FIELDS}
    for key in ("description", "unit", "storage_instructions", "usage_instructions",
                "ingredients", "warnings", "standard_number"):  # fmt: skip
        values[key] = values[key] or ""
    values["status"] = values["status"] or "draft"
    product = Product(
        cooperative_id=cooperative_id,
        slug=group.slug,
        search_text=search_text(
            values["name"] or "",
            values["category"] or "",
            [v["sku"] for v in group.variants],
            values["gtin"],
            [v["name"] for v in group.variants],
        ),
        created_by_id=actor.id if actor is not None else None,
        **values,
    )
    for position, variant in enumerate(group.variants):
        product.variants.append(
            ProductVariant(
                cooperative_id=cooperative_id,
                position=position,
                **variant,
            )
        )
    return product


def _add_images(product: Product, group: ProductGroup) -> None:
    """The group's fetched photos, each stored file once, added to the flushed product."""
    links: dict[str, str] = {}  # storage key → link: the same bytes under two links added once
    for image in group.images:
        if image.key is None:  # a valid group's images were all fetched
            raise ValueError(f"image {image.url} was not fetched")
        links.setdefault(image.key, image.url)
    files = [(url, storage.read(key)) for key, url in links.items()]
    add_images(product, files, commit=False)


def import_products(actor: User | None, preview: ProductPreview) -> list[Product]:
    """Create every valid product with its variants and images, all together or none."""
    _refuse_member_without_cooperative(actor)
    groups = preview.valid
    if not groups:
        raise ServiceError(
            {
                WHOLE: _l(
                    "No product can be imported. Correct the problems and upload the file again."
                )
            }
        )
    created = []
    try:
        for group in groups:
            product = _new_product(actor, group)
            db.session.add(product)
            if group.images:
                db.session.flush()
                _add_images(product, group)
            created.append(product)
        db.session.commit()
    except ImageError as exc:
        db.session.rollback()
        raise ServiceError(
            {
                WHOLE: _l(
                    "Nothing was imported: a photo of “%(name)s” was refused: %(reason)s",
                    name=product.name,
                    reason=exc.problems[0],
                )
            }
        ) from None
    except (SQLAlchemyError, OSError):
        db.session.rollback()
        raise ServiceError(
            {
                WHOLE: _l(
                    "Nothing was imported: the database refused a row (perhaps someone added the "
                    "same SKU or GTIN meanwhile). Upload the file again to see why."
                )
            }
        ) from None
    return created
