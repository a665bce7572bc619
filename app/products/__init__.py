"""Products and their variants: the staff list, add, view, edit, archive.

URLs read ``/products/...`` (the blueprint's url_prefix); a new product names its cooperative
in ``?cooperative=<id>``.
"""

from flask import Blueprint

bp = Blueprint("products", __name__, url_prefix="/products")

from . import views  # noqa: E402,F401
