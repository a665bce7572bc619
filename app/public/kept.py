"""The public pages' way through the page cache (app/page_cache.py): the trace page (``/t/``
and ``/T/``, where a GS1 Digital Link to a batch redirects), the cooperative page
(``/c/<slug>``) and its products' pages (``/c/<slug>/p/<product>``) ask for a kept page before
anything else, and keep what they render.

A kept trace page is answered, 200 or 304, with its scan pushed on the Redis list
(app/scans/queue.py) without waiting once the worker's mirror knows the page's counters, else
in the same round trip as the generation check; a first view's scan goes with keeping the
page; without Redis it is handed to the worker's scan writer: no SQL at all. A serialized
label's code is not kept: its verification counts the code's scans in the database on every
view.
"""

from flask import Response, current_app, request

from ..clock import local_today
from ..generations import ALL, cooperative_key
from ..page_cache import Entry, Extra, lookup, remember, request_key, sequence
from .front import FRONT, SCAN_SENT, front_may_answer, scan_push
from .front_notes import Known
from .trace_services import PAGE_VERSION_KEY

COOPERATIVE_PAGE_VERSION = "cooperative_page_version"  # app.extensions
PRODUCT_PAGE_VERSION = "product_page_version"  # app.extensions
TRACE_PAGE_VERSION = PAGE_VERSION_KEY


class Kept:
    """What a view learnt from the cache: the answer if the page was kept, else the key to
    keep it under, and whether the view's scan is recorded already."""

    def __init__(
        self, key: str | None, language: str | None, seen: int | None, push: Extra | None = None
    ):
        self.key = key
        self.language = language
        self.seen = seen  # the sequence number before rendering; None: do not keep
        self.response: Response | None = None
        self.scan_recorded = False
        self.push = push  # the view's scan, for Redis, with the page's check or keeping
        self.note: Known | None = None  # for the front, once the page is kept

    def keep(self, etag: str, html: str, deps: tuple[str, ...], **more) -> None:
        """Keep the page just rendered, if nothing changed while it was; the view's scan goes
        in the same round trip."""
        if self.key is not None and self.seen is not None and self.language is not None:
            entry = Entry.of(etag, html, self.language, deps=deps, **more)
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            push = None if self.scan_recorded else self.push
            self.scan_recorded |= remember(app, self.key, entry, self.seen, push)
            if self.note is not None:  # its next views, before Flask
                self.note.entry = entry
                request.environ[FRONT] = self.note


def _answer(entry: Entry) -> Response:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    status = 304 if request.if_none_match.contains(entry.etag) else 200
    return entry.response(app, status)


def kept_page(version_key: str, opened: str = "", code_seen: str | None = None) -> Kept:
    """Ask the cache for this request's page; ``code_seen`` for a trace page (its scan)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    today = local_today()
    found = request_key(app, app.extensions[version_key], today, opened)
    if found is None:
        return Kept(None, None, sequence(app))
    key, language = found
    push = None
    if code_seen is not None and not request.environ.get(SCAN_SENT):
        push = scan_push(app, code_seen, request.remote_addr, request.user_agent.string)
    entry, pushed, seen = lookup(app, key, push)
    kept = Kept(key, language, seen, push)
    kept.scan_recorded = pushed or bool(request.environ.get(SCAN_SENT))
    if front_may_answer(request.environ, app):  # its next views, before Flask
        kept.note = Known(key, today, request.endpoint or "none", code_seen, entry)
    if entry is not None:
        kept.response = _answer(entry)
        if kept.note is not None:
            request.environ[FRONT] = kept.note
        if code_seen is not None and not kept.scan_recorded and entry.batch_id is not None:
            from .trace_responses import record_scan_of  # it builds pages with this module

            record_scan_of(entry.batch_id, code_seen)
        return kept
    if kept.seen is None:  # a kept page that was old: ask for the sequence number now
        kept.seen = sequence(app)
    return kept


def trace_deps(cooperative_id: int, related) -> tuple[str, ...]:
    """The counters a trace page depends on: its cooperative's, those of the batches in its
    lineage (they may be other cooperatives'), and ``all``."""
    linked = {b.cooperative_id for b in (*related[0], *related[1])} - {cooperative_id}
    return (ALL, cooperative_key(cooperative_id), *sorted(cooperative_key(c) for c in linked))


def cooperative_deps(cooperative_id: int) -> tuple[str, ...]:
    return (ALL, cooperative_key(cooperative_id))
