"""What buyers see of products: the cooperative page's product list and each product's page.

Only active products are listed; an archived product's page still answers (a printed label or
a shared link may point at it) and says it is no longer sold; a draft is not public at all.
Certificates are those linked to the product that are valid today, so an expired VietGAP is
never shown as valid, and the OCOP stars come from a linked OCOP certificate valid today.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import areas
from ..certificates.rules import valid_on
from ..exports.services import live_links
from ..extensions import db
from ..models import (
    Certificate,
    CertificateKind,
    Cooperative,
    CooperativeStatus,
    Product,
    ProductImage,
    ProductStatus,
    ProductVariant,
)
from ..products import categories
from ..text import clean
from .services import payment

DESCRIPTION_CHARS = 200


@dataclass
class ProductCard:
    """A product in the cooperative page's list."""

    product: Product
    image: ProductImage | None
    price_from: int | None  # the lowest variant price, VND

    @property
    def several_prices(self) -> bool:
        return len({v.price_vnd for v in self.product.variants}) > 1


@dataclass
class PublicProduct:
    product: Product
    cooperative: Cooperative
    archived: bool
    place: str
    category: str
    certificates: list[Certificate] = field(default_factory=list)
    ocop_stars: int | None = None
    listings: list[tuple[str, str]] = field(default_factory=list)  # (marketplace, live URL)
    transfer: bool = False  # orders by bank transfer offered (app/public/orders.py)

    @property
    def variants(self) -> list[ProductVariant]:
        return list(self.product.variants)

    @property
    def images(self) -> list[ProductImage]:
        return list(self.product.images)

    @property
    def summary(self) -> str:
        text = clean(self.product.description)
        if not text:
            text = _(
                "%(product)s from %(cooperative)s, %(place)s.",
                product=self.product.name,
                cooperative=self.cooperative.display_name,
                place=self.place,
            )
        if len(text) <= DESCRIPTION_CHARS:
            return text
        return text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"


def product_cards(cooperative: Cooperative) -> list[ProductCard]:
    """The cooperative's active products, each with its first photo and lowest price."""
    products = db.session.execute(
        select(Product)
        .where(Product.cooperative_id == cooperative.id)
        .where(Product.status == ProductStatus.ACTIVE)
        .options(selectinload(Product.variants), selectinload(Product.images))
        .order_by(Product.name)
    ).scalars()
    return [
        ProductCard(
            product=p,
            image=p.images[0] if p.images else None,
            price_from=min((v.price_vnd for v in p.variants), default=None),
        )
        for p in products
    ]


def public_product(cooperative_slug: str, product_slug: str, today: date) -> PublicProduct | None:
    """The product page's content, or None: unknown, a draft, or of another cooperative."""
    product = db.session.execute(
        select(Product)
        .join(Product.cooperative)
        .where(Cooperative.slug == cooperative_slug)
        .where(Product.slug == product_slug)
        .options(
            selectinload(Product.variants),
            selectinload(Product.images),
            selectinload(Product.certificates),
        )
    ).scalar_one_or_none()
    if product is None or product.status == ProductStatus.DRAFT:
        return None
    cooperative = product.cooperative
    certificates = [c for c in product.certificates if valid_on(c.issued_on, c.expires_on, today)]
    stars = [c.ocop_stars for c in certificates if c.kind == CertificateKind.OCOP and c.ocop_stars]
    commune = product.origin_commune_code or cooperative.commune_code
    province = product.origin_province_code or cooperative.province_code
    archived = (
        product.status == ProductStatus.ARCHIVED or cooperative.status != CooperativeStatus.ACTIVE
    )
    return PublicProduct(
        product=product,
        cooperative=cooperative,
        archived=archived,
        place=areas.place_name(commune, province),
        category=categories.path_label(product.category),
        certificates=certificates,
        ocop_stars=max(stars) if stars else None,
        listings=[] if product.status == ProductStatus.ARCHIVED else live_links(product.id),
        transfer=bool(
            cooperative.sells_by_transfer
            and not archived
            and product.variants
            and payment(cooperative) is not None
        ),
    )
