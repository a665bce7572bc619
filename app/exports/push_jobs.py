"""A push to a partner's API as a background job (app/background): each listing may wait up
to ``attempts`` × the profile's timeout for the partner, far longer than a web request may
take, so the request only queues the push and sends the person to the job's page, which
shows each listing's outcome as it comes. A push is idempotent (each listing version goes
under its own ``Idempotency-Key``, and one the partner accepted is not sent again), so a
push with listings that failed (5xx, no answer) is retried by the queue with backoff.
"""

from datetime import date

from flask import Flask
from flask_babel import lazy_gettext as _l

from ..background.records import JobFailure, Result, Task, start
from ..models import Job, PushOutcome
from ..services import ServiceError
from . import profiles
from .push import PushLine, push_listings

KIND = "exports.push"
RETRIES = 2


def start_push(
    app: Flask,
    profile,
    cooperative_ids: list[int],
    product_ids: list[int] | None,
    today: date,
    back_url: str,
    user_id: int,
) -> Job:
    """Queue the push of the cooperatives' ready listings (``product_ids`` narrows them)."""
    return start(
        app,
        KIND,
        "app.exports.push_jobs:push",
        {
            "marketplace": profile.id,
            "cooperative_ids": cooperative_ids,
            "product_ids": product_ids,
            "today": today.isoformat(),
            "back_url": back_url,
        },
        user_id=user_id,
        cooperative_id=cooperative_ids[0] if len(cooperative_ids) == 1 else None,
        retries=RETRIES,
    )


def _message(line: PushLine) -> list:
    """The partner's answer (its status, its words or ours), read in the reader's language."""
    return [part for part in (f"HTTP {line.status}." if line.status else "", line.message) if part]


def push(
    task: Task,
    marketplace: str,
    cooperative_ids: list[int],
    product_ids: list[int] | None,
    today: str,
    back_url: str,
) -> Result:
    """The job: send the listings, reporting each one's outcome on the job's row."""
    profile = profiles.get(marketplace)
    if profile is None:  # a profile removed since the push was queued
        raise JobFailure(_l("Unknown marketplace: %(name)s.", name=marketplace))

    def progress(done: int, total: int, line: PushLine) -> None:
        task.report(line.sku, line.outcome, _message(line))
        task.progress(done, total, line.sku)

    try:
        report = push_listings(
            profile,
            cooperative_ids,
            date.fromisoformat(today),
            product_ids or None,
            progress=progress,
        )
    except ServiceError as exc:
        raise JobFailure(exc.message) from None
    if not report.lines:
        raise JobFailure(_l("No listing is ready to send to %(name)s.", name=profile.name))
    failed = report.counts[PushOutcome.FAILED]
    if failed:
        raise JobFailure(
            _l(
                "%(failed)d of %(count)d listings could not be sent (the partner failed or did "
                "not answer); the others are recorded.",
                failed=failed,
                count=len(report.lines),
            ),
            retry=True,
        )
    return Result(url=back_url)
