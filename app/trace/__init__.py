"""Traceability: plots and facilities, batches (lô) with their lineage, closing and recalls.

URLs read ``/trace/plots/...`` and ``/trace/batches/...`` (prefix set at registration); a new
plot names its cooperative in ``?cooperative=<id>``, a new batch its product in
``?product=<id>``. The staff batch page is ``trace.batch``.
"""

from flask import Blueprint

bp = Blueprint("trace", __name__)

from . import views  # noqa: E402,F401
