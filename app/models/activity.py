"""The activity log: who changed what, when, with the values before and after.

Append-only: rows are written by the session hook in app/activity/recorder.py, inside the
transaction of the change they describe, and never updated or deleted by the app (on
PostgreSQL a trigger refuses it). The log outlives what it describes, so its ids are plain
numbers, not foreign keys, and it keeps snapshots of the actor's name and the subject's label.

``changes`` maps a field to ``[before, after]``, both JSON values: dates and times in ISO
format, enums by value, money in whole VND, decimals as text. Secrets (passwords, session
tokens, signing keys) are never written; a changed password shows only as changed.
"""

from datetime import datetime

from sqlalchemy import DDL, JSON, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .base import utcnow


class Activity(Model):
    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(index=True)  # None: a command or the system
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    cooperative_id: Mapped[int | None] = mapped_column(index=True)
    subject_type: Mapped[str] = mapped_column(String(20))  # app/activity/kinds.py
    subject_id: Mapped[int | None]
    subject_label: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(12))  # created, changed, deleted, recalled
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<Activity {self.id} {self.subject_type} {self.subject_id} {self.action}>"


Index("ix_activity_subject", Activity.subject_type, Activity.subject_id)

# PostgreSQL refuses any UPDATE or DELETE of the log (TRUNCATE, an operator's act, still works).
REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION activity_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the activity log is append-only';
END;
$$ LANGUAGE plpgsql
"""
REFUSE_TRIGGER = """
CREATE TRIGGER activity_append_only BEFORE UPDATE OR DELETE ON activity
FOR EACH ROW EXECUTE FUNCTION activity_append_only()
"""
for _statement in (REFUSE_FUNCTION, REFUSE_TRIGGER):
    event.listen(
        Activity.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )
