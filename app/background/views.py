"""A job's page: what it is about (with the way back to it), progress while it runs (the
page reloads itself, no JavaScript), the failure with its reason, "run again", and the result
once done; and the list of the jobs a person may see."""

import mimetypes

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import storage
from ..access import STAFF, job_or_403, roles_required
from ..models import Job, JobStatus
from ..paging import page_number, paginate
from . import bp, messages
from .kinds import kind_name, outcome_name
from .listing import STATUSES, visible_jobs
from .records import is_interrupted, run_again
from .subjects import subject

PAGE_SIZE = 25


@bp.route("/")
@roles_required(*STAFF)
def index():
    """The jobs the signed-in person may see, newest first, by status."""
    status = request.args.get("status")
    status = status if status in STATUSES else None
    page = paginate(visible_jobs(current_user, status), page_number(), PAGE_SIZE)
    return render_template(
        "background/index.html",
        page=page,
        rows=[_row(job) for job in page.items],
        status=status,
        statuses=STATUSES,
    )


def _row(job: Job) -> dict:
    interrupted = is_interrupted(job)
    return {
        "job": job,
        "kind": kind_name(job.kind),
        "subject": subject(job),
        "interrupted": interrupted,
        "status": "interrupted" if interrupted else str(job.status),
    }


@bp.route("/<int:job_id>")
@roles_required(*STAFF)
def job(job_id: int):
    job = job_or_403(job_id)
    interrupted = is_interrupted(job)
    return render_template(
        "background/job.html",
        job=job,
        name=kind_name(job.kind),
        about=subject(job),
        error=messages.load(job.error),
        step=messages.load(job.step),
        report=[_line(line) for line in job.report],
        interrupted=interrupted,
        live=job.waiting and not interrupted,
        retrying=job.status == JobStatus.QUEUED and bool(job.error),
        has_file=job.result_key is not None and storage.exists(job.result_key),
    )


def _line(line: dict) -> dict:
    """A report line read in the reader's language."""
    outcome = str(line.get("outcome", ""))
    return {
        "item": messages.read(line.get("item")),
        "outcome": outcome,
        "outcome_name": outcome_name(outcome),
        "message": messages.read(line.get("message")),
    }


@bp.route("/<int:job_id>/again", methods=["POST"])
@roles_required(*STAFF)
def again(job_id: int):
    """Run the job again with the same arguments (after a failure, a lost worker, a lost
    file): the same result."""
    job = job_or_403(job_id)
    if not run_again(current_app._get_current_object(), job):  # type: ignore[attr-defined]
        flash(_("This job is already waiting or running: its page shows when it is done."))
    return redirect(url_for("background.job", job_id=job.id))


@bp.route("/<int:job_id>/result")
@roles_required(*STAFF)
def result(job_id: int):
    """The file the job made."""
    job = job_or_403(job_id)
    if job.status != JobStatus.DONE or job.result_key is None:
        abort(404)
    if not storage.exists(job.result_key):
        flash(_("The file is no longer stored: run the job again."), "error")
        return redirect(url_for("background.job", job_id=job.id))
    name = job.result_name or job.result_key.rsplit("/", 1)[-1]
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return storage.send(job.result_key, mimetype, as_attachment=True, download_name=name, max_age=0)
