"""GS1 Digital Link resolution and the EPCIS 2.0 documents of a batch.

``/01/<gtin>`` redirects (307, as GS1 resolvers do) to the product's public page;
``/01/<gtin>/10/<lot>`` shows the batch's trace page in place; ``/21/<serial>`` with a serial
of a label run shows its batch's page with the serial's check (or "not genuine" when the
serial was never issued for this product); another serial is walked up to the lot; a
``/22/`` variant or a ``/235/`` serial is accepted and ignored ("walk up").
``?linkType=linkset`` or ``Accept: application/linkset+json`` answers with the RFC 9264
linkset; ``?linkType=gs1:<type>`` redirects to that link. Other query parameters are ignored.
"""

import hashlib
import json
from urllib.parse import unquote, urlencode, urlsplit

from flask import Response, abort, make_response, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from ..access import STAFF, can_act_on_cooperative, public, roles_required
from ..gs1 import BadDigitalLink, DigitalLink, parse_path
from . import bp
from .links import LINKSET_TYPE, base_url, find_link, item_links, linkset_header
from .linkset import linkset_response
from .problems import EXPLANATIONS, problem_response, wants_json
from .services import batch_by_id, batch_for_lot, batch_for_public_code, is_public, product_for_gtin

LINK_TYPE_ARGS = ("linkType", "linktype")
PUBLIC_MAX_AGE = 300


@bp.after_request
def _cors(response: Response) -> Response:
    """Public, read-only data: any site or app may read it (the GS1 resolver standard asks)."""
    if request.endpoint != "resolver.epcis_staff":
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "Link, Location"
        response.vary.add("Accept")
    return response


@bp.route("/01/<gtin>", merge_slashes=False)
@bp.route("/01/<gtin>/10/<lot>", merge_slashes=False)
@bp.route("/01/<gtin>/10/<lot>/21/<serial>", merge_slashes=False)
@bp.route("/01/<path:rest>", merge_slashes=False)
@public
def digital_link(**_ignored):
    """Resolve a GTIN Digital Link; every rule lands here and the raw path is parsed again.

    Slashes are not merged: ``/01/<gtin>//10/x`` is a malformed link (400), not a redirect.
    """
    try:
        dl = parse_path(raw_request_path())
    except BadDigitalLink as error:
        return problem_response(
            400, EXPLANATIONS[error.problem], code=str(error.problem), detail=error.detail
        )
    from ..labels.services import check_serial  # app.labels imports the resolver's paths
    from ..public.trace_responses import kept_trace  # app.public imports the resolver's paths

    # A batch's page as kept, answered before any query (a serial's page never is).
    kept = (
        kept_trace(dl.path, opened=dl.path)
        if dl.lot and not dl.serial and not _wants_links()
        else None
    )
    if kept is not None and kept.response is not None:
        return kept.response
    if kept is not None:  # the page of a lot: its batch in the trace page's one SELECT
        from ..public.trace_lookup import batch_by_lot

        found = batch_by_lot(dl.gtin, dl.lot or "")
        if found is not None:
            return _trace_page(found, dl, kept, _link_headers(dl))
    product = product_for_gtin(dl.gtin)
    # A printed serial answers whatever the product's status, like a printed lot.
    serial = check_serial(dl.serial) if product and dl.serial and not _wants_links() else None
    if serial is not None:
        return _serial_page(serial, product, dl)
    batch = batch_for_lot(product, dl.lot) if product is not None and dl.lot else None
    if product is None or (batch is None and not is_public(product)):
        return problem_response(
            404,
            _("No product on Lên Sàn carries the product number (GTIN) %(gtin)s.", gtin=dl.gtin),
            code="unknown_gtin",
        )
    if dl.lot and batch is None:
        return _unknown_lot(product, dl)
    return _resolve(dl, product, batch, kept)


def _wants_links() -> bool:
    return any(a in request.args for a in LINK_TYPE_ARGS) or _wants_linkset()


def _serial_page(check, product, dl: DigitalLink) -> Response:
    """A serialized label's code under its product's GTIN (and lot, if given): the serial
    must have been issued for a batch of that product."""
    from ..labels.services import SerialCheck
    from ..public.trace_responses import render_serial

    batch = check.run.batch if check.run is not None else None
    if batch is not None and (batch.product_id != product.id or (dl.lot and batch.code != dl.lot)):
        check = SerialCheck(check.code, None, False)
    return make_response(render_serial(check, check.code))


def _resolve(dl: DigitalLink, product, batch, kept=None) -> BaseResponse:
    anchor = base_url() + _anchor_path(dl)
    links = item_links(product, batch)
    response: BaseResponse
    link_type = next((request.args[a] for a in LINK_TYPE_ARGS if a in request.args), None)
    if link_type in ("linkset", "all") or (link_type is None and _wants_linkset()):
        response = linkset_response(anchor, product, batch, dl.serial)
    elif link_type is not None:
        link = find_link(links, link_type)
        if link is None:
            return problem_response(
                404,
                _("There is no link of the type “%(type)s” for this code.", type=link_type),
                code="unknown_link_type",
            )
        response = redirect(_with_query(link.href), 307)
    elif batch is not None:
        # Caching is the trace page's (no-cache + ETag); the page is kept with its Link.
        response = _trace_page(batch, dl, kept, _link_headers(dl))
    else:
        response = redirect(_with_query(links[0].href), 307)
    cache = response.cache_control
    if response.status_code in (200, 307) and cache.max_age is None and not cache.no_cache:
        cache.public = True
        cache.max_age = PUBLIC_MAX_AGE
    response.headers.setdefault("Link", linkset_header(anchor))
    return response


def _link_headers(dl: DigitalLink) -> tuple[tuple[str, str], ...]:
    """The ``Link`` header of a lot's page, kept with the page."""
    return (("Link", linkset_header(base_url() + _anchor_path(dl))),)


def _trace_page(batch, dl: DigitalLink, kept, headers) -> Response:
    """The batch's trace page, rendered in place: the printed URL stays in the address bar."""
    from ..public.trace_responses import (
        render_trace,  # app.public imports the resolver's path helpers
    )

    return make_response(render_trace(batch, code_seen=dl.path, kept=kept, headers=headers))


def _unknown_lot(product, dl: DigitalLink) -> Response:
    more = None
    if is_public(product):
        more = [link for link in item_links(product, None) if link.rel == "pip"][0]
    return problem_response(
        404,
        _(
            "We know the product %(product)s, but it has no batch “%(lot)s”. Check the code "
            "printed on the pack.",
            product=product.name,
            lot=dl.lot,
        ),
        code="unknown_lot",
        more_href=more.href if more else None,
        more=more.title if more else None,
    )


def _anchor_path(dl: DigitalLink) -> str:
    """The Digital Link the answer is about: ignored qualifiers (22, 235) left out."""
    return DigitalLink(gtin=dl.gtin, lot=dl.lot, serial=dl.serial).path


def _wants_linkset() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", LINKSET_TYPE, "application/json"])
    return best in (LINKSET_TYPE, "application/json") and wants_json()


def _with_query(href: str) -> str:
    """The target with the request's query string passed on (GS1), minus ``linkType``."""
    kept = [(k, v) for k, v in request.args.items(multi=True) if k not in LINK_TYPE_ARGS]
    return f"{href}?{urlencode(kept)}" if kept else href


def raw_request_path() -> str:
    """The request path as sent, still percent-encoded, so that ``LB%2FLAC`` is one segment.

    WSGI hands the application a decoded PATH_INFO; servers (Werkzeug, gunicorn) also pass the
    raw request line as RAW_URI / REQUEST_URI. It is used only when it decodes to the routed
    path; otherwise the decoded path is used (an encoded "/" then splits a value: a 400).
    """
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or ""
    path = urlsplit(raw).path
    root = request.script_root
    if root and unquote(path).startswith(root):
        depth = root.count("/")
        path = "/" + "/".join(path.split("/")[depth + 1 :])
    if path and unquote(path) == request.path:
        return path
    return request.path


# --- EPCIS 2.0 documents --------------------------------------------------------------------


@bp.route("/t/<code>/epcis.jsonld")
@public
def epcis_public(code: str):
    """The public events of a printed code's batch, as EPCIS 2.0 JSON-LD, for trading partners."""
    batch = batch_for_public_code(code) or abort(404)
    response = _jsonld(batch, public_only=True)
    # As the trace page: keep it, but ask again (a cheap 304) before using it.
    response.cache_control.public = True
    response.cache_control.no_cache = True
    return response.make_conditional(request)


@bp.route("/trace/epcis/<int:batch_id>.jsonld")
@roles_required(*STAFF)
def epcis_staff(batch_id: int):
    """A batch's full history, internal events and corrections included, for its staff."""
    batch = batch_by_id(batch_id) or abort(404)
    if not can_act_on_cooperative(current_user, batch.cooperative):
        abort(403)
    response = _jsonld(batch, public_only=False)
    response.cache_control.private = True
    response.cache_control.no_store = True
    response.headers["Content-Disposition"] = f'inline; filename="epcis-{batch.id}.jsonld"'
    return response


def _jsonld(batch, *, public_only: bool) -> Response:
    # Imported here: the trace package (its blueprint and views) is not needed to resolve codes.
    from ..trace.epcis import MEDIA_TYPE, batch_document

    document = batch_document(batch, public_only=public_only)
    body = json.dumps(document, ensure_ascii=False, indent=1)
    response = Response(body, mimetype=MEDIA_TYPE)
    # The ETag ignores creationDate, which changes on every request while the events do not.
    stable = json.dumps({**document, "creationDate": None}, sort_keys=True).encode()
    response.set_etag(hashlib.sha256(stable).hexdigest()[:32], weak=True)
    return response
