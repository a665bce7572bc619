"""The public catalogue: the home page's and the province pages' products and cooperatives.

What is public here is what the cooperative and product pages show to anyone: products on
sale (``active``, not drafts, not archived) of cooperatives that are not archived.

Search folds the query the way products' ``search_text`` is folded when they are saved
(app/text.py's :func:`~app.text.fold`: NFC, lower case, no diacritics, "đ" as "d"), so "mien
dong", "MIẾN DONG" and "Miến dong" find the same products on SQLite and PostgreSQL alike;
every word must occur (``LIKE '%word%'``) in the product's or its cooperative's folded text.
That is a scan of the narrow ``search_text`` columns, measured with 10,000 public products
of 50 cooperatives (a shared 2-core machine): 30-100 ms for a page of results and its count,
on SQLite and PostgreSQL alike. A second, stored column would fold nothing more, and a
trigram index (pg_trgm) would work on PostgreSQL only: the next step if catalogues grow
past that, not needed for a province's or the country's ~10,000 products.
A page costs a fixed number of queries whatever the data (tested): the page of products
with their cooperatives and its count, their variants and photos (selectin loads), their OCOP
stars and live listings (one query each for the whole page), the cooperatives, the provinces.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from .. import areas
from ..certificates.services import valid_on_clause
from ..extensions import db
from ..models import (
    Certificate,
    CertificateKind,
    Cooperative,
    CooperativeStatus,
    Listing,
    ListingStatus,
    Product,
    ProductStatus,
    product_certificates,
)
from ..onboarding.rules import is_web_url
from ..paging import paginate
from ..products import categories
from ..text import clean, fold, slugify

PER_PAGE = 12
QUERY_CHARS = 100
COOPERATIVES_SHOWN = 12
STARS = (3, 4, 5)


@dataclass
class CatalogueFilters:
    """What a visitor narrowed the catalogue to; a value the catalogue does not know is
    ignored, never an error (the form is a GET anyone can edit)."""

    query: str = ""
    province: int | None = None
    group: str = ""
    stars: int | None = None

    @classmethod
    def from_args(cls, args, province: int | None = None) -> "CatalogueFilters":
        query = clean(args.get("q", ""))[:QUERY_CHARS]
        if province is None:
            province = _int(args.get("tinh"))
            province = province if areas.province(province) else None
        group = args.get("nhom", "")
        if group not in {g.code for g in categories.GROUPS}:
            group = ""
        stars = _int(args.get("sao"))
        return cls(query, province, group, stars if stars in STARS else None)

    @property
    def words(self) -> list[str]:
        return fold(self.query).split()

    def args(self, keep_province: bool = True) -> dict:
        """The query-string values to keep in links (pages of the list)."""
        values = dict(q=self.query, tinh=self.province if keep_province else None)
        values.update(nhom=self.group, sao=self.stars)
        return {k: v for k, v in values.items() if v}


def _int(text) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 6 else None


@dataclass
class Card:
    """A product as its catalogue card shows it."""

    product: Product
    place: str
    stars: int | None = None
    listings: list[tuple[str, str]] = field(default_factory=list)  # (marketplace, URL)

    @property
    def image(self):
        return self.product.images[0] if self.product.images else None

    @property
    def price_from(self) -> int | None:
        return min((v.price_vnd for v in self.product.variants), default=None)


def province_slug(area: areas.Area) -> str:
    return slugify(area.name)


def province_by_slug(slug: str) -> areas.Area | None:
    return next((a for a in areas.provinces() if province_slug(a) == slug), None)


def _product_province():
    return func.coalesce(Product.origin_province_code, Cooperative.province_code)


def public_products():
    """select() of the public products, joined to their cooperative."""
    return (
        select(Product)
        .join(Product.cooperative)
        .where(Product.status == ProductStatus.ACTIVE)
        .where(Cooperative.status == CooperativeStatus.ACTIVE)
    )


def _ocop_at_least(stars: int, today: date):
    """The product has an OCOP certificate of at least ``stars`` valid today."""
    return (
        select(product_certificates.c.product_id)
        .join(Certificate, Certificate.id == product_certificates.c.certificate_id)
        .where(product_certificates.c.product_id == Product.id)
        .where(Certificate.kind == CertificateKind.OCOP, Certificate.ocop_stars >= stars)
        .where(valid_on_clause(today))
        .exists()
    )


def search(filters: CatalogueFilters, today: date, page: int):
    """One page of the public products matching ``filters``, by name, as :class:`Card`\\ s
    (``pagination.items``)."""
    stmt = public_products()
    for word in filters.words:
        stmt = stmt.where(
            or_(
                Product.search_text.contains(word, autoescape=True),
                Cooperative.search_text.contains(word, autoescape=True),
            )
        )
    if filters.province:
        stmt = stmt.where(_product_province() == filters.province)
    if filters.group:
        stmt = stmt.where(Product.category.startswith(f"{filters.group}.", autoescape=True))
    if filters.stars:
        stmt = stmt.where(_ocop_at_least(filters.stars, today))
    stmt = stmt.options(
        contains_eager(Product.cooperative),
        selectinload(Product.variants),
        selectinload(Product.images),
    )
    pagination = paginate(stmt.order_by(Product.name, Product.id), page, PER_PAGE)
    products = list(pagination.items)
    ids = [p.id for p in products]
    stars, listings = _stars_of(ids, today), _listings_of(ids)
    pagination.items = [
        Card(
            product=p,
            place=areas.place_name(
                p.origin_commune_code or p.cooperative.commune_code,
                p.origin_province_code or p.cooperative.province_code,
            ),
            stars=stars.get(p.id),
            listings=listings.get(p.id, []),
        )
        for p in products
    ]
    return pagination


def _stars_of(ids: list[int], today: date) -> dict[int, int]:
    """The most OCOP stars of each product, from its certificates valid today."""
    if not ids:
        return {}
    stmt = (
        select(product_certificates.c.product_id, func.max(Certificate.ocop_stars))
        .join(Certificate, Certificate.id == product_certificates.c.certificate_id)
        .where(product_certificates.c.product_id.in_(ids))
        .where(Certificate.kind == CertificateKind.OCOP, Certificate.ocop_stars.is_not(None))
        .where(valid_on_clause(today))
        .group_by(product_certificates.c.product_id)
    )
    return {pid: stars for pid, stars in db.session.execute(stmt)}


def _listings_of(ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """(marketplace name, live URL) of each product's live listings, one per marketplace, in
    the order of the marketplaces' profiles (like :func:`app.exports.services.live_links`)."""
    if not ids:
        return {}
    from ..exports import profiles

    stmt = (
        select(Listing.product_id, Listing.marketplace, Listing.live_url)
        .where(Listing.product_id.in_(ids), Listing.status == ListingStatus.LIVE)
        .order_by(Listing.product_id, Listing.variant_id)
    )
    found: dict[int, dict[str, str]] = {}
    for pid, marketplace, url in db.session.execute(stmt):
        if url is not None and is_web_url(url):
            found.setdefault(pid, {}).setdefault(marketplace, url)
    order = list(profiles.all_profiles())
    names = profiles.names()

    def rank(m: str) -> int:
        return order.index(m) if m in order else len(order)

    return {
        pid: [(names.get(m, m), urls[m]) for m in sorted(urls, key=rank)]
        for pid, urls in found.items()
    }


def cooperatives(filters: CatalogueFilters) -> list[Cooperative]:
    """The public (not archived) cooperatives, of the province when one is chosen, by name
    (at most :data:`COOPERATIVES_SHOWN`)."""
    stmt = select(Cooperative).where(Cooperative.status == CooperativeStatus.ACTIVE)
    if filters.province:
        stmt = stmt.where(Cooperative.province_code == filters.province)
    stmt = stmt.order_by(Cooperative.legal_name).limit(COOPERATIVES_SHOWN)
    return list(db.session.execute(stmt).scalars())


def provinces_with_products() -> list[areas.Area]:
    """The provinces that have public products (by the product's origin), by name."""
    stmt = (
        select(_product_province())
        .join(Product.cooperative)
        .where(Product.status == ProductStatus.ACTIVE)
        .where(Cooperative.status == CooperativeStatus.ACTIVE)
        .distinct()
    )
    codes = set(db.session.execute(stmt).scalars())
    return [a for a in areas.provinces() if a.code in codes]


def sitemap_pages() -> tuple[list[str], list[tuple[str, str]]]:
    """The slugs of the public cooperatives and the (cooperative, product) slugs of the public
    products: what ``sitemap.xml`` lists."""
    coops = db.session.execute(
        select(Cooperative.slug)
        .where(Cooperative.status == CooperativeStatus.ACTIVE)
        .order_by(Cooperative.slug)
    ).scalars()
    products = db.session.execute(
        select(Cooperative.slug, Product.slug)
        .join(Product.cooperative)
        .where(Product.status == ProductStatus.ACTIVE)
        .where(Cooperative.status == CooperativeStatus.ACTIVE)
        .order_by(Cooperative.slug, Product.slug)
    )
    return list(coops), [(c, p) for c, p in products]
