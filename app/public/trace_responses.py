"""The trace page as a response, for every route that resolves a printed code to a batch (the
``/t/<code>`` routes beside this module; the GS1 Digital Link resolver redirects to them, and
answers a serial that is not genuine for its GTIN with :func:`render_serial` in place): 200 or
304 by its ETag, the scan recorded; a serial's page with its verification, or "not genuine".

Caching: ``Cache-Control: public, no-cache`` with a strong ETag. A phone or proxy may keep the
page but must ask again before showing it; the question costs one small 304. We chose this
over ``max-age=300`` because a recall must turn the page red at once, not within five
minutes: the ETag changes when the batch is recalled or edited and when an event is added.

A page rendered for everyone is kept (app/public/kept.py, app/page_cache.py) until a change of
its cooperative retires it; the routes ask for it before anything else.

Every view of the page (200 or 304) by a person records a scan (a link preview or crawler
records none: app/scans/services.py ``is_link_preview``): its row goes on the Redis list with
``REDIS_URL`` (app/scans/queue.py), else joins the worker's waiting scans, written together
(app/scans/services.py); a failure to record is logged, never shown to the buyer.
A forged serial's scan is written at once and only within the daily limits of
app/labels/verification.py (``record_forged``); its page is the same either way.
"""

from flask import Response, current_app, render_template, request

from ..clock import local_today
from ..extensions import db
from ..i18n import current_language
from ..labels.services import SerialCheck
from ..labels.verification import Verification, record_forged, verify
from ..models import Batch
from ..scans.queue import queue_view
from ..scans.services import is_link_preview, network_hash, record_scan, scan_row
from .kept import TRACE_PAGE_VERSION, Kept, kept_page, trace_deps
from .trace_lookup import BatchView, Found, found_batch
from .trace_services import (
    page_etag,
    page_lineage,
    showcase_html,
    trace_page,
)
from .trace_showcase import showcase


def _record_scan(
    batch: Batch | BatchView | int, code_seen: str, serial_check: str | None = None
) -> None:
    """Count the view: at once when ``SCAN_BATCH_SIZE`` is 1, else on the Redis list, or
    through the worker's :class:`~app.scans.services.ScanWriter` without Redis (or when it
    does not answer)."""
    # The app itself, not the proxy, for the writer's thread (the proxy's type hides this).
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    batch_id = batch if isinstance(batch, int) else batch.id
    user_agent = request.user_agent.string
    if app.config["SCAN_BATCH_SIZE"] > 1:
        queue_view(app, batch_id, code_seen, request.remote_addr, user_agent, serial_check)
        return
    if is_link_preview(user_agent):
        return  # a shared link's preview: nobody opened the page
    try:
        secret = app.config["SECRET_KEY"]
        row = scan_row(
            batch_id, code_seen, request.remote_addr, user_agent, secret, serial_check=serial_check
        )
        record_scan(row)
    except Exception:  # a lost scan must never cost the buyer the page
        db.session.rollback()
        app.logger.exception("scan of %s not recorded", code_seen)


def record_scan_of(batch_id: int, code_seen: str) -> None:
    """The scan of a kept page's view, when it could not go with the page's check."""
    _record_scan(batch_id, code_seen)


def kept_trace(code_seen: str, opened: str = "") -> Kept:
    """The trace page opened by ``code_seen`` as kept (``.response``), or what rendering it
    needs to keep it. ``opened``: more than the path says about what was opened."""
    return kept_page(TRACE_PAGE_VERSION, opened, code_seen)


def render_trace(
    batch: Batch | Found,
    code_seen: str,
    verification: Verification | None = None,
    kept: Kept | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> Response:
    """The trace page of ``batch`` as opened through ``code_seen`` (the public code or a
    serial): 200, or 304 when the client's copy is current; records the
    scan. ``verification`` is a genuine serial's check, shown at the top of the page (such a
    page is never kept). ``kept``: what :func:`kept_trace` answered, when the route asked;
    ``headers``: more headers for the page, kept with it. Usable by any route that resolves a
    printed code to a batch."""
    kept = kept or Kept(None, None, None)
    if verification is not None:
        kept.key = None
    if kept.seen is not None:
        db.session.expire_all()  # nothing read before the sequence number may be shown
    found = batch if isinstance(batch, Found) else found_batch(batch)
    today = local_today()
    language = current_language()
    shown = showcase(found, today, kept.seen)
    related = page_lineage(found)
    etag = page_etag(found, shown, related, language, today, code_seen, verification)
    if request.if_none_match.contains(etag):
        response = current_app.response_class(status=304)
    else:
        page = trace_page(found, code_seen, today, shown, related)
        html = render_template(
            "public/trace.html",
            page=page,
            batch=page.batch,
            product=page.product,
            cooperative=page.cooperative,
            page_url=current_app.config["PUBLIC_BASE_URL"] + request.path,
            here=request.path,
            showcase_html=showcase_html(page),
            verification=verification,
        )
        deps = trace_deps(found.batch.cooperative_id, related)
        kept.keep(etag, html, deps, headers=headers, batch_id=found.batch.id)
        response = current_app.make_response(html)
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.no_cache = True
    response.headers["Content-Language"] = language
    for name, value in headers:
        response.headers[name] = value
    if not kept.scan_recorded:
        _record_scan(found.batch, code_seen, "genuine" if verification else None)
    return response


def _record_forged(batch_id: int, code: str) -> None:
    """Keep a forged code's scan within the daily limits, so the cooperative sees where its
    labels are imitated and guesses cannot fill its list."""
    config = current_app.config
    try:
        row = scan_row(
            batch_id,
            code,
            request.remote_addr,
            request.user_agent.string,
            config["SECRET_KEY"],
            serial_check="forged",
        )
        record_forged(row, config["LABEL_FORGED_PER_VISITOR"], config["LABEL_FORGED_PER_BATCH"])
    except Exception:  # a lost scan must never cost the buyer the page
        db.session.rollback()
        current_app.logger.exception("scan of %s not recorded", code)


def render_serial(check: SerialCheck, code_seen: str) -> Response:
    """The page of a serialized label's code: the batch's trace page with the code's
    verification when it is genuine; a 404 saying "not genuine" when it is not."""
    config = current_app.config
    if check.genuine and check.run is not None and check.number is not None:
        batch = check.run.batch
        today = local_today()
        verification = verify(
            check.code,
            check.number,
            batch,
            today,
            config["LABEL_ALERT_SCANS"],
            config["LABEL_LATE_DAYS"],
            network_hash(config["SECRET_KEY"], today, request.remote_addr),
        )
        return render_trace(batch, check.code, verification)
    if check.run is not None:
        _record_forged(check.run.batch_id, check.code)
    response = current_app.make_response(
        (
            render_template(
                "public/not_genuine.html",
                code=check.code,
                cooperative=check.run.batch.cooperative if check.run else None,
            ),
            404,
        )
    )
    response.cache_control.no_store = True
    return response
