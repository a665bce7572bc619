"""Cooperative profiles: list, create, view, edit, archive."""

from flask import Blueprint

bp = Blueprint("cooperatives", __name__)

from . import views  # noqa: E402,F401
