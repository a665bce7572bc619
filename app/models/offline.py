"""What the members' offline app sent: one row per record made on a phone, by its client id.

A phone gives every trace event (and batch) it records without a signal a UUID of its own and
sends it with the record, however often the sending is retried. The unique ``(cooperative_id,
client_id)`` lets the server answer a repeated post with what it already recorded, so a retry
never records twice, even when two copies arrive at once.

The event itself keeps the field time (``TraceEvent.occurred_at``, what the member entered on
the phone) apart from the time the server received it (``TraceEvent.recorded_at``, which orders
the hash chain); ``saved_at`` is the phone's clock when the member pressed save.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .base import utcnow
from .trace import Batch, TraceEvent


class OfflineRecord(Model):
    __tablename__ = "offline_records"
    __table_args__ = (UniqueConstraint("cooperative_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cooperative_id: Mapped[int] = mapped_column(ForeignKey("cooperatives.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(36))  # a UUID, lowercase, with hyphens
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("trace_events.id", ondelete="RESTRICT"), index=True
    )
    batch_id: Mapped[int | None] = mapped_column(  # a batch made offline
        ForeignKey("batches.id", ondelete="RESTRICT"), index=True
    )
    saved_at: Mapped[datetime | None]  # the phone's clock when the member saved it
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The batch was recalled when the event arrived: kept, and the member is told.
    batch_recalled: Mapped[bool] = mapped_column(default=False)

    event: Mapped[TraceEvent | None] = relationship()
    batch: Mapped[Batch | None] = relationship()
