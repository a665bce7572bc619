"""What every batch of a product shows alike on the trace page (photo, valid certificates,
shops, live listings, place): the product's *showcase*, as plain values a worker keeps for
``TRACE_CACHE_SECONDS`` in a :class:`~app.worker_store.WorkerStore`, and only while the
generation counters' sequence number (app/generations.py) is the one it was read at: a new
certificate or shop shows at once.
"""

from dataclasses import dataclass, field
from datetime import date

from flask import current_app

from .. import areas
from ..exports.services import live_links
from ..extensions import db
from ..models import Cooperative, CooperativeStatus, Product, ProductStatus
from ..product_images.panel import product_image_alt, product_image_size, product_image_url
from ..products.services import valid_product_certificates
from ..worker_store import WorkerStore
from .services import Shop, shops
from .trace_lookup import Found

SHOWCASES_KEPT = 2000  # per worker: a product's showcase for each day and place it is shown


@dataclass(frozen=True)
class Photo:
    """The product's cover photo as the page shows it."""

    key: str
    url: str
    alt: str
    width: int
    height: int


@dataclass(frozen=True)
class CertificateView:
    """A certificate valid today, as plain values (``certificate_label`` reads it too)."""

    id: int
    kind: str
    ocop_stars: int | None
    number: str
    issuer: str
    expires_on: date | None


@dataclass(frozen=True)
class ProductView:
    id: int
    name: str
    status: str


@dataclass(frozen=True)
class CooperativeView:
    id: int
    slug: str
    legal_name: str
    display_name: str
    status: str
    phone: str | None = None  # the buyers' call and Zalo links


@dataclass(frozen=True)
class Showcase:
    """What every batch of a product shows alike, as plain values safe to keep between
    requests."""

    place: str
    photo: Photo | None
    certificates: tuple[CertificateView, ...]
    shops: tuple[Shop, ...]
    product: ProductView
    cooperative: CooperativeView
    listings: tuple[tuple[str, str], ...] = ()  # (marketplace, live URL) of this product
    # Its part of the page as rendered, per (language, recalled): kept with the showcase.
    fragments: dict = field(default_factory=dict, compare=False, hash=False, repr=False)


def _place(found: Found) -> str:
    plot = found.batch.plot
    if plot is not None:
        return areas.place_name(plot.commune_code, plot.province_code)
    return areas.place_name(found.coop_commune_code, found.coop_province_code)


def _showcase(product: Product, coop: Cooperative, batch_place: str, today: date) -> Showcase:
    """The product's photo (none for a draft: its photos are not public), valid certificates
    and shops, read now."""
    shown = product.images if product.status != ProductStatus.DRAFT else []
    image = shown[0] if shown else None
    photo = None
    if image is not None:
        width, height = product_image_size(image, "thumb")
        photo = Photo(
            image.thumb_key or image.original_key,
            product_image_url(image, "thumb"),
            product_image_alt(image),
            width,
            height,
        )
    certificates = tuple(
        CertificateView(c.id, c.kind, c.ocop_stars, c.number, c.issuer, c.expires_on)
        for c in valid_product_certificates(product, today)
    )
    live = product.status != ProductStatus.ARCHIVED and coop.status == CooperativeStatus.ACTIVE
    return Showcase(
        batch_place,
        photo,
        certificates,
        tuple(shops(coop)) if live else (),
        ProductView(product.id, product.name, product.status),
        CooperativeView(
            coop.id, coop.slug, coop.legal_name, coop.display_name, coop.status, coop.phone
        ),
        tuple(live_links(product.id)) if live else (),
    )


def _read_showcase(found: Found, place: str, today: date) -> Showcase:
    product = db.session.get_one(Product, found.batch.product_id)
    coop = db.session.get_one(Cooperative, found.batch.cooperative_id)
    return _showcase(product, coop, place, today)


def showcase(found: Found, today: date, seen: int | None = None) -> Showcase:
    """The product's showcase, from this worker's store while it is fresh: ``seen`` is the
    counters' sequence number read before anything else (None: read it now)."""
    place = _place(found)
    store = worker_store("trace_showcases", SHOWCASES_KEPT)
    if store is None or seen is None:
        return _read_showcase(found, place, today)
    key = (
        found.batch.product_id,
        found.product_updated_at,
        found.product_status,
        found.batch.cooperative_id,
        found.coop_updated_at,
        found.coop_status,
        place,
        today,
        current_app.config["PUBLIC_BASE_URL"],
        seen,
    )
    value = store.get(key, current_app.config["TRACE_CACHE_SECONDS"])
    if value is None:
        value = _read_showcase(found, place, today)
        store.put(key, value)
    return value


def worker_store(name: str, size: int) -> WorkerStore | None:
    """This worker's store called ``name``, or None when trace caching is off."""
    if not current_app.config.get("TRACE_CACHE_SECONDS") or not size:
        return None
    store = current_app.extensions.get(name)
    if store is None:
        store = current_app.extensions[name] = WorkerStore(size)
    return store
