"""Product photos: upload, order, alt text and delete; renditions made once, on upload."""

from flask import Blueprint

bp = Blueprint("product_images", __name__)

from . import views  # noqa: E402,F401
