"""Public pages and small public JSON, public media, cooperatives' public pages."""

import hashlib
import io
import unicodedata

from flask import abort, current_app, jsonify, render_template, request, send_file, url_for
from flask_login import current_user
from werkzeug.exceptions import NotFound

from .. import areas, storage
from ..access import public
from ..clock import local_today
from ..cooperatives.services import small_logo_key
from ..errors import handle_http
from ..extensions import db
from ..i18n import current_language
from ..media import Seen, seen_by
from ..models import CooperativeKind
from ..resolver.services import lot_recorded
from . import bp
from .kept import (
    COOPERATIVE_PAGE_VERSION,
    PRODUCT_PAGE_VERSION,
    Kept,
    cooperative_deps,
    kept_page,
)
from .products import product_cards, public_product
from .services import public_profile
from .structured import cooperative_json_ld, product_json_ld

LOT_CHARS = 20  # a GS1 lot (AI 10) is at most 20 characters


@bp.route("/areas/provinces/<int:code>/communes.json")
@public
def communes_json(code: int):
    """The communes of a province, for the commune picker's progressive enhancement."""
    items = [{"code": a.code, "name": a.name} for a in areas.communes(code)]
    response = jsonify(items)
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


# --- Media, the public cooperative page, its VietQR code and A5 poster -----------------------

MEDIA_TYPES = {"png": "image/png", "webp": "image/webp", "jpg": "image/jpeg"}
ONE_YEAR = 365 * 24 * 3600


def logo_url(key: str | None, large: bool = False, external: bool = False) -> str | None:
    """URL of a stored logo: the small WebP for pages, or the 512-px PNG (previews, print)."""
    if not key:
        return None
    path = url_for("public.media", key=key if large else small_logo_key(key))
    return current_app.config["PUBLIC_BASE_URL"] + path if external else path


bp.add_app_template_global(logo_url, "logo_url")


@bp.route("/media/<path:key>")
@public
def media(key: str):
    """Logos and photos by their content key: public ones cached for a year; those of draft
    products and internal events only for their cooperative's staff (app/media.py), else 404."""
    mimetype = MEDIA_TYPES.get(key.rsplit(".", 1)[-1])
    if mimetype is None or not storage.is_public(key) or not storage.exists(key):
        abort(404)
    seen = seen_by(key, current_user)
    if seen is Seen.NOBODY:
        response = current_app.make_response(handle_http(NotFound()))
        response.cache_control.no_store = True  # it may become public: no cache keeps the 404
        return response
    if seen is Seen.STAFF:
        response = storage.send(key, mimetype)
        response.cache_control.private = True
        response.cache_control.no_cache = True
        return response
    response = storage.send(key, mimetype, max_age=ONE_YEAR)
    response.cache_control.immutable = True
    return response


def _kind_label(kind: str):
    """The cooperative's kind as its page names it; nothing for a kind it does not know."""
    member = CooperativeKind.of(kind)
    return member.label if member is not None else ""


def _profile_or_404(slug: str):
    return public_profile(slug, local_today()) or abort(404)


@bp.route("/c/<slug>")
@public
def cooperative(slug: str):
    """A cooperative's public page: who, where, certificates, where to buy, how to pay. Kept
    as rendered until the cooperative changes (app/public/kept.py), with its ETag."""
    kept = kept_page(COOPERATIVE_PAGE_VERSION)
    if kept.response is not None:
        return kept.response
    if kept.seen is not None:
        db.session.expire_all()  # nothing read before the sequence number may be shown
    profile = _profile_or_404(slug)
    page_url = current_app.config["PUBLIC_BASE_URL"] + url_for("public.cooperative", slug=slug)
    html = render_template(
        "public/cooperative.html",
        profile=profile,
        cooperative=profile.cooperative,
        kind_label=_kind_label(profile.cooperative.kind),
        products=[] if profile.archived else product_cards(profile.cooperative),
        page_url=page_url,
        og_locale="vi_VN" if current_language() == "vi" else "en_US",
        json_ld=cooperative_json_ld(profile, page_url),
    )
    return _kept_html(kept, html, profile.cooperative.id)


def _kept_html(kept: Kept, html: str, cooperative_id: int):
    """A page of the cooperative's just rendered: kept until the cooperative changes, sent
    with its ETag (or a 304)."""
    etag = hashlib.sha256(html.encode()).hexdigest()[:40]
    kept.keep(etag, html, cooperative_deps(cooperative_id))
    response = current_app.make_response(html)
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.no_cache = True
    response.headers["Content-Language"] = current_language()
    return response.make_conditional(request)


@bp.route("/c/<slug>/p/<product_slug>")
@public
def product(slug: str, product_slug: str):
    """A product's public page: photos, prices, origin, certificates, how to keep and use it.
    Kept as rendered until its cooperative changes, like the cooperative's page."""
    kept = kept_page(PRODUCT_PAGE_VERSION)
    if kept.response is not None:
        return kept.response
    if kept.seen is not None:
        db.session.expire_all()  # nothing read before the sequence number may be shown
    found = public_product(slug, product_slug, local_today()) or abort(404)
    page_url = current_app.config["PUBLIC_BASE_URL"] + url_for(
        "public.product", slug=slug, product_slug=product_slug
    )
    html = render_template(
        "public/product.html",
        page=found,
        product=found.product,
        cooperative=found.cooperative,
        page_url=page_url,
        og_locale="vi_VN" if current_language() == "vi" else "en_US",
        json_ld=product_json_ld(found, page_url),
        unrecorded_lot=_unrecorded_lot(found.product.id),
    )
    return _kept_html(kept, html, found.cooperative.id)


def _unrecorded_lot(product_id: int) -> str | None:
    """The lot a GS1 Digital Link walked up from (``?lot=``, app/resolver/views.py), when the
    product has no batch of that code: asked here, so that a link made up to say a real lot
    is not recorded says nothing. Such a page is not kept (its query is more than ``lang``)."""
    lot = unicodedata.normalize("NFC", request.args.get("lot", "")).strip()
    if not lot or len(lot) > LOT_CHARS or not lot.isprintable():  # no GS1 lot has a NUL
        return None
    return None if lot_recorded(product_id, lot) else lot


@bp.route("/c/<slug>/vietqr.png")
@public
def vietqr_png(slug: str):
    """The payment code as a PNG, for the poster and for anyone who wants to print it."""
    profile = _profile_or_404(slug)
    if profile.payment is None:
        abort(404)
    response = send_file(io.BytesIO(profile.payment.png()), mimetype="image/png", max_age=3600)
    response.set_etag(hashlib.sha256(profile.payment.payload.encode()).hexdigest()[:32])
    return response.make_conditional(request)


@bp.route("/c/<slug>/poster")
@public
def poster(slug: str):
    """An A5 poster for a market stall: the logo, the VietQR code big, the bank account."""
    profile = _profile_or_404(slug)
    if profile.payment is None:
        abort(404)
    page_url = current_app.config["PUBLIC_BASE_URL"] + url_for("public.cooperative", slug=slug)
    return render_template(
        "public/poster.html", profile=profile, cooperative=profile.cooperative, page_url=page_url
    )
