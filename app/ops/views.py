"""``/healthz`` (the process answers), ``/readyz`` (its services answer), ``/metrics``."""

import hmac
import ipaddress

from flask import abort, current_app, jsonify, request

from .. import metrics
from ..access import public
from . import bp
from .checks import readiness


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/healthz")
@public
def healthz():
    """Liveness: the process answers. It asks nothing else, so a database outage does not
    make a supervisor restart healthy workers (that is /readyz's question)."""
    return _no_store(jsonify(status="ok"))


@bp.route("/readyz")
@public
def readyz():
    """Readiness: the database, Redis (when configured) and media storage answer; 503 names
    the ones that did not."""
    checks = readiness()
    failed = sorted(name for name, result in checks.items() if result == "failed")
    body = {"status": "failing" if failed else "ok", "checks": checks}
    if failed:
        body["failed"] = failed
    response = jsonify(body)
    response.status_code = 503 if failed else 200
    return _no_store(response)


def _may_read_metrics() -> bool:
    """Loopback callers, or a caller with ``Authorization: Bearer <METRICS_TOKEN>``."""
    token = current_app.config.get("METRICS_TOKEN")
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


@bp.route("/metrics")
@public
def metrics_view():
    """Prometheus exposition, for loopback or the configured token only (404 to others)."""
    if not _may_read_metrics():
        abort(404)
    data, content_type = metrics.exposition()
    response = current_app.response_class(data, content_type=content_type)
    return _no_store(response)
