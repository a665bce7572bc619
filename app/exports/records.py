"""Products read for listing, as plain records (app/exports/listing.py), a page at a time.

Core selects, not ORM objects: a 10,000-product export never holds more than one page of
products in memory, and the request's session (the signed-in user) is left alone.
"""

import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from .. import areas
from ..extensions import db
from ..gs1 import dl_path
from ..models import (
    Certificate,
    Cooperative,
    Product,
    ProductImage,
    ProductStatus,
    ProductVariant,
    product_certificates,
)
from .listing import CertificateInfo, CooperativeInfo, PhotoInfo, ProductInfo, VariantInfo

PAGE = 500


def nfc(value: str | None) -> str:
    """Text as it leaves the database, NFC: rows written before the forms cleaned their
    text (old imports) may hold decomposed Vietnamese."""
    if not value:
        return ""
    return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)


LISTABLE = (ProductStatus.DRAFT, ProductStatus.ACTIVE)


def cooperative_info(cooperative: Cooperative) -> CooperativeInfo:
    place = areas.place_name(cooperative.commune_code, cooperative.province_code)
    address = ", ".join(p for p in (cooperative.street, place) if p)
    return CooperativeInfo(
        id=cooperative.id,
        slug=cooperative.slug,
        legal_name=nfc(cooperative.legal_name),
        brand=nfc(cooperative.display_name),
        address=nfc(address),
    )


def _variants(ids: list[int]) -> dict[int, list[VariantInfo]]:
    found: dict[int, list[VariantInfo]] = defaultdict(list)
    v = ProductVariant
    stmt = (
        select(
            v.product_id,
            v.id,
            v.sku,
            v.name,
            v.price_vnd,
            v.stock,
            v.compare_at_vnd,
            v.net_quantity,
            v.net_unit,
            v.package_weight_g,
            v.length_cm,
            v.width_cm,
            v.height_cm,
        )  # fmt: skip
        .where(v.product_id.in_(ids))
        .order_by(v.product_id, v.position, v.id)
    )
    for product_id, variant_id, *fields in db.session.execute(stmt):
        rows = found[product_id]
        sku, name, *rest = fields
        rows.append(VariantInfo(variant_id, len(rows), nfc(sku), nfc(name), *rest))
    return found


def _photos(ids: list[int]) -> dict[int, list[PhotoInfo]]:
    found: dict[int, list[PhotoInfo]] = defaultdict(list)
    stmt = (
        select(
            ProductImage.product_id,
            ProductImage.square_key,
            ProductImage.width,
            ProductImage.height,
        )
        .where(ProductImage.product_id.in_(ids))
        .order_by(ProductImage.product_id, ProductImage.position, ProductImage.id)
    )
    for product_id, key, width, height in db.session.execute(stmt):
        found[product_id].append(PhotoInfo(key, width, height))
    return found


def _certificates(ids: list[int]) -> dict[int, list[CertificateInfo]]:
    found: dict[int, list[CertificateInfo]] = defaultdict(list)
    c = Certificate
    stmt = (
        select(
            product_certificates.c.product_id,
            c.id,
            c.kind,
            c.number,
            c.issuer,
            c.issued_on,
            c.expires_on,
            c.ocop_stars,
            c.document_key,
            c.document_name,
        )  # fmt: skip
        .join(c, c.id == product_certificates.c.certificate_id)
        .where(product_certificates.c.product_id.in_(ids))
        .order_by(c.issued_on, c.id)
    )
    for product_id, *fields in db.session.execute(stmt):
        id_, kind, number, issuer, *rest = fields
        found[product_id].append(CertificateInfo(id_, kind, nfc(number), nfc(issuer), *rest))
    return found


PRODUCT_COLUMNS = (
    Product.id, Product.slug, Product.name, Product.category, Product.status, Product.unit,
    Product.cooperative_id, Product.origin_commune_code, Product.origin_province_code,
    Product.description, Product.shelf_life_days, Product.storage_instructions,
    Product.usage_instructions, Product.ingredients, Product.warnings, Product.standard_number,
    Product.gtin,
)  # fmt: skip


@dataclass(frozen=True)
class _Addresses:
    """The public addresses a listing names, worked out once per export."""

    base: str
    image_base: str
    page_template: str

    @classmethod
    def of_app(cls) -> "_Addresses":
        base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
        urls = current_app.url_map.bind("")  # paths without a request (the CLI has none)
        # One URL built, the others by substitution (slugs are URL-safe): a tenth of the cost.
        page_template = base + urls.build(
            "public.product", {"slug": "COOP-SLUG", "product_slug": "PRODUCT-SLUG"}
        )
        return cls(base, base + urls.build("public.media", {"key": "x"})[:-1], page_template)

    def product_page(self, cooperative_slug: str, product_slug: str) -> str:
        return self.page_template.replace("COOP-SLUG", cooperative_slug, 1).replace(
            "PRODUCT-SLUG", product_slug, 1
        )


def _pages(cooperative_ids: list[int], product_ids: list[int] | None) -> Iterator[list]:
    """The listable products' rows, ``PAGE`` at a time, by cooperative then id."""
    last = (0, 0)
    while True:
        stmt = (
            select(*PRODUCT_COLUMNS)
            .where(Product.cooperative_id.in_(cooperative_ids))
            .where(Product.status.in_(LISTABLE))
            .where((Product.cooperative_id > last[0]) | (
                (Product.cooperative_id == last[0]) & (Product.id > last[1])
            ))
            .order_by(Product.cooperative_id, Product.id)
            .limit(PAGE)
        )  # fmt: skip
        if product_ids is not None:
            stmt = stmt.where(Product.id.in_(product_ids))
        page = list(db.session.execute(stmt).all())
        if not page:
            return
        yield page
        last = (page[-1].cooperative_id, page[-1].id)


def product_infos(
    cooperative_ids: list[int], today: date, product_ids: list[int] | None = None
) -> Iterator[ProductInfo]:
    """The listable (draft or on-sale) products of the cooperatives, by cooperative then id,
    read ``PAGE`` at a time; ``product_ids`` narrows them to a choice."""
    cooperatives = {
        c.id: cooperative_info(c)
        for c in db.session.scalars(select(Cooperative).where(Cooperative.id.in_(cooperative_ids)))
    }
    addresses = _Addresses.of_app()
    for page in _pages(list(cooperatives), product_ids):
        ids = [row.id for row in page]
        variants, photos, certificates = _variants(ids), _photos(ids), _certificates(ids)
        for row in page:
            yield _product_info(
                row,
                cooperatives[row.cooperative_id],
                addresses,
                today,
                variants=tuple(variants.get(row.id, ())),
                photos=tuple(photos.get(row.id, ())),
                certificates=tuple(certificates.get(row.id, ())),
            )


def _product_info(
    row,
    cooperative: CooperativeInfo,
    addresses: _Addresses,
    today: date,
    variants: tuple[VariantInfo, ...],
    photos: tuple[PhotoInfo, ...],
    certificates: tuple[CertificateInfo, ...],
) -> ProductInfo:
    """One product's row as a record, with its variants, photos and certificates."""
    product_url = addresses.product_page(cooperative.slug, row.slug)
    commune = row.origin_commune_code or None
    return ProductInfo(
        id=row.id,
        slug=row.slug,
        name=nfc(row.name),
        category=row.category,
        status=row.status,
        unit=nfc(row.unit),
        cooperative=cooperative,
        origin=areas.place_name(commune, row.origin_province_code)
        if row.origin_province_code
        else "",
        origin_province=_province_name(row.origin_province_code),
        product_url=product_url,
        trace_url=addresses.base + dl_path(row.gtin) if row.gtin else product_url,
        image_base=addresses.image_base,
        description=nfc(row.description),
        shelf_life_days=row.shelf_life_days,
        storage_instructions=nfc(row.storage_instructions),
        usage_instructions=nfc(row.usage_instructions),
        ingredients=nfc(row.ingredients),
        warnings=nfc(row.warnings),
        standard_number=nfc(row.standard_number),
        gtin=row.gtin,
        variants=variants,
        photos=photos,
        certificates=certificates,
        today=today,
    )


def _province_name(code: int | None) -> str:
    province = areas.province(code)
    return province.name if province else ""
