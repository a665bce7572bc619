"""Cooperative profiles: list, create, view, edit, archive."""

from flask import Blueprint

bp = Blueprint("cooperatives", __name__, url_prefix="/cooperatives")

from . import members, views  # noqa: E402,F401
