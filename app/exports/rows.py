"""The rows a product takes in a marketplace's sheet, and the value of each column on them.

Pure, like :mod:`.listing`: :func:`prepare` works out once what every row of a product shares
(description, photos, titles, category), :func:`rows_of` lays out its rows and :func:`value`
reads any column source a profile may name.
"""

from dataclasses import dataclass

from ..products import categories
from ..text import fold
from ..vietnamese import gettext as _
from ..vietnamese import in_vietnamese
from .listing import (
    ProductInfo,
    VariantInfo,
    certificate_text,
    describe,
    describe_html,
    facts,
    shelf_life_text,
    suggest_title,
    summary,
)


@dataclass
class Prepared:
    """What every row of one product shares, worked out once."""

    product: ProductInfo
    description: str
    description_html: str
    image_urls: tuple[str, ...]  # of the photos the profile takes, in order
    files: tuple[str, ...]  # their names in the pack
    titles: dict[int, str]  # by variant id
    category: str | None


@dataclass(frozen=True)
class Row:
    kind: str  # simple, parent, variant or image
    prepared: Prepared
    variant: VariantInfo | None = None  # None on parent and image rows
    image: int = 0  # the image's number on image rows


def rows_of(prepared: Prepared, file_spec, variants: list[VariantInfo]) -> list[Row]:
    """A product's rows: one per variant (with a parent row above them when the format
    wants one), then one per image when the format puts images on rows of their own."""
    rows: list[Row] = []
    if len(prepared.product.variants) == 1 and len(variants) == 1:
        rows.append(Row("simple", prepared, variants[0]))
    else:
        if file_spec.parent_rows:
            rows.append(Row("parent", prepared))
        rows += [Row("variant", prepared, v) for v in variants]
    if file_spec.image_rows:
        rows += [Row("image", prepared, image=n) for n in range(1, len(prepared.image_urls) + 1)]
    return rows


def _kg(grams: int | None) -> int | float | str:
    """Kilograms as a number a sheet reads: 520 g -> 0.52, 1000 g -> 1."""
    if grams is None:
        return ""
    return grams // 1000 if grams % 1000 == 0 else round(grams / 1000, 3)


def value(column, row: Row, profile):
    """The cell ``column`` holds on ``row``: text or a whole number, "" when empty."""
    if row.kind not in column.rows:
        return ""
    source = column.source
    prepared, variant = row.prepared, row.variant
    if column.food and not prepared.product.is_food:
        return ""
    if source == "brand" and profile.rules.brand:
        return profile.rules.brand  # "No Brand": the marketplace's list has no cooperatives
    if source == "constant":
        return column.value
    if source == "row_kind":
        return column.values.get(row.kind, "")
    if source == "image_position":
        return row.image
    if source == "row_image_url":
        return prepared.image_urls[row.image - 1] if row.image else ""
    if source in PRODUCT_SOURCES:
        return PRODUCT_SOURCES[source](prepared, row)
    if source in IMAGE_SOURCES:
        return IMAGE_SOURCES[source](prepared, row, column, profile)
    if variant is None:  # a parent row: the product's own values where there is one
        return PARENT_SOURCES.get(source, lambda p: "")(prepared)
    return VARIANT_SOURCES[source](variant, prepared)


def _option_value(prepared: Prepared, row: Row) -> str:
    product = prepared.product
    if not product.has_variants:
        return ""
    if row.variant is None:
        return ", ".join(v.name or v.sku for v in product.variants)
    return row.variant.name or row.variant.sku


PRODUCT_SOURCES = {
    "name": lambda p, r: p.product.name,
    "description": lambda p, r: p.description,
    "description_html": lambda p, r: p.description_html,
    "summary": lambda p, r: summary(p.product),
    "product_key": lambda p, r: p.product.key,
    "parent_key": lambda p, r: p.product.key if r.kind == "variant" else "",
    "unit": lambda p, r: p.product.unit,
    "category": lambda p, r: p.category or "",
    "category_path": lambda p, r: _category_path(p.product.category),
    "brand": lambda p, r: p.product.cooperative.brand,
    "cooperative": lambda p, r: p.product.cooperative.legal_name,
    "address": lambda p, r: p.product.cooperative.address,
    "origin": lambda p, r: p.product.origin,
    "certificates": lambda p, r: "; ".join(
        certificate_text(c) for c in p.product.valid_certificates
    ),
    "trace_url": lambda p, r: p.product.trace_url,
    "product_url": lambda p, r: p.product.product_url,
    "gtin": lambda p, r: p.product.gtin or "",
    "identifier_exists": lambda p, r: "yes" if p.product.gtin else "no",
    "option_name": lambda p, r: _("Variant") if p.product.has_variants else "",
    "option_value": _option_value,
    "shelf_life_days": lambda p, r: p.product.shelf_life_days or "",
    "shelf_life": lambda p, r: (
        shelf_life_text(p.product.shelf_life_days) if p.product.shelf_life_days else ""
    ),
    "manufacturer": lambda p, r: p.product.cooperative.legal_name,
    "manufacturer_address": lambda p, r: p.product.cooperative.address,
    "country_of_origin": lambda p, r: _("Vietnam"),
    "ingredients": lambda p, r: p.product.ingredients,
    "usage": lambda p, r: p.product.usage_instructions,
    "storage": lambda p, r: p.product.storage_instructions,
    "warnings": lambda p, r: p.product.warnings,
}


def _category_path(code: str) -> str:
    category = categories.get(code)
    if category is None:
        return ""
    group = categories.get(category.group)
    labels = [in_vietnamese(c.label) for c in (group, category) if c is not None]
    return " > ".join(labels)


def _image_urls(prepared: Prepared, row: Row, column, profile) -> str:
    urls = prepared.image_urls
    if row.kind == "variant":  # a variation shows one photo
        urls = urls[:1]
    return ",".join(urls)


IMAGE_SOURCES = {
    "image": lambda p, r, c, profile: p.files[c.index - 1] if c.index <= len(p.files) else "",
    "image_url": lambda p, r, c, profile: (
        p.image_urls[c.index - 1] if c.index <= len(p.image_urls) else ""
    ),
    "image_urls": _image_urls,
    "more_image_urls": lambda p, r, c, profile: ",".join(p.image_urls[1:]),
    "image_files": lambda p, r, c, profile: ", ".join(p.files),
}

PARENT_SOURCES = {
    "title": lambda p: p.product.name,
    "sku": lambda p: p.product.key,
}

VARIANT_SOURCES = {
    "title": lambda v, p: p.titles[v.id],
    "variant_name": lambda v, p: v.name,
    "sku": lambda v, p: v.sku,
    "price": lambda v, p: v.price_vnd,
    "price_with_currency": lambda v, p: f"{v.price_vnd} VND",
    "compare_at_price": lambda v, p: v.compare_at_vnd if v.compare_at_vnd else "",
    "stock": lambda v, p: v.stock,
    "availability": lambda v, p: "in_stock" if v.stock > 0 else "out_of_stock",
    "in_stock": lambda v, p: 1 if v.stock > 0 else 0,
    "net_quantity": lambda v, p: v.quantity_text,
    "weight_kg": lambda v, p: _kg(v.package_weight_g),
    "weight_g": lambda v, p: v.package_weight_g if v.package_weight_g is not None else "",
    "length_cm": lambda v, p: v.length_cm if v.length_cm is not None else "",
    "width_cm": lambda v, p: v.width_cm if v.width_cm is not None else "",
    "height_cm": lambda v, p: v.height_cm if v.height_cm is not None else "",
    "dimensions": lambda v, p: (
        f"{v.length_cm} x {v.width_cm} x {v.height_cm}"
        if None not in (v.length_cm, v.width_cm, v.height_cm)
        else ""
    ),
}


def prepare(product: ProductInfo, profile) -> Prepared:
    """What every row of ``product`` shares on ``profile``'s marketplace. Photos are the
    product's, shared by its variants: each is in the pack once, named by the product's
    first SKU. The HTML description is written only for profiles with a column for it."""
    squares = [p.square_key for p in product.photos if p.square_key][: profile.images.max_count]
    lines = facts(product)
    wants_html = any(c.source == "description_html" for c in profile.columns)
    first_sku = product.variants[0].sku if product.variants else product.key
    folded_name = fold(product.name)
    limit = profile.limits.title_max
    link = profile.rules.traceability_link
    return Prepared(
        product=product,
        description=describe(product, lines, link),
        description_html=describe_html(product, lines, link) if wants_html else "",
        image_urls=tuple(product.image_base + key for key in squares),
        files=tuple(profile.images.file_name(first_sku, n) for n in range(1, len(squares) + 1)),
        titles={v.id: suggest_title(product, v, limit, folded_name) for v in product.variants},
        category=profile.category_for(product.category),
    )
