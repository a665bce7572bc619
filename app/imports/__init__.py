"""Bulk import in the browser: upload a sheet, preview every problem, confirm to save."""

from flask import Blueprint

bp = Blueprint("imports", __name__)

from . import views  # noqa: E402,F401
