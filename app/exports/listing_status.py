"""Listing status recorded by staff: several variants on several marketplaces in one go.

Staff say listings went live (each with the address buyers open), were rejected (with the
marketplace's reason) or are back to draft. Every change of one submission is checked first
and saved in one transaction, or none is. A listing going live also moves its cooperative's
onboarding step "first listing live" on that marketplace (app/onboarding/services.py), in the
same transaction; the activity log records both, as it records any change.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Listing, ListingStatus, Product, ProductVariant
from ..onboarding.rules import URL_MAX, is_web_url
from ..onboarding.services import listing_went_live
from ..services import ServiceError
from . import profiles
from .listing_urls import marketplace_of
from .services import ensure_listings

SETTABLE = (ListingStatus.LIVE, ListingStatus.REJECTED, ListingStatus.DRAFT)


@dataclass(frozen=True)
class Change:
    """One listing to set: ``url`` for a live one; ``field`` names the input that gave the
    address (its errors show there)."""

    variant_id: int
    marketplace: str
    url: str = ""
    field: str = "live_url"


def listings_of(product) -> dict[tuple[int, str], Listing]:
    stmt = select(Listing).where(Listing.product_id == product.id)
    return {(x.variant_id, x.marketplace): x for x in db.session.scalars(stmt)}


def _url_problem(change: Change):
    if not is_web_url(change.url) or len(change.url) > URL_MAX:
        return _l("Paste the listing's address, starting with https:// or http://.")
    other = marketplace_of(change.url, profiles.url_patterns())
    if other is not None and other != change.marketplace:
        return _l(
            "This is an address on %(other)s, not on %(marketplace)s.",
            other=profiles.names()[other],
            marketplace=profiles.names()[change.marketplace],
        )
    return None


def problems(product: Product, changes: list[Change], status: str, reason: str) -> dict:
    """Every reason to refuse the submission, as {input name: message}; empty when fine."""
    found: dict = {}
    if status not in SETTABLE:
        return {"status": _l("Choose live, rejected or draft.")}
    if not changes:
        found["cells"] = _l("Tick at least one variant on one marketplace.")
    variant_ids = {v.id for v in product.variants}
    for change in changes:
        if profiles.get(change.marketplace) is None:
            found["marketplace"] = _l("Choose a marketplace.")
        elif change.variant_id not in variant_ids:
            found["cells"] = _l("Choose variants of this product.")
        elif status == ListingStatus.LIVE and change.field not in found:
            problem = _url_problem(change)
            if problem is not None:
                found[change.field] = problem
    if status == ListingStatus.REJECTED and not reason:
        found["reason"] = _l("Say why the marketplace rejected it.")
    return found


def set_statuses(
    product: Product, changes: list[Change], status: str, user, today: date, reason: str = ""
) -> list[Listing]:
    """Give every listing of ``changes`` the ``status``; all or nothing (a ServiceError
    names each input at fault, and nothing is saved)."""
    errors = problems(product, changes, status, reason)
    if errors:
        raise ServiceError(errors)
    wanted = {(c.variant_id, c.marketplace): c for c in changes}
    for marketplace in {c.marketplace for c in changes}:
        ids = [v for v, m in wanted if m == marketplace]
        ensure_listings(marketplace, ids, dict.fromkeys(ids, product.id))
    rows = {
        (x.variant_id, x.marketplace): x
        for x in db.session.scalars(
            select(Listing).where(
                Listing.product_id == product.id,
                Listing.variant_id.in_({v for v, _m in wanted}),
            )
        )
    }
    saved = []
    for key, change in wanted.items():
        listing = rows[key]  # ensure_listings has made it
        live = status == ListingStatus.LIVE
        listing.status = ListingStatus(status)
        listing.live_url = change.url if live else None
        listing.rejection_reason = reason if status == ListingStatus.REJECTED else ""
        listing.updated_by_id = user.id if user is not None else None
        saved.append(listing)
    if status == ListingStatus.LIVE:
        first_url: dict[str, str] = {}
        for change in changes:
            first_url.setdefault(change.marketplace, change.url)
        for marketplace, url in first_url.items():
            listing_went_live(product.cooperative, marketplace, url, today, user)
    db.session.commit()
    return saved


def set_status(
    variant: ProductVariant,
    marketplace: str,
    status: str,
    user,
    today: date,
    url: str = "",
    reason: str = "",
) -> Listing:
    """One listing: the bulk rules for a single variant on a single marketplace."""
    change = Change(variant.id, marketplace, url)
    return set_statuses(variant.product, [change], status, user, today, reason)[0]
