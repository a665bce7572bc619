"""Demo jobs for ``flask seed-demo``, so that the job list and pages have something to show:
the officer's Voso.vn pack with photos for HTX Lâm Bình (done, its ZIP in the media store),
a reprint of the peanut oil's labels (done, its PDF), and a push to the province's platform
that failed on one listing (its reason, each listing's outcome, "Chạy lại").

Cheap to seed: the pack is written once by its real job function, which also brings the
demo's Voso export (app/exports/demo.py) up to date rather than adding one; the reprint is
the whole run, whose PDF the label demo already wrote (same run, same range: the same
codes), so it is copied, not drawn again; the push is a record of what the partner said.
Idempotent: a demo job already there is not added again.
"""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import storage
from ..clock import local_today
from ..extensions import db
from ..models import (
    Cooperative,
    Export,
    Job,
    JobStatus,
    LabelKind,
    LabelRun,
    Product,
    ProductVariant,
    User,
    export_items,
)
from ..models.base import utcnow
from . import messages
from .records import perform

OFFICER_EMAIL = "lan.khuyennong@tuyenquang.example.vn"
MEMBER_EMAIL = "hoa@htxlambinh.example.vn"
COOPERATIVE = "htx-lam-binh"
OIL_BATCH = "TQDPN2608A"


def seed_jobs() -> list[str]:
    """Add the demo jobs that are missing; lines to print."""
    coop = db.session.scalar(select(Cooperative).where(Cooperative.slug == COOPERATIVE))
    officer = db.session.scalar(select(User).where(User.email == OFFICER_EMAIL))
    member = db.session.scalar(select(User).where(User.email == MEMBER_EMAIL))
    if coop is None or officer is None or member is None:
        return []
    lines = []
    for kind, seed in (
        ("exports.pack", _pack),
        ("labels.reprint", _reprint),
        ("exports.push", _push),
    ):
        exists = select(Job.id).where(Job.kind == kind, Job.cooperative_id == coop.id).limit(1)
        if db.session.scalar(exists) is None:
            lines += seed(coop, officer, member)
    return lines


def _job(kind: str, function: str, arguments: dict, coop, user, hours_ago: float, **values) -> Job:
    """A job's row as its page shows it, asked ``hours_ago``."""
    asked = utcnow() - timedelta(hours=hours_ago)
    job = Job(
        kind=kind,
        function=function,
        arguments=arguments,
        user_id=user.id,
        cooperative_id=coop.id,
        created_at=asked,
        started_at=asked + timedelta(seconds=2),
        heartbeat_at=asked + timedelta(seconds=40),
        **values,
    )
    db.session.add(job)
    db.session.commit()
    return job


def _pack(coop: Cooperative, officer: User, member: User) -> list[str]:
    """The Voso.vn pack with photos, written by the pack job itself."""
    export = db.session.scalar(
        select(Export).where(Export.marketplace == "voso", Export.cooperatives == coop.slug)
    )
    if export is not None:
        variants = select(export_items.c.variant_id).where(export_items.c.export_id == export.id)
        products = select(ProductVariant.product_id).where(ProductVariant.id.in_(variants))
    else:
        products = select(Product.id).where(Product.cooperative_id == coop.id)
    product_ids = sorted(set(db.session.scalars(products)))
    arguments = {
        "marketplace": "voso",
        "cooperative_ids": [coop.id],
        "product_ids": product_ids,
        "today": local_today().isoformat(),
        "export_id": export.id if export is not None else None,
    }
    job = _job("exports.pack", "app.exports.pack_jobs:write", arguments, coop, officer, 26,
               total=len(product_ids), retries=2)  # fmt: skip
    perform(job.id)
    _backdate(job.id, 26)
    return [f"job {job.id}: Voso pack with photos for {coop.slug}"]


def _reprint(coop: Cooperative, officer: User, member: User) -> list[str]:
    """The oil's labels printed again, all of them: the run's own PDF, copied."""
    from ..labels.services import download_name, run_key

    run = db.session.scalar(
        select(LabelRun).where(LabelRun.kind == LabelKind.SERIALIZED)
        .where(LabelRun.batch.has(public_code=OIL_BATCH))
    )  # fmt: skip
    if run is None or run.file_key is None or not storage.exists(run_key(run)):
        return []
    arguments = {"run_id": run.id, "start": 1, "stop": run.count}
    job = _job("labels.reprint", "app.labels.reprints:write_reprint", arguments, coop, member, 5,
               total=run.count, retries=3)  # fmt: skip
    key = f"labels/reprint-{job.id}.pdf"
    storage.put(key, storage.read(run_key(run)))
    _finish(job, 5, result_key=key, result_name=download_name(run, f"-1-{run.count}.pdf"))
    return [f"job {job.id}: reprint of {run.count} labels of {OIL_BATCH}"]


def _push(coop: Cooperative, officer: User, member: User) -> list[str]:
    """A push to the province's platform: one listing accepted, one the platform failed."""
    arguments = {
        "marketplace": "province",
        "cooperative_ids": [coop.id],
        "product_ids": None,
        "today": local_today().isoformat(),
        "back_url": f"/exports/check?marketplace=province&cooperative={coop.id}",
    }
    job = _job("exports.push", "app.exports.push_jobs:push", arguments, coop, officer, 2,
               retries=2, attempts=3, total=2)  # fmt: skip
    job.report = [
        {"item": "LB-LAC-500", "outcome": "accepted", "message": messages.neutral(["HTTP 201."])},
        {
            "item": "LB-DAU-500",
            "outcome": "failed",
            "message": messages.neutral(
                ["HTTP 503.", "Hệ thống đang bảo trì, vui lòng thử lại sau 30 phút."]
            ),
        },
    ]
    reason = _l(
        "%(failed)d of %(count)d listings could not be sent (the partner failed or did not "
        "answer); the others are recorded.",
        failed=1,
        count=2,
    )
    job.status, job.error, job.done = JobStatus.FAILED, messages.dump(reason), 2
    job.finished_at = job.heartbeat_at = job.created_at + timedelta(minutes=3)
    db.session.commit()
    return [f"job {job.id}: a push to the province's platform that failed on one listing"]


def _finish(job: Job, hours_ago: float, **values) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    job.status, job.done, job.attempts = JobStatus.DONE, job.total, 1
    db.session.commit()
    _backdate(job.id, hours_ago)


def _backdate(job_id: int, hours_ago: float) -> None:
    """Times as if it had run ``hours_ago`` (the list reads like a week's work)."""
    job = db.session.get_one(Job, job_id)
    asked = utcnow() - timedelta(hours=hours_ago)
    job.created_at, job.started_at = asked, asked + timedelta(seconds=2)
    job.finished_at = job.heartbeat_at = asked + timedelta(seconds=48)
    db.session.commit()
