"""The members' offline app: an installable shell at /m/, its service worker (/sw.js), its
manifest, and the JSON endpoint that receives what a phone recorded without a signal."""

from flask import Blueprint

bp = Blueprint("offline", __name__)

from . import views  # noqa: E402,F401
