"""Shared helpers for the product tests: valid form data, posting it, direct inserts."""

from app.clock import local_today
from app.extensions import db
from app.models import Product, ProductVariant
from app.products.services import ProductData, VariantData, save_product

TODAY = local_today()

VALID = {
    "name": "Lạc đỏ Lâm Bình loại 1 túi 500 g",
    "category": "grains_nuts.peanuts",
    "unit": "túi",
    "description": "Lạc đỏ trồng trên nương.",
    "origin_province_code": "8",
    "origin_commune_code": "2266",
    "shelf_life_days": "180",
    "storage_instructions": "Nơi khô ráo.",
    "usage_instructions": "Rang hoặc luộc.",
    "ingredients": "100% lạc.",
    "warnings": "Có chứa lạc.",
    "standard_kind": "",
    "standard_number": "",
    "gtin": "",
    "status": "active",
    "variants-0-name": "Túi 500 g",
    "variants-0-sku": "LB-LAC-500",
    "variants-0-price_vnd": "75.000",
    "variants-0-compare_at_vnd": "",
    "variants-0-stock": "40",
    "variants-0-net_quantity": "500",
    "variants-0-net_unit": "g",
    "variants-0-package_weight_g": "520",
    "variants-0-length_cm": "20",
    "variants-0-width_cm": "14",
    "variants-0-height_cm": "5",
}


def second_variant(**overrides) -> dict:
    """Form values of a second row ("variants-1-…")."""
    values = {
        "name": "Túi 1 kg",
        "sku": "LB-LAC-1000",
        "price_vnd": "140,000 đ",
        "compare_at_vnd": "150.000",
        "stock": "10",
        "net_quantity": "1",
        "net_unit": "kg",
        "package_weight_g": "1.030",
        "length_cm": "25",
        "width_cm": "18",
        "height_cm": "6",
    }
    values.update(overrides)
    return {f"variants-1-{k}": v for k, v in values.items()}


def post_new(client, coop, data, **extra):
    return client.post(f"/products/new?cooperative={coop.id}", data=dict(data, **extra))


def make_product(coop, name="Lạc nhân Lâm Bình", sku="SKU-1", **values) -> Product:
    """A product saved through the service, with one variant."""
    variant = VariantData(row="variants-0", sku=sku, price_vnd=50_000, net_quantity="500")
    fields = dict(name=name, category="grains_nuts.peanuts", unit="túi", variants=[variant])
    fields.update(values)
    return save_product(coop, ProductData(**fields), TODAY)


def products(coop=None) -> list[Product]:
    db.session.expire_all()
    stmt = db.select(Product).order_by(Product.id)
    if coop is not None:
        stmt = stmt.where(Product.cooperative_id == coop.id)
    return list(db.session.execute(stmt).scalars())


def variants() -> list[ProductVariant]:
    db.session.expire_all()
    stmt = db.select(ProductVariant).order_by(ProductVariant.id)
    return list(db.session.execute(stmt).scalars())
