"""Products and their variants: the staff list, add, view, edit, archive.

URLs read ``/products/...`` (prefix set at registration); a new product names its cooperative
in ``?cooperative=<id>``.
"""

from flask import Blueprint

bp = Blueprint("products", __name__)

from . import views  # noqa: E402,F401
