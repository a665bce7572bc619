"""Background jobs' records and pages: every kind of heavy work (reprints, export packs,
partner pushes, imports' photos…) runs as a job with a row (app/models/job.py), started and
reported through :mod:`app.background.records`, shown at ``/jobs/<id>`` with its progress,
its failure and "run again". The queue that carries it is :mod:`app.jobs`.
"""

from flask import Blueprint

bp = Blueprint("background", __name__, url_prefix="/jobs", cli_group=None)

from . import views  # noqa: E402,F401
