"""Sign-in, sign-out and the language switch."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from . import invite_views, views, welcome_views  # noqa: E402,F401
