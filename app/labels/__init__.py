"""QR traceability labels: print runs of batch or serialized labels, on A4 decal sheets and
thermal rolls, and the check of a scanned serial.

URLs read ``/labels/...`` (the blueprint's url_prefix); a new run names its batch in
``?batch=<id>``. Pure modules: serials (codes), qr (payload and symbols), templates (stock),
layout (where things go), pdf and images (writers).
"""

from flask import Blueprint

bp = Blueprint("labels", __name__, url_prefix="/labels", cli_group=None)

from . import cli, views  # noqa: E402,F401
