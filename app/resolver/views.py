"""GS1 Digital Link resolution and the EPCIS 2.0 documents of a batch, as the GS1-Conformant
resolver standard asks (its public test suite, gs1/GS1DL-resolver-testsuite, checks each point).

Every answer redirects (307) to the link of the code's default type, with the request's query
string passed on and a ``Link`` header to its linkset (``rel="linkset"``), as do HEAD and
OPTIONS: ``/01/<gtin>`` to the product's public page; ``/01/<gtin>/10/<lot>`` to the batch's
trace page ``/t/<code>`` (one SELECT, no scan: the trace page counts the scan, once, whether
Flask or the front of app/public/front.py answers it); a serial of a label run to ``/t/<serial>``,
whose page checks the serial again (a redirect never vouches for it) when it was issued for a
batch of this GTIN (and lot), else "not genuine" in place; another serial is walked up to the
lot. An unknown lot of a known GTIN is walked up the tree to the product's page, which says that
this lot is not recorded (``?lot=``; the page checks that itself too). A ``/22/`` variant or a
``/235/`` serial is accepted and ignored ("walk up").
``?linkType=linkset`` or ``Accept: application/linkset+json`` answers with the RFC 9264
linkset; ``?linkType=gs1:<type>`` redirects to that link, 404 when there is none. CORS headers
on every answer, errors included; ``/.well-known/gs1resolver`` describes the resolver.
"""

import hashlib
import json
from urllib.parse import unquote, urlencode, urlsplit

from flask import Response, abort, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from ..access import STAFF, can_act_on_cooperative, public, roles_required
from ..gs1 import BadDigitalLink, DigitalLink, parse_path
from . import bp
from .links import LINKSET_TYPE, base_url, find_link, item_links, linkset_header
from .linkset import linkset_response
from .problems import EXPLANATIONS, problem_response, wants_json
from .services import (
    batch_by_id,
    batch_for_lot,
    batch_for_public_code,
    is_public,
    product_for_gtin,
    public_code_for_lot,
)

LINK_TYPE_ARGS = ("linkType", "linktype")
PUBLIC_MAX_AGE = 300
WALK_UP_MAX_AGE = 60  # the lot may be recorded soon: as long as a 404
METHODS = ["GET", "HEAD", "OPTIONS"]
CORS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Methods", ", ".join(METHODS)),
    ("Access-Control-Allow-Headers", "Accept, Accept-Language, If-None-Match, If-Modified-Since"),
    ("Access-Control-Expose-Headers", "Link, Location, ETag, Content-Language"),
    ("Access-Control-Max-Age", "86400"),
)


@bp.after_request
def _cors(response: Response) -> Response:
    """Public, read-only data: any site or app may read it, errors included (the GS1
    resolver standard asks for CORS on every answer)."""
    if request.endpoint != "resolver.epcis_staff":
        for name, value in CORS:
            response.headers[name] = value
        response.vary.add("Accept")
    return response


def _rule(path: str):
    return bp.route(path, merge_slashes=False, methods=METHODS, provide_automatic_options=False)


@_rule("/01/<gtin>")
@_rule("/01/<gtin>/10/<lot>")
@_rule("/01/<gtin>/10/<lot>/21/<serial>")
@_rule("/01/<path:rest>")
@public
def digital_link(**_ignored):
    """Resolve a GTIN Digital Link; every rule lands here and the raw path is parsed again.

    Slashes are not merged: ``/01/<gtin>//10/x`` is a malformed link (400), not a redirect.
    """
    try:
        dl = parse_path(raw_request_path())
    except BadDigitalLink as error:
        if request.method == "OPTIONS":
            return _options(None)
        return problem_response(
            400, EXPLANATIONS[error.problem], code=str(error.problem), detail=error.detail
        )
    if request.method == "OPTIONS":
        return _options(dl)
    if _wants_links():
        return _links(dl)
    product = None
    if dl.serial:
        from ..labels.services import check_serial  # app.labels imports the resolver's paths

        product = product_for_gtin(dl.gtin)
        check = check_serial(dl.serial) if product is not None else None
        if check is not None:
            return _serial(check, product, dl)
    if dl.lot:
        code = public_code_for_lot(dl.gtin, dl.lot)
        if code is not None:
            return _redirect(dl, base_url() + url_for("public.trace", code=code))
    product = product or product_for_gtin(dl.gtin)
    if product is None or not is_public(product):
        return _unknown_gtin(dl)
    links = item_links(product, None)
    if dl.lot:  # walked up the tree: the product's page, saying this lot is not recorded
        pip = find_link(links, "pip") or links[0]
        return _redirect(dl, pip.href, WALK_UP_MAX_AGE, lot=dl.lot)
    return _redirect(dl, links[0].href)


def _options(dl: DigitalLink | None) -> Response:
    """What a client may ask (the CORS headers come with every answer), and the linkset."""
    response = Response(status=204)
    response.headers["Allow"] = ", ".join(METHODS)
    if dl is not None:
        response.headers["Link"] = linkset_header(base_url() + _anchor_path(dl))
    return response


def _redirect(dl: DigitalLink, href: str, max_age: int = PUBLIC_MAX_AGE, **more) -> BaseResponse:
    """The 307 to ``href`` with the query string passed on (and ``more``), and the Link
    header to the Digital Link's linkset."""
    response = redirect(_with_query(href, **more), 307)
    response.headers["Link"] = linkset_header(base_url() + _anchor_path(dl))
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response


def _unknown_gtin(dl: DigitalLink) -> Response:
    return problem_response(
        404,
        _("No product on Lên Sàn carries the product number (GTIN) %(gtin)s.", gtin=dl.gtin),
        code="unknown_gtin",
    )


def _wants_links() -> bool:
    return any(a in request.args for a in LINK_TYPE_ARGS) or _wants_linkset()


def _serial(check, product, dl: DigitalLink) -> BaseResponse:
    """A serialized label's code under its product's GTIN (and lot, if given): redirected to
    its page (which checks it again) when it was issued for a batch of that product (and lot);
    "not genuine" in place otherwise, or when it was never issued."""
    from ..labels.services import SerialCheck
    from ..public.trace_responses import render_serial

    if check.run is not None and not _issued_here(check, product, dl):
        check = SerialCheck(check.code, None, False)
    if check.genuine:
        return _redirect(dl, base_url() + url_for("public.trace", code=check.code))
    return make_response(render_serial(check, check.code))


def _issued_here(check, product, dl: DigitalLink) -> bool:
    """Whether the serial's run is of a batch of ``product`` (and of the link's lot)."""
    batch = check.run.batch
    return batch.product_id == product.id and (not dl.lot or batch.code == dl.lot)


def _links(dl: DigitalLink) -> BaseResponse:
    """The linkset, or the link of a requested type; an unknown lot walks up to the GTIN. A
    genuine serial's links are its batch's, its page (/t/<serial>) the default, as its
    redirect."""
    from ..labels.services import check_serial  # app.labels imports the resolver's paths

    product = product_for_gtin(dl.gtin)
    batch = batch_for_lot(product, dl.lot) if product is not None and dl.lot else None
    trace = None
    check = check_serial(dl.serial) if product is not None and dl.serial else None
    run = check.run if check is not None and check.genuine else None
    if check is not None and run is not None and _issued_here(check, product, dl):
        batch, trace = run.batch, url_for("public.trace", code=check.code)
    if product is None or (batch is None and not is_public(product)):
        return _unknown_gtin(dl)
    if dl.lot and batch is None:
        dl = DigitalLink(gtin=dl.gtin)
    return _resolve(dl, product, batch, trace)


def _resolve(dl: DigitalLink, product, batch, trace: str | None = None) -> BaseResponse:
    anchor = base_url() + _anchor_path(dl)
    links = item_links(product, batch, trace, certificates=True)
    response: BaseResponse
    link_type = next((request.args[a] for a in LINK_TYPE_ARGS if a in request.args), None)
    if link_type in ("linkset", "all") or (link_type is None and _wants_linkset()):
        response = linkset_response(anchor, product, batch, dl.serial, trace)
    else:
        link = find_link(links, link_type or "defaultLink")
        if link is None:
            return problem_response(
                404,
                _("There is no link of the type “%(type)s” for this code.", type=link_type),
                code="unknown_link_type",
            )
        response = redirect(_with_query(link.href), 307)
    response.cache_control.public = True
    response.cache_control.max_age = PUBLIC_MAX_AGE
    response.headers.setdefault("Link", linkset_header(anchor))
    return response


def _anchor_path(dl: DigitalLink) -> str:
    """The Digital Link the answer is about: ignored qualifiers (22, 235) left out."""
    return DigitalLink(gtin=dl.gtin, lot=dl.lot, serial=dl.serial).path


def _wants_linkset() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", LINKSET_TYPE, "application/json"])
    return best in (LINKSET_TYPE, "application/json") and wants_json()


def _with_query(href: str, **more: str) -> str:
    """The target with the request's query string passed on (GS1), minus ``linkType``; then
    ``more`` (which replaces the request's parameters of those names)."""
    dropped = (*LINK_TYPE_ARGS, *more)
    kept = [(k, v) for k, v in request.args.items(multi=True) if k not in dropped]
    kept += list(more.items())
    page, hash_, fragment = href.partition("#")  # the query goes before a #section
    return f"{page}?{urlencode(kept)}{hash_}{fragment}" if kept else href


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
