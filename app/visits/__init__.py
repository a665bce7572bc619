"""Support visits and trainings: officers log them, list them and count who they reached.

URLs read ``/visits/...`` (prefix set at registration).
"""

from flask import Blueprint

bp = Blueprint("visits", __name__)

from . import views  # noqa: E402,F401
