"""Reading the activity log in tests."""

from app.extensions import db
from app.models import Activity


def last_id() -> int:
    """The id of the log's last row (0 when empty): what ``log(after=…)`` reads from."""
    return db.session.scalar(db.select(db.func.max(Activity.id))) or 0


def log(subject_type=None, action=None, after=0) -> list[Activity]:
    """The log's rows after id ``after``, oldest first, of one kind of subject and action if
    given."""
    db.session.expire_all()
    stmt = db.select(Activity).where(Activity.id > after).order_by(Activity.id)
    if subject_type is not None:
        stmt = stmt.where(Activity.subject_type == subject_type)
    if action is not None:
        stmt = stmt.where(Activity.action == action)
    return list(db.session.execute(stmt).scalars())


def only(subject_type, action, after=0):
    """The one row of this kind and action (the test fails if there are none or several)."""
    rows = log(subject_type, action, after)
    assert len(rows) == 1, [(r.subject_type, r.action, r.changes) for r in rows]
    return rows[0]
