"""Writing a run's PDF as a background job (app/jobs.py): on the Redis queue when there is
one, else in a thread of the web worker, or inline (tests, the command line).

The run row carries the progress and the outcome, so whichever worker or host answers the
next request shows them. Writing is idempotent (the codes come from the run's serial range
and key, reserved when it was made; the file is replaced whole), so the job is retried with
backoff after an unexpected error; a problem with the labels themselves (a recall, content
that no longer fits) is recorded on the run and not retried. A worker killed mid-run leaves
the run "running"; once it is stale its page offers to write it again, with the same codes.
"""

from contextlib import suppress

from flask import Flask, current_app
from redis.exceptions import RedisError

from .. import jobs
from ..clock import local_today
from .layout import LabelProblem
from .services import build_run_file, fail_run

RETRIES = 3


def write_run(run_id: int) -> None:
    """The job: write run ``run_id``'s PDF (in an app context)."""
    config = current_app.config
    with suppress(LabelProblem):  # recorded on the run; the same labels would fail again
        build_run_file(run_id, config["PUBLIC_BASE_URL"], local_today(), config["LABEL_PROCESSES"])


def start(app: Flask, run_id: int) -> None:
    """Queue run ``run_id``'s PDF to be written; a queue that does not answer fails the run
    with its reason, and its page offers to write it again."""
    try:
        jobs.enqueue(app, "app.labels.jobs:write_run", run_id, retries=RETRIES)
    except RedisError as exc:
        app.logger.exception("label run %s could not be queued", run_id)
        fail_run(run_id, f"the job queue (Redis) did not answer: {exc}")
