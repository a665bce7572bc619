"""Pages anyone may open: the home page, health check, the area lists."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from . import catalogue_views, contact, orders, share, trace, views  # noqa: E402,F401
