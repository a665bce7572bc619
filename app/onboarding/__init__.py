"""The marketplace onboarding checklist: per cooperative and marketplace, the steps from papers
to a first order, with dates, evidence and the officer who confirmed each.

URLs read ``/cooperatives/<cooperative_id>/onboarding/...`` (the blueprint's url_prefix).
"""

from flask import Blueprint

bp = Blueprint("onboarding", __name__, url_prefix="/cooperatives/<int:cooperative_id>/onboarding")

from . import views  # noqa: E402,F401
