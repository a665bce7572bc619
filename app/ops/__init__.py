"""Operations: liveness and readiness probes, Prometheus metrics, backup and restore."""

from flask import Blueprint

bp = Blueprint("ops", __name__)

from . import views  # noqa: E402,F401
