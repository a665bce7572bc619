"""Product imports on behalf of a user: which cooperatives they may fill, and saving in one go.

The upload is kept and signed exactly as for cooperatives (see :mod:`.services`). Confirming
checks the whole file again and saves every valid product with its variants in one
transaction: any failure part-way leaves the database as it was. The photos their image
links name are fetched afterwards, by a job (:mod:`.photo_jobs`).
"""

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..access import can_act_on_cooperative
from ..extensions import db
from ..models import Cooperative, Product, ProductImport, ProductVariant, Role, User
from ..products.rules import search_text
from ..services import WHOLE, ServiceError
from .image_links import MAX_IMAGES, check_image_count
from .products import (
    CooperativeRef,
    Existing,
    ProductGroup,
    ProductPreview,
    preview_products,
)
from .reader import MAX_BYTES, MAX_ROWS

__all__ = [
    "import_products",
    "photo_links",
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


def preview_products_for(
    actor: User | None, data: bytes, max_bytes=MAX_BYTES, max_rows=MAX_ROWS
) -> ProductPreview:
    """Check a product file for ``actor`` (image links counted, not fetched); ImportFileError
    if unusable."""
    preview = preview_products(
        data, existing=product_existing(actor), max_bytes=max_bytes, max_rows=max_rows
    )
    check_image_count(preview, current_app.config.get("IMPORT_MAX_IMAGES", MAX_IMAGES))
    return preview


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


def photo_links(groups: list[ProductGroup], products: list[Product]) -> list[dict]:
    """The photos to fetch for ``products`` (saved from ``groups``, in that order): plain
    ``{"product_id", "row", "url"}``, in the sheet's order."""
    return [
        {"product_id": product.id, "row": image.row, "url": image.url}
        for group, product in zip(groups, products, strict=True)
        for image in group.images
    ]


def import_products(
    actor: User | None, preview: ProductPreview, record: ProductImport | None = None
) -> list[Product]:
    """Create every valid product with its variants, all together or none; the products in
    the order of ``preview.valid``. With ``record`` (the web's import, carried out by a job:
    :mod:`.import_jobs`), the products and their photo links are noted on it in the same
    transaction, so that running the job again never saves them twice."""
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
            created.append(product)
        if record is not None:
            db.session.flush()
            record.product_ids = [product.id for product in created]
            record.photos = photo_links(groups, created)
        db.session.commit()
    except SQLAlchemyError:
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
