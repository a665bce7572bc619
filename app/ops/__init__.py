"""Operations: liveness and readiness probes, Prometheus metrics, backup and restore."""

from flask import Blueprint

bp = Blueprint("ops", __name__, cli_group=None)  # flask backup, flask restore

from . import cli, views  # noqa: E402,F401
