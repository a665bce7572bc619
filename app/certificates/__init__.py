"""Certificates of a cooperative: OCOP stars, VietGAP, GlobalGAP, organic, food safety.

URLs read ``/cooperatives/<cooperative_id>/certificates/...`` (prefix set at registration).
"""

from flask import Blueprint

bp = Blueprint("certificates", __name__)

from . import views  # noqa: E402,F401
