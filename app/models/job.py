"""Job records: one row per piece of heavy work done in the background (app/background).

Every kind of heavy work (a reprint, an export pack, a partner push, an import's photos…)
shares this row: what was asked (``kind`` and plain JSON ``arguments``), by whom and for
which cooperative, where it stands (status, ``done`` of ``total`` and a short step), how it
ended (the reason of a failure, or the result: a stored file's key and/or a page to go to),
how many times it was tried, and a heartbeat that a live worker refreshes every few seconds,
so a page can tell a job whose worker died from one that is merely slow. The queue (app/jobs.py)
only carries the job's id; this row is what every web worker and host reads.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import LabelledEnum
from ..extensions import Model
from .base import enum_type, utcnow

if TYPE_CHECKING:
    from .cooperative import Cooperative
    from .user import User


class JobStatus(LabelledEnum):
    QUEUED = "queued", _l("waiting")
    RUNNING = "running", _l("running")
    DONE = "done", _l("done")
    FAILED = "failed", _l("failed")


class Job(Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)  # e.g. "labels.reprint"
    function: Mapped[str] = mapped_column(String(120))  # "app.module:function" that does it
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cooperative_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperatives.id", ondelete="CASCADE"), index=True
    )
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(
        enum_type(JobStatus, 10, "status"), default=JobStatus.QUEUED
    )
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)  # 0: not known (yet)
    step: Mapped[str] = mapped_column(String(200), default="")  # what it is doing now
    error: Mapped[str] = mapped_column(Text, default="")  # why the last attempt failed
    # What it did item by item, for people: [{"item": "SKU-1", "outcome": "accepted",
    # "message": "…"}, …] (a push's listings, an import's rows); shown as a table on its page.
    report: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    attempts: Mapped[int] = mapped_column(default=0)  # tries started, retries and runs again
    retries: Mapped[int] = mapped_column(default=0)  # retries the queue may make per run
    heartbeat_at: Mapped[datetime | None]
    result_key: Mapped[str | None] = mapped_column(String(200))  # a stored file (app/storage)
    result_name: Mapped[str | None] = mapped_column(String(200))  # its download's file name
    result_url: Mapped[str | None] = mapped_column(String(500))  # a page to go to
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    user: Mapped["User | None"] = relationship()
    cooperative: Mapped["Cooperative | None"] = relationship()

    @property
    def waiting(self) -> bool:
        """Queued or running (whether its worker still lives is :func:`is_interrupted`'s)."""
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
