"""Traceability: plots and facilities, batches (lô) with their lineage, closing and recalls.

URLs read ``/trace/plots/...`` and ``/trace/batches/...`` (the blueprint's url_prefix); a new
plot names its cooperative in ``?cooperative=<id>``, a new batch its product in
``?product=<id>``. The staff batch page is ``trace.batch``.

The buyers' trace page ``/t/<code>`` is public, so it lives with the other public pages:
app/public/trace.py (the view and its caching), app/public/trace_services.py (what the page
shows) and app/public/trace_record.py (the Circular 02/2024 record); scans it records are in
app/scans/.
"""

from flask import Blueprint

bp = Blueprint("trace", __name__, url_prefix="/trace")

from . import cli, views  # noqa: E402,F401
