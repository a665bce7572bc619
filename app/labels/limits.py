"""What may be printed and queued.

Labels of a recalled batch are never printed or downloaded again (the codes already printed
keep opening the batch's page, which shows the recall). Every cooperative shares each web
worker's one label thread, so a cooperative may have ``LABEL_MAX_PENDING_RUNS`` runs waiting
or being written and queue ``LABEL_DAILY_LABELS`` labels in 24 hours; a run waiting or being
written is not queued again. The command line (``flask labels``) is for administrators and is
not bounded. Two requests at the same instant may both pass the quota (a soft limit); the
"not queued twice" rule is one conditional UPDATE and holds under any race.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from ..background.heartbeat import DEAD_AFTER
from ..extensions import db
from ..i18n import LocalNumber
from ..models import Batch, BatchStatus, LabelRun, RunStatus
from .layout import LabelProblem

STALE = timedelta(minutes=30)  # a run waiting this long lost its queue (or its worker)
DAY = timedelta(hours=24)
WAITING = (RunStatus.QUEUED, RunStatus.RUNNING)


@dataclass(frozen=True)
class RunLimits:
    """A cooperative's label quota."""

    pending: int  # runs waiting or being written at once
    daily_labels: int  # labels queued in 24 hours

    @classmethod
    def from_config(cls, config) -> "RunLimits":
        return cls(config["LABEL_MAX_PENDING_RUNS"], config["LABEL_DAILY_LABELS"])


def ensure_printable(batch: Batch) -> None:
    """Raise :class:`LabelProblem` when the labels of ``batch`` may no longer be printed."""
    if batch.status == BatchStatus.RECALLED:
        raise LabelProblem(
            _l(
                "This batch was recalled: its labels can no longer be printed or downloaded. "
                "Codes already printed still open its page, which shows the recall."
            )
        )


def _aware(moment: datetime, now: datetime) -> datetime:
    return moment.replace(tzinfo=now.tzinfo) if moment.tzinfo is None else moment  # (SQLite)


def is_waiting(run: LabelRun, now: datetime) -> bool:
    """Whether ``run`` is waiting or being written by a live worker: not queued or running
    for STALE, and, once running, its worker's heartbeat (app/background/heartbeat.py) not
    older than DEAD_AFTER."""
    if run.status not in WAITING or now - _aware(run.created_at, now) > STALE:
        return False
    beat = run.heartbeat_at
    return run.status != RunStatus.RUNNING or beat is None or now - _aware(beat, now) <= DEAD_AFTER


def check_quota(cooperative_id: int, count: int, limits: RunLimits, now: datetime) -> None:
    """Raise :class:`LabelProblem` (on the count field) when the cooperative may not queue
    ``count`` more labels now."""
    runs = (
        select(LabelRun)
        .join(Batch, Batch.id == LabelRun.batch_id)
        .where(Batch.cooperative_id == cooperative_id)
        .subquery()
    )
    pending, queued = db.session.execute(
        select(
            func.count().filter(runs.c.status.in_(WAITING), runs.c.created_at > now - STALE),
            func.coalesce(func.sum(runs.c.count).filter(runs.c.created_at > now - DAY), 0),
        )
    ).one()
    if pending >= limits.pending:
        raise LabelProblem(
            _l(
                "Your cooperative already has %(count)s label runs waiting or being written: "
                "wait until one is ready, then try again.",
                count=pending,
            ),
            field="count",
        )
    if queued + count > limits.daily_labels:
        raise LabelProblem(
            _l(
                "Your cooperative can queue %(most)s labels in 24 hours and has "
                "%(left)s left: print fewer labels, or try again tomorrow.",
                most=LocalNumber(limits.daily_labels),
                left=LocalNumber(max(limits.daily_labels - queued, 0)),
            ),
            field="count",
        )


ALREADY = _l("This run is already waiting or being written: its page shows when it is ready.")


def requeue_run(run: LabelRun, limits: RunLimits, now: datetime) -> None:
    """Queue ``run`` to be written again (after a failure, a lost worker, a lost file), or
    raise :class:`LabelProblem`: recalled batch, already waiting, or over the quota."""
    if is_waiting(run, now):
        raise LabelProblem(ALREADY)
    ensure_printable(run.batch)
    check_quota(run.batch.cooperative_id, run.count, limits, now)
    # synchronize_session=False: nothing in the session is touched, as with a plain UPDATE,
    # whose result (a CursorResult) counts the rows it changed.
    result = db.session.connection().execute(
        update(LabelRun)
        .where(
            LabelRun.id == run.id,
            or_(
                LabelRun.status.not_in(WAITING),
                LabelRun.created_at <= now - STALE,
                (LabelRun.status == RunStatus.RUNNING) & (LabelRun.heartbeat_at < now - DEAD_AFTER),
            ),
        )
        .values(status=RunStatus.QUEUED, done=0, created_at=now)
    )
    queued = result.rowcount
    db.session.commit()
    if not queued:  # another request queued it a moment ago
        raise LabelProblem(ALREADY)
