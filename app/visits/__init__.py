"""Support visits and trainings: officers log them, list them and count who they reached.

URLs read ``/visits/...`` (the blueprint's url_prefix).
"""

from flask import Blueprint

bp = Blueprint("visits", __name__, url_prefix="/visits")

from . import views  # noqa: E402,F401
