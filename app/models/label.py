"""Label runs: a print run of QR labels for one batch.

A run of *batch labels* prints the batch's public code on every label. A run of *serialized
labels* reserves the counters ``first_serial`` … ``first_serial + count - 1`` and keeps the
random key that signs them (app/labels/serials.py): no row per code, yet every code printed
can be checked and resolved, and reprinting a range gives the same codes. Runs are never
deleted: a printed code resolves forever.
"""

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, LargeBinary, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import LabelledEnum
from ..extensions import Model
from .base import enum_type, utcnow

if TYPE_CHECKING:
    from .trace import Batch
    from .user import User

MAX_RUN = 100_000


class LabelKind(LabelledEnum):
    BATCH = "batch", _l("batch code")  # every label carries the batch's public code
    SERIALIZED = "serialized", _l("serialized codes")  # every label carries its own code


class LinkForm(LabelledEnum):
    SHORT = "short"  # <origin>/T/<code>: the shortest URL, the smallest QR
    GS1 = "gs1"  # <origin>/01/<gtin>/10/<lot> or /01/<gtin>/21/<serial>: read by retail tills


class RunStatus(LabelledEnum):
    QUEUED = "queued", _l("waiting")
    RUNNING = "running", _l("being written")
    DONE = "done", _l("ready")
    FAILED = "failed", _l("failed")


class LabelRun(Model):
    __tablename__ = "label_runs"
    __table_args__ = (
        CheckConstraint(f"count BETWEEN 1 AND {MAX_RUN}", name="count_range"),
        CheckConstraint(
            "(kind = 'serialized') = (first_serial IS NOT NULL AND serial_key IS NOT NULL)",
            name="serials_iff_serialized",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[LabelKind] = mapped_column(
        enum_type(LabelKind, 12, "kind"), default=LabelKind.BATCH
    )
    template: Mapped[str] = mapped_column(String(20))
    count: Mapped[int]
    # Serialized runs: the first counter of the run's range (unique: ranges never overlap).
    first_serial: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    serial_key: Mapped[bytes | None] = mapped_column(LargeBinary(16))
    error_level: Mapped[str] = mapped_column(String(1), default="M")
    link: Mapped[LinkForm] = mapped_column(enum_type(LinkForm, 6, "link"), default=LinkForm.SHORT)
    full_label: Mapped[bool] = mapped_column(default=False)
    cut_marks: Mapped[bool] = mapped_column(default=False)
    margin_top: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))  # mm; None: the stock's
    margin_left: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    status: Mapped[RunStatus] = mapped_column(
        enum_type(RunStatus, 10, "status"), default=RunStatus.QUEUED
    )
    done: Mapped[int] = mapped_column(default=0)  # labels written so far
    error: Mapped[str] = mapped_column(Text, default="")
    file_key: Mapped[str | None] = mapped_column(
        String(120)
    )  # the PDF, a storage key (app/storage.py)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]  # refreshed every few seconds while written

    batch: Mapped["Batch"] = relationship()
    created_by: Mapped["User | None"] = relationship()

    @property
    def serialized(self) -> bool:
        return self.kind == LabelKind.SERIALIZED

    @property
    def last_serial(self) -> int | None:
        return None if self.first_serial is None else self.first_serial + self.count - 1
