"""Cooperative profiles: list, create, view, edit, archive."""

from flask import Blueprint

bp = Blueprint("cooperatives", __name__, url_prefix="/cooperatives")

from . import views  # noqa: E402,F401
