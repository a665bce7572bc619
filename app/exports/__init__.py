"""Marketplace export packs: profiles as data, listing readiness, the packs themselves,
listing status and pushes to partner APIs.

URLs read ``/exports/...`` (the blueprint's url_prefix). Pure modules: profiles (the TOML
files under profiles/, checked against profile.schema.json), cells (what a spreadsheet cell
may hold), listing (one variant as a marketplace sees it: title, Decree 85 description,
values by column source) and readiness (what blocks a listing). The rest reads the database.
"""

from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/exports", cli_group=None)

from . import cli, listing_views, push_cli, push_views, template_views, views  # noqa: E402,F401
