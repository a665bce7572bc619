"""Kept public pages answered before Flask: the next views of a page the app has served
from its page cache (app/page_cache.py) to a visitor without a session.

A buyer's scan of a kept page needs none of what Flask does for a request: no session to
open, no sign-in, no rate limit to look up, no view to find. :class:`KeptFront` sits between
the WSGI server and Flask. When Flask answers a kept page to a visitor without a session or
sign-in cookie (:func:`front_may_answer`), the front notes the path and query with the page's
key and the headers Flask's hooks added (security headers, ``Vary``);
the next view of that path and query by such a visitor is looked up in the page cache
directly: the same check of the page's generation counters (a recall still shows at once),
the same scan pushed, the same JSON log line and Prometheus counts, and the page or its 304.
Anything else (a page not kept or no longer current, another day, a POST, a cookie, a
scan that must be written by the request, SCAN_BATCH_SIZE=1) goes to Flask as before; a scan
already pushed by the front is then not pushed again (:data:`SCAN_SENT`).

A GS1 Digital Link to a lot is not kept: Flask answers it with a 307 to the trace page (one
SELECT, no scan; app/resolver/views.py), and the front answers that page, recording the scan:
one scan per scan through the redirect.
"""

import time

from flask import Flask
from werkzeug.http import parse_etags

from ..clock import local_today
from ..logs import log_request, request_id
from ..metrics import count_request
from ..page_cache import Entry, Extra, lookup
from ..scans.queue import encode, list_key, queue_view, queued
from ..scans.services import is_link_preview, scan_row
from .front_notes import Known, Notes

FRONT = "lensan.front"  # environ: what Flask's kept answer lets the front answer next time
SCAN_SENT = "lensan.scan_sent"  # environ: the front pushed this view's scan already
# Headers of the page itself (app/page_cache.py's Entry), and the request's own id.
_OWN = frozenset(
    {"content-type", "content-length", "etag", "cache-control", "content-language", "x-request-id"}
)
_STATUS = {200: "200 OK", 304: "304 Not Modified"}


def _cookies_quiet(environ, app: Flask) -> bool:
    cookies = environ.get("HTTP_COOKIE", "")
    return not cookies or (
        app.config["SESSION_COOKIE_NAME"] + "=" not in cookies and "remember_token=" not in cookies
    )


def front_may_answer(environ, app: Flask) -> bool:
    """Whether the front may answer this request's next views: a GET or HEAD from a visitor
    without a session or sign-in cookie, the scans of which may wait (``SCAN_BATCH_SIZE``)."""
    return (
        environ.get("REQUEST_METHOD") in ("GET", "HEAD")
        and app.config["SCAN_BATCH_SIZE"] > 1
        and _cookies_quiet(environ, app)
    )


def scan_push(app: Flask, code_seen: str, remote_addr: str | None, user_agent: str) -> Extra | None:
    """The push of a view's scan onto the Redis list, or None without one or for a link
    preview (it records no scan)."""
    if is_link_preview(user_agent):
        return None
    redis = queued(app)
    if redis is None:
        return None

    def push(entry: Entry) -> tuple[str, bytes] | None:
        if entry.batch_id is None:
            return None
        row = scan_row(entry.batch_id, code_seen, remote_addr, user_agent, app.config["SECRET_KEY"])
        return list_key(redis), encode(row)

    return push


def _sets_cookie(headers) -> bool:
    return any(name.lower() == "set-cookie" for name, _ in headers)


class KeptFront:
    """The WSGI middleware; ``app.wsgi_app = KeptFront(app, app.wsgi_app)``."""

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.json_logs = app.config.get("LOG_FORMAT") == "json"
        self.notes = Notes(app)

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        if front_may_answer(environ, self.app):
            where = (environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
            known = self.notes.get(where, local_today())
            if known is not None:
                answered = self._answer(known, environ, start_response, started)
                if answered is not None:
                    return answered
            return self.wsgi_app(environ, self._noting(environ, start_response, where))
        return self.wsgi_app(environ, start_response)

    def _noting(self, environ, start_response, where):
        """``start_response`` that notes a kept page Flask answered, 200 or 304 (a 304's
        headers serve 304s only, until a 200 is noted)."""

        def noted(status, headers, exc_info=None):
            known = environ.get(FRONT)
            code = int(status[:3])
            if known is not None and code in _STATUS and not _sets_cookie(headers):
                before = self.notes.here.get(where, self.app.config["TRACE_CACHE_SECONDS"])
                if code == 200 or before is None or before.noted != 200:
                    own = {name.lower() for name, _ in known.entry.headers_for(200)} | _OWN
                    known.hooks = tuple((k, v) for k, v in headers if k.lower() not in own)
                    known.noted = code
                    self.notes.put(where, known)
            return start_response(status, headers, exc_info)

        return noted

    def _answer(self, known: Known, environ, start_response, started: float):
        """The kept page or its 304, or None when it is not current (Flask answers then)."""
        push = None
        if known.code_seen is not None:
            push = scan_push(
                self.app,
                known.code_seen,
                environ.get("REMOTE_ADDR"),
                environ.get("HTTP_USER_AGENT", ""),
            )
        entry, pushed, _ = lookup(self.app, known.key, push)
        if pushed:
            environ[SCAN_SENT] = True
        if entry is None:
            return None
        status = 304 if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains(entry.etag) else 200
        if status == 200 and known.noted != 200:
            return None  # Flask answers, and its headers are noted (the scan is sent)
        if known.code_seen is not None and not pushed and entry.batch_id is not None:
            # Without Redis (or when it does not answer): the worker's writer.
            queue_view(
                self.app,
                entry.batch_id,
                known.code_seen,
                environ.get("REMOTE_ADDR"),
                environ.get("HTTP_USER_AGENT", ""),
            )
        rid = request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        headers = [*entry.headers_for(status), *known.hooks, ("X-Request-ID", rid)]
        start_response(_STATUS[status], headers)
        method = environ["REQUEST_METHOD"]
        if self.json_logs:
            path = environ.get("PATH_INFO", "")
            log_request(method, path, status, started, rid)
        count_request(known.endpoint, method, status, started)
        return [entry.body] if status == 200 and method == "GET" else []
