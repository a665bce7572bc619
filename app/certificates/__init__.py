"""Certificates of a cooperative: OCOP stars, VietGAP, GlobalGAP, organic, food safety.

URLs read ``/cooperatives/<cooperative_id>/certificates/...`` (the blueprint's url_prefix).
"""

from flask import Blueprint

bp = Blueprint(
    "certificates", __name__, url_prefix="/cooperatives/<int:cooperative_id>/certificates"
)

from . import views  # noqa: E402,F401
