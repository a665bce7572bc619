"""The activity log: who changed what, when, before and after.

The log is written by a session hook (recorder.py) and read on two kinds of page: a
cooperative's history (/cooperatives/<id>/activity, for its officers, its managers and
admins) and the administrators' page with filters and an .xlsx download (/admin/activity).
The blueprint has no prefix of its own, as its pages sit under those two.
"""

from flask import Blueprint

bp = Blueprint("activity", __name__)

from . import views  # noqa: E402,F401
