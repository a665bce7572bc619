"""Scans of printed codes: recording them (services), the staff pages (views) and their chart."""

from flask import Blueprint

bp = Blueprint("scans", __name__, url_prefix="/scans")

from . import views  # noqa: E402,F401
