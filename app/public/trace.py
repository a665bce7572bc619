"""The public trace page ``/t/<code>`` and the batch's Circular 02/2024 record: the routes.

The page's response (its caching by ETag and the scan each view records) is built in
app/public/trace_responses.py, which the GS1 Digital Link resolver uses too.
"""

from dataclasses import replace
from pathlib import Path

from flask import abort, current_app, jsonify, redirect, render_template, request, url_for

from ..access import public
from ..clock import local_today
from ..extensions import db
from ..labels.services import check_serial
from ..models import Batch
from ..product_images.panel import product_image_url
from ..trace.rules import PUBLIC_LENGTH, normalize_public_code
from . import bp
from .kept import COOPERATIVE_PAGE_VERSION, PRODUCT_PAGE_VERSION
from .trace_lookup import Found, batch_by_public_code
from .trace_record import item_titles, record
from .trace_responses import kept_trace, render_serial, render_trace
from .trace_services import PAGE_VERSION_KEY, page_version, trace_page


@bp.record_once
def _version_the_page(state) -> None:
    """The trace, cooperative and product pages' versions, from their templates' text and the
    catalogues, once at start-up."""
    state.app.extensions[PAGE_VERSION_KEY] = page_version(
        state.app.jinja_env, catalogues=catalogues(state.app)
    )
    state.app.extensions[COOPERATIVE_PAGE_VERSION] = page_version(
        state.app.jinja_env, ("public/cooperative.html",), catalogues(state.app)
    )
    state.app.extensions[PRODUCT_PAGE_VERSION] = page_version(
        state.app.jinja_env, ("public/product.html",), catalogues(state.app)
    )


def catalogues(app) -> list[Path]:
    """The translation catalogues the app's pages read their words from."""
    folder = Path(app.root_path) / "translations"
    return sorted(folder.glob("*/LC_MESSAGES/messages.po"))


def _batch_or_404(code: str) -> Found:
    return batch_by_public_code(code) or abort(404)


def code_not_found(typed: str = ""):
    """A code that names no batch: what to check on the label, and the box again; a 404."""
    response = current_app.make_response(
        (render_template("public/code_not_found.html", typed=typed[:40]), 404)
    )
    response.cache_control.no_store = True  # the batch may be made tomorrow
    return response


def _canonical(code: str) -> str | None:
    """The code as stored, when ``code`` is a hand-typed form of a batch's or a serial's code
    (lower case, spaces, dashes, look-alikes) that differs from it; else None."""
    canonical = normalize_public_code(code)
    if canonical == code or not canonical:
        return None
    if len(canonical) > PUBLIC_LENGTH and check_serial(canonical) is not None:
        return canonical
    return canonical if batch_by_public_code(canonical) is not None else None


def _to_canonical(canonical: str, status: int):
    query = request.query_string.decode("latin-1")
    target = url_for("public.trace", code=canonical) + (f"?{query}" if query else "")
    return redirect(target, status)


@bp.route("/t")
@public
def find_code():
    """The "enter a traceability code" box's answer: the code's page, or what to check."""
    typed = (request.args.get("code") or "").strip()
    canonical = normalize_public_code(typed)
    if canonical and (
        (len(canonical) > PUBLIC_LENGTH and check_serial(canonical) is not None)
        or batch_by_public_code(canonical) is not None
    ):
        return redirect(url_for("public.trace", code=canonical), 303)
    return code_not_found(typed)


# What a label's QR holds is /T/ (upper case keeps the QR in alphanumeric mode); links we
# build say /t/ (the rule registered first, by the lower decorator, is the one url_for uses).
@bp.route("/T/<code>")
@bp.route("/t/<code>")
@public
def trace(code: str):
    """What a buyer sees after scanning a label: the batch, its journey, any recall; for a
    serialized label, also whether its code is genuine."""
    if (canonical := _canonical(code)) is not None:  # one page per code, one cache key
        return _to_canonical(canonical, 301)
    if len(code) > PUBLIC_LENGTH and (check := check_serial(code)) is not None:
        return render_serial(check, code)
    kept = kept_trace(code)
    if kept.response is not None:
        return kept.response
    found = batch_by_public_code(code)
    return code_not_found(code) if found is None else render_trace(found, code, kept=kept)


def _record_for(code: str) -> tuple:
    found = _batch_or_404(code)
    batch = db.session.get_one(Batch, found.batch.id)  # the record reads more than the page
    page = replace(
        trace_page(found, code, local_today()),
        batch=batch,
        product=batch.product,
        cooperative=batch.cooperative,
    )
    base = current_app.config["PUBLIC_BASE_URL"]
    data = record(
        page,
        base,
        lambda image: product_image_url(image, "square", external=True),
        base + url_for("public.trace", code=code),
    )
    return page, data


@bp.route("/t/<code>/record")
@public
def trace_record(code: str):
    """The ten items of Circular 02/2024/TT-BKHCN for the batch, as a page."""
    page, data = _record_for(code)
    response = current_app.make_response(
        render_template(
            "public/trace_record.html", page=page, batch=page.batch, data=data, items=item_titles()
        )
    )
    response.cache_control.public = True
    response.cache_control.no_cache = True
    return response


@bp.route("/t/<code>/record.json")
@public
def trace_record_json(code: str):
    """The same record as JSON for traceability portals (format: app/public/trace_record.py)."""
    _, data = _record_for(code)
    response = jsonify(data)
    response.cache_control.public = True
    response.cache_control.no_cache = True
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
