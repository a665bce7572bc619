"""Job records: start a piece of heavy work, run it, report its progress, finish or fail it.

A kind of work is a function ``fn(task, **arguments)`` named ``"app.module:function"``: it
reads its plain arguments (ids, strings), calls ``task.progress(done, total, step)`` as it
goes, and returns a :class:`Result` (a stored file's key and/or a page to go to), or raises.
:func:`start` saves the job's row (app/models/job.py) and hands its id to the queue
(app/jobs.py); :func:`perform` is what the queue runs. Raising :class:`JobFailure` records a
problem with the work itself (its reason shown as it is, never retried: the same arguments
would fail again); any other exception is unexpected and, for kinds started with
``retries``, tried again by the queue after ``BACKOFF`` while the row says which attempt
failed and why. "Run again" (:func:`run_again`) queues the same function with the same
arguments: a kind must give the same result for them (same codes, same pack).

While a job runs, a thread of its worker refreshes ``heartbeat_at`` every ``HEARTBEAT``
seconds (app/background/heartbeat.py); a running job whose heartbeat is older than
``DEAD_AFTER`` lost its worker (killed, host gone) and its page offers to run it again.
"""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from redis.exceptions import RedisError
from sqlalchemy import or_, update

from .. import jobs
from ..extensions import db
from ..models import Job, JobStatus
from ..models.base import utcnow
from . import messages
from .heartbeat import DEAD_AFTER, HEARTBEAT, beating

PROGRESS_SECONDS = 1.0  # at most one progress write a second
QUEUED_STALE = timedelta(minutes=30)  # queued this long: its queue lost it (a restarted web)
STEP_MAX = 200
ITEM_MAX = 200

__all__ = ["DEAD_AFTER", "HEARTBEAT", "JobFailure", "Result", "Task", "start", "run_again"]


class JobFailure(Exception):
    """A problem with the work itself (a recalled batch, a partner that refuses): recorded
    with this reason, which people read, and not retried; with ``retry=True`` (a partner that
    did not answer), tried again by the queue like an unexpected error."""

    def __init__(self, reason: Any, retry: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


@dataclass(frozen=True)
class Result:
    """What a finished job gives: a stored file (app/storage.py key, offered for download as
    ``name``) and/or a page to go to."""

    key: str | None = None
    name: str | None = None
    url: str | None = None


class Task:
    """What a job's function is handed: its row, and a cheap way to say how far it is."""

    def __init__(self, job: Job):
        self.job = job
        self._last = 0.0

    @property
    def arguments(self) -> dict[str, Any]:
        return dict(self.job.arguments)

    def report(self, item: Any, outcome: str, message: Any = "") -> None:
        """Add a line to what the job did item by item (saved with the next progress write
        and when it ends). ``item`` and ``message`` are lazy messages or text, stored in no
        language (app/background/messages.py) and read in the reader's."""
        item = item[:ITEM_MAX] if isinstance(item, str) else messages.neutral(item)
        line = {"item": item, "outcome": str(outcome), "message": messages.neutral(message)}
        self.job.report = [*self.job.report, line]

    def progress(
        self, done: int, total: int | None = None, step: Any = None, force: bool = False
    ) -> None:
        """Record ``done`` of ``total`` and the step; written (with a heartbeat) at most once
        a second unless ``force``, so a job may call it for every item."""
        job = self.job
        job.done = done
        if total is not None:
            job.total = total
        if step is not None:
            job.step = _step(step)
        if force or time.monotonic() - self._last >= PROGRESS_SECONDS:
            job.heartbeat_at = utcnow()
            db.session.commit()
            self._last = time.monotonic()


def _step(step: Any) -> str:
    """A step for the ``step`` column: a lazy message in no language when it fits (read in
    the reader's, app/background/messages.py), else as text."""
    if isinstance(step, str):
        return step[:STEP_MAX]
    stored = messages.dump(step)
    return stored if len(stored) <= STEP_MAX else str(step)[:STEP_MAX]


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:  # SQLite gives back naive UTC
        from datetime import UTC

        return moment.replace(tzinfo=UTC)
    return moment


def is_interrupted(job: Job, now: datetime | None = None) -> bool:
    """Whether ``job`` waits or runs in name only: running with no heartbeat for
    ``DEAD_AFTER`` (its worker died), or queued for ``QUEUED_STALE`` (its queue lost it)."""
    now = now or utcnow()
    last = _aware(job.heartbeat_at or job.started_at or job.created_at)
    if last is None:
        return False
    if job.status == JobStatus.RUNNING:
        return now - last > DEAD_AFTER
    if job.status == JobStatus.QUEUED:
        return now - last > QUEUED_STALE
    return False


def start(
    app: Flask,
    kind: str,
    function: str,
    arguments: dict[str, Any],
    *,
    user_id: int | None,
    cooperative_id: int | None,
    retries: int = 0,
    total: int = 0,
) -> Job:
    """Save a job of ``kind`` that runs ``function(task, **arguments)`` and queue it.
    ``arguments`` must be plain JSON (they are stored, and given again on "run again").
    With ``JOBS=inline`` the job has run when this returns."""
    jobs.resolve(function)  # a wrong name fails here, in the request
    job = Job(
        kind=kind,
        function=function,
        arguments=arguments,
        user_id=user_id,
        cooperative_id=cooperative_id,
        retries=retries,
        total=total,
        heartbeat_at=utcnow(),
    )
    db.session.add(job)
    db.session.commit()
    _queue(app, job)
    return job


def _queue(app: Flask, job: Job) -> None:
    """Hand ``job`` to the queue; a queue that does not answer fails it with the reason."""
    job_id = job.id
    try:
        jobs.enqueue(app, "app.background.records:perform", job_id, retries=job.retries)
    except RedisError as exc:
        app.logger.exception("job %s could not be queued", job_id)
        _record_failure(job_id, _l("The job queue (Redis) did not answer: %(error)s", error=exc))
    db.session.expire_all()  # (inline: the row changed under this session)


def run_again(app: Flask, job: Job) -> bool:
    """Queue ``job`` again with the same arguments, unless it is waiting or running with a
    live worker; False when it was (another request may have queued it a moment ago). One
    conditional UPDATE, so two clicks queue it once."""
    now = utcnow()
    result = db.session.connection().execute(
        update(Job)
        .where(
            Job.id == job.id,
            or_(
                Job.status.in_((JobStatus.DONE, JobStatus.FAILED)),
                _stale_clause(now),
            ),
        )
        .values(
            status=JobStatus.QUEUED,
            done=0,
            step="",
            error="",
            heartbeat_at=now,
            finished_at=None,
        )
    )
    queued = result.rowcount
    db.session.commit()
    if queued:
        db.session.refresh(job)
        _queue(app, job)
    return bool(queued)


def _stale_clause(now: datetime):
    return or_(
        (Job.status == JobStatus.RUNNING) & (Job.heartbeat_at < now - DEAD_AFTER),
        (Job.status == JobStatus.QUEUED) & (Job.heartbeat_at < now - QUEUED_STALE),
    )


def perform(job_id: int) -> None:
    """What the queue runs (in an app context): the job's function, with its row kept up to
    date. Raises for the queue to retry an unexpected error while retries are left."""
    job = db.session.get(Job, job_id)
    if job is None:
        return  # deleted with its cooperative meanwhile
    job.status, job.error, job.done, job.step = JobStatus.RUNNING, "", 0, ""
    job.report = []  # what this attempt does
    job.attempts += 1
    job.started_at = job.heartbeat_at = utcnow()
    job.finished_at = None
    db.session.commit()
    function = jobs.resolve(job.function)
    try:
        with beating(Job, job_id):
            result = function(Task(job), **job.arguments)
    except JobFailure as failure:
        retrying = failure.retry and _retries_left() > 0
        _record_failure(job_id, failure.reason, retrying, _kept_report(job))
        if retrying:
            raise
        return
    except Exception as exc:
        _record_failure(job_id, _unexpected(exc), _retries_left() > 0, _kept_report(job))
        raise
    _finish(job_id, result if isinstance(result, Result) else Result())


def _unexpected(exc: Exception):
    return _l("Unexpected error (%(kind)s): %(error)s", kind=type(exc).__name__, error=exc)


def _retries_left() -> int:
    """How many more times the queue will try the job being run (RQ; 0 in process)."""
    from rq import get_current_job

    current = get_current_job()
    return (current.retries_left or 0) if current is not None else 0


def _finish(job_id: int, result: Result) -> None:
    job = db.session.get_one(Job, job_id)
    job.status, job.error, job.step = JobStatus.DONE, "", ""
    if job.total:
        job.done = job.total
    job.result_key, job.result_name, job.result_url = result.key, result.name, result.url
    job.finished_at = job.heartbeat_at = utcnow()
    db.session.commit()


def _kept_report(job: Job) -> list | None:
    """The lines the failed attempt reported, read before its transaction is rolled back."""
    try:
        return list(job.report)
    except Exception:  # the session itself failed: keep what was committed
        return None


def _record_failure(
    job_id: int, reason: Any, retrying: bool = False, report: list | None = None
) -> None:
    """Save why ``job_id`` failed, in no language (its msgid and parameters: the reason is
    written once, by a worker with no reader, and read in the reader's language), with what
    it reported; queued again when the queue will retry it."""
    db.session.rollback()
    text = messages.dump(reason)
    job = db.session.get_one(Job, job_id)
    if report is not None:
        job.report = report
    job.status = JobStatus.QUEUED if retrying else JobStatus.FAILED
    job.error = text
    job.finished_at = None if retrying else utcnow()
    job.heartbeat_at = utcnow()
    db.session.commit()
