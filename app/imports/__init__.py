"""Bulk import in the browser: upload a sheet, preview every problem, confirm to save."""

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/import", cli_group="import")

from . import cli, views  # noqa: E402,F401
