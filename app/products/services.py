"""Saving, archiving and finding products with their variants and certificate links.

For other features: :func:`search_products` (the staff list), :func:`cooperative_products`
(a cooperative's page), :func:`valid_product_certificates` and :func:`product_ocop_stars`
(what buyers may see), :func:`find_product` (a product by cooperative and slug).
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, selectinload

from ..certificates.rules import CertificateStatus, status_on
from ..certificates.services import CertificateRow, valid_certificates
from ..extensions import db
from ..models import Cooperative, CooperativeStatus, Product, ProductStatus, ProductVariant
from ..paging import paginate
from ..services import ServiceError
from ..text import fold, slugify
from . import categories
from .rules import ocop_stars, search_text, suggest_sku

PER_PAGE = 20
SHOWN_STATUSES = {
    "": (ProductStatus.DRAFT, ProductStatus.ACTIVE),
    "active": (ProductStatus.ACTIVE,),
    "draft": (ProductStatus.DRAFT,),
    "archived": (ProductStatus.ARCHIVED,),
    "all": tuple(ProductStatus),
}


@dataclass
class VariantData:
    row: str  # the form's name for the row ("variants-1"), so errors point at its fields
    sku: str
    price_vnd: int
    id: int | None = None
    net_quantity: str = ""
    name: str = ""
    compare_at_vnd: int | None = None
    stock: int = 0
    net_unit: str = "g"
    package_weight_g: int | None = None
    length_cm: int | None = None
    width_cm: int | None = None
    height_cm: int | None = None
    sku_generated: bool = False  # left empty on the form: save_product made it


VARIANT_FIELDS = (
    "sku", "name", "price_vnd", "compare_at_vnd", "stock", "net_quantity", "net_unit",
    "package_weight_g", "length_cm", "width_cm", "height_cm",
)  # fmt: skip


@dataclass
class ProductData:
    name: str
    category: str
    unit: str
    status: str = ProductStatus.DRAFT
    description: str = ""
    origin_province_code: int | None = None
    origin_commune_code: int | None = None
    shelf_life_days: int | None = None
    storage_instructions: str = ""
    usage_instructions: str = ""
    ingredients: str = ""
    warnings: str = ""
    standard_kind: str | None = None
    standard_number: str = ""
    gtin: str | None = None
    certificate_ids: list[int] = field(default_factory=list)
    variants: list[VariantData] = field(default_factory=list)


PRODUCT_FIELDS = (
    "name", "category", "unit", "status", "description", "origin_province_code",
    "origin_commune_code", "shelf_life_days", "storage_instructions", "usage_instructions",
    "ingredients", "warnings", "standard_kind", "standard_number", "gtin",
)  # fmt: skip


def _unique_slug(cooperative_id: int, name: str) -> str:
    base = slugify(name, 72) or "san-pham"
    slug, n = base, 1
    while db.session.execute(
        select(Product.id).where(Product.cooperative_id == cooperative_id, Product.slug == slug)
    ).first():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _problems(cooperative, data: ProductData, today: date, product) -> dict[str, object]:
    """Every rule that needs the database: GTIN and SKUs unique, certificates valid today."""
    errors: dict[str, object] = {}
    own_id = product.id if product is not None else None
    if data.gtin:
        stmt = select(Product.name, Product.cooperative_id).where(Product.gtin == data.gtin)
        if own_id:
            stmt = stmt.where(Product.id != own_id)
        other = db.session.execute(stmt).first()
        if other and other.cooperative_id == cooperative.id:
            errors["gtin"] = _l("Another product has this GTIN: “%(name)s”.", name=other.name)
        elif other:  # whose it is stays private, as in the product import
            errors["gtin"] = _l("This GTIN is already used on Lên Sàn.")
    valid_ids = {c.id for c in valid_certificates(cooperative, today)}
    if any(i not in valid_ids for i in data.certificate_ids):
        errors["certificate_ids"] = _l(
            "Tick only certificates of this cooperative that are valid today."
        )
    if not data.variants:
        errors["variants-0-sku"] = _l("A product needs at least one variant.")
    seen: set[str] = set()
    for variant in data.variants:
        key = variant.sku.casefold()
        if key in seen:
            errors[f"{variant.row}-sku"] = _l("This SKU is used twice in this product.")
        seen.add(key)
    if seen:
        skus = (
            select(ProductVariant.sku, Product.name)
            .join(ProductVariant.product)
            .where(ProductVariant.cooperative_id == cooperative.id)
            .where(func.lower(ProductVariant.sku).in_([s.lower() for s in seen]))
        )
        if own_id:
            skus = skus.where(ProductVariant.product_id != own_id)
        taken = {sku.casefold(): name for sku, name in db.session.execute(skus)}
        for variant in data.variants:
            if variant.sku.casefold() in taken:
                errors[f"{variant.row}-sku"] = _l(
                    "The SKU %(sku)s is already used by “%(name)s” of this cooperative.",
                    sku=variant.sku,
                    name=taken[variant.sku.casefold()],
                )
    return errors


def _fill_skus(cooperative_id: int, data: ProductData, product) -> None:
    """Give each variant left without a SKU one made from the names (rules.suggest_sku),
    unique in the cooperative and in the product; marked ``sku_generated``."""
    if all(v.sku for v in data.variants):
        return
    others = select(ProductVariant.sku).where(ProductVariant.cooperative_id == cooperative_id)
    if product is not None and product.id is not None:
        others = others.where(ProductVariant.product_id != product.id)
    taken = set(db.session.execute(others).scalars()) | {v.sku for v in data.variants if v.sku}
    for position, variant in enumerate(data.variants, start=1):
        if not variant.sku:
            variant.sku = suggest_sku(data.name, variant.name, position, taken)
            variant.sku_generated = True
            taken.add(variant.sku)


def _sync_variants(product: Product, cooperative_id: int, variants: list[VariantData]) -> None:
    """Make the product's variants those given, in order: update, add, remove.

    Removals and SKU changes are flushed first so that a SKU may move between rows, or from a
    removed row to a new one, without tripping the database's unique (cooperative, SKU).
    """
    current = {v.id: v for v in product.variants}
    kept = {v.id for v in variants if v.id in current}
    product.variants = [v for v in product.variants if v.id in kept]
    db.session.flush()
    for data in variants:
        variant = current.get(data.id) if data.id in kept else None
        if variant is not None and variant.sku != data.sku:
            variant.sku = f"~{variant.id}"  # "~" is never in a real SKU
    db.session.flush()
    ordered = []
    for position, data in enumerate(variants):
        variant = current.get(data.id) if data.id in kept else None
        if variant is None:
            variant = ProductVariant(cooperative_id=cooperative_id)
        for name in VARIANT_FIELDS:
            setattr(variant, name, getattr(data, name))
        variant.position = position
        ordered.append(variant)
    product.variants = ordered


def save_product(
    cooperative: Cooperative,
    data: ProductData,
    today: date,
    *,
    actor_id: int | None = None,
    product: Product | None = None,
) -> Product:
    """Create or update a product of ``cooperative`` with its variants; all or nothing.

    Every rule is checked before anything is touched. Certificate links become exactly
    ``data.certificate_ids`` (valid certificates only, so a link that expired is dropped).
    """
    _fill_skus(cooperative.id, data, product)
    errors = _problems(cooperative, data, today, product)
    if errors:
        raise ServiceError(errors)
    certificates = [
        c for c in valid_certificates(cooperative, today) if c.id in data.certificate_ids
    ]
    try:
        if product is None:
            product = Product(
                cooperative_id=cooperative.id,
                slug=_unique_slug(cooperative.id, data.name),
                created_by_id=actor_id,
            )
            db.session.add(product)
        for name in PRODUCT_FIELDS:
            setattr(product, name, getattr(data, name))
        product.certificates = certificates
        _sync_variants(product, cooperative.id, data.variants)
        product.search_text = search_text(
            data.name,
            data.category,
            [v.sku for v in data.variants],
            data.gtin,
            [v.name for v in data.variants],
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ServiceError(
            {"name": _l("Someone saved the same SKU or GTIN just now. Check them and save again.")}
        ) from None
    return product


def set_status(product: Product, status: ProductStatus) -> None:
    """Archive a product (lists hide it; its pages and printed codes keep working) or bring
    it back."""
    product.status = status
    db.session.commit()


@dataclass
class ProductFilters:
    """What the staff list is narrowed to; unknown values are ignored, never an error."""

    query: str = ""
    cooperative_id: int | None = None
    group: str = ""
    status: str = ""

    def __post_init__(self):
        self.query = (self.query or "")[:100]
        if self.group not in {g.code for g in categories.GROUPS}:
            self.group = ""
        if self.status not in SHOWN_STATUSES:
            self.status = ""

    def args(self) -> dict:
        """The query-string values to keep in links (pages of the list)."""
        values = dict(
            q=self.query, cooperative=self.cooperative_id, group=self.group, status=self.status
        )
        return {k: v for k, v in values.items() if v}


def search_products(cooperatives, filters: ProductFilters, page: int, per_page: int = PER_PAGE):
    """Products of the cooperatives in the select() ``cooperatives`` matching ``filters``.

    Every word of the query must occur in the folded search text, so "lac nhan", "Lạc nhân"
    and "LẠC" all find "Lạc nhân"; one page of them, with their variants and cooperative.
    """
    ids = cooperatives.with_only_columns(Cooperative.id).order_by(None)
    stmt = (
        select(Product)
        .join(Product.cooperative)
        .where(Product.cooperative_id.in_(ids))
        .where(Product.status.in_(SHOWN_STATUSES[filters.status]))
    )
    for word in fold(filters.query).split():
        stmt = stmt.where(Product.search_text.contains(word, autoescape=True))
    if filters.cooperative_id:
        stmt = stmt.where(Product.cooperative_id == filters.cooperative_id)
    if filters.group:
        stmt = stmt.where(Product.category.startswith(f"{filters.group}.", autoescape=True))
    stmt = stmt.options(contains_eager(Product.cooperative), selectinload(Product.variants))
    return paginate(stmt.order_by(Product.name, Product.id), page, per_page)


def active_cooperatives(cooperatives) -> list[Cooperative]:
    """The cooperatives of the select() ``cooperatives`` that are not archived, by name."""
    stmt = cooperatives.where(Cooperative.status == CooperativeStatus.ACTIVE)
    return list(db.session.execute(stmt.order_by(Cooperative.legal_name)).scalars())


def cooperative_products(cooperative: Cooperative) -> list[Product]:
    """The cooperative's products that are not archived, by name, with their variants."""
    return list(
        db.session.execute(
            select(Product)
            .where(Product.cooperative_id == cooperative.id)
            .where(Product.status != ProductStatus.ARCHIVED)
            .options(selectinload(Product.variants))
            .order_by(Product.name, Product.id)
        ).scalars()
    )


def find_product(cooperative_slug: str, product_slug: str) -> Product | None:
    """A product by its cooperative's slug and its own (stable, unique per cooperative)."""
    return db.session.execute(
        select(Product)
        .join(Product.cooperative)
        .where(Cooperative.slug == cooperative_slug, Product.slug == product_slug)
    ).scalar_one_or_none()


def _is_valid(certificate, today: date) -> bool:
    status = status_on(certificate.issued_on, certificate.expires_on, today)
    return status in (CertificateStatus.VALID, CertificateStatus.EXPIRING)


def valid_product_certificates(product: Product, today: date) -> list:
    """The product's linked certificates that buyers may see as valid today."""
    return [c for c in product.certificates if _is_valid(c, today)]


def product_ocop_stars(product: Product, today: date) -> int | None:
    """OCOP stars from a linked certificate valid today; never stored on the product."""
    return ocop_stars(valid_product_certificates(product, today))


def product_certificate_rows(product: Product, today: date) -> list[CertificateRow]:
    """The linked certificates with their status today, valid ones first."""
    rows = []
    for cert in product.certificates:
        left = (cert.expires_on - today).days if cert.expires_on else None
        rows.append(CertificateRow(cert, status_on(cert.issued_on, cert.expires_on, today), left))
    return sorted(rows, key=lambda r: (not _is_valid(r.certificate, today), r.label))
