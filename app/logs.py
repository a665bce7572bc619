"""Logs: one JSON object per line in production, plain lines in development and tests.

Every request gets an id: the proxy's ``X-Request-ID`` (nginx ``$request_id``) when it is a
plain token, else a new one; it is sent back in ``X-Request-ID`` and written on every line
logged while the request runs, with its path (and its status on the request's own line).
"""

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
request_log = logging.getLogger("lensan.request")


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, and request_id / path / status / duration when known."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry["request_id"] = g.get("request_id")
            entry["path"] = request.path
        for name in ("request_id", "path", "status", "method", "duration_ms"):
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler):
    """Writes to the ``sys.stderr`` of the moment, not of its creation (tests swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def init_app(app: Flask) -> None:
    """Request ids always; JSON lines on stderr when ``LOG_FORMAT`` is "json"."""
    json_logs = app.config.get("LOG_FORMAT") == "json"
    if json_logs:
        root = logging.getLogger()
        if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
            handler = _StderrHandler()
            handler.setFormatter(JsonFormatter())
            root.addHandler(handler)  # others' handlers (pytest's, say) are left alone
        root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
        app.logger.handlers.clear()  # Flask's default handler would print the line again
        app.logger.propagate = True

    @app.before_request
    def _request_id():
        g.request_id = request_id(request.headers.get("X-Request-ID", ""))
        g.request_started = time.perf_counter()  # the metrics' latency reads it too

    @app.after_request
    def _log_request(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if json_logs:
            started = g.get("request_started")
            log_request(request.method, request.path, response.status_code, started)
        return response


def request_id(given: str) -> str:
    """The proxy's request id when it is a plain token, else a new one."""
    return given if _REQUEST_ID_RE.match(given) else uuid.uuid4().hex


def log_request(
    method: str, path: str, status: int, started: float | None, request_id: str | None = None
) -> None:
    """The request's own line; ``request_id`` for a request answered outside Flask's request
    context (app/public/front.py), whose id and path the formatter cannot look up."""
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    extra: dict[str, object] = {"status": status, "method": method, "duration_ms": duration}
    if request_id is not None:
        extra.update(request_id=request_id, path=path)
    request_log.info("%s %s %s", method, path, status, extra=extra)
