"""Product photos: upload, order, alt text and delete; renditions made once, on upload."""

from flask import Blueprint

bp = Blueprint(
    "product_images", __name__, url_prefix="/products/<int:product_id>/images", cli_group="products"
)

from . import cli, views  # noqa: E402,F401
