"""Writing the activity log from SQLAlchemy's session events, so that no view, command or job
can forget to.

After each flush, every new, changed or deleted row of an audited kind (app/activity/kinds.py)
becomes one log row: who (the signed-in user of the request, or nobody for a command or a
job), when, the subject with a label to read it by, and ``{field: [before, after]}``. The rows
go in with one ``INSERT`` on the flush's own connection: they commit or roll back with the
change itself, and a bulk path (an import of hundreds of products) costs one statement per
flush, not one per row. Nothing is logged per label or per scan.
"""

from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from flask import g, has_app_context, has_request_context
from flask_sqlalchemy.session import Session
from sqlalchemy import event, insert, inspect, select

from ..models import Activity, BatchStatus, ProductVariant, User
from ..models.trace import Batch
from .kinds import BY_MODEL, Kind

TEXT_LIMIT = 500  # longer texts (descriptions) are logged cut, with an ellipsis
ACTOR_KEY = "activity_actor"  # g: who acts outside a request (set by acting_as)


def json_value(value):
    """A column's value as the log keeps it: JSON, readable, the same on every database."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    text = str(value)
    return text if len(text) <= TEXT_LIMIT else text[:TEXT_LIMIT] + "…"


def _blank(value):
    return None if value == "" else value


def _before(history):
    if history.deleted:
        return history.deleted[0]
    return history.unchanged[0] if history.unchanged else None


def _after(history):
    if history.added:
        return history.added[0]
    return history.unchanged[0] if history.unchanged else None


def _snapshot(kind: Kind, obj, side: str) -> dict:
    """Every non-empty field of a created (side "after") or deleted ("before") row."""
    changes = {}
    for name in kind.fields:
        value = json_value(getattr(obj, name))
        if _blank(value) is not None:
            changes[name] = [None, value] if side == "after" else [value, None]
    for name, columns in kind.places.items():
        place = [getattr(obj, column) for column in columns]
        if any(v is not None for v in place):
            changes[name] = [None, place] if side == "after" else [place, None]
    return changes


def _changed(kind: Kind, state) -> dict:
    """The fields this flush changes, with their old and new values."""
    changes = {}
    for name in kind.fields:
        history = state.attrs[name].history
        if history.has_changes():
            before = _blank(json_value(_before(history)))
            after = _blank(json_value(_after(history)))
            if before != after:
                changes[name] = [before, after]
    for column, logged in kind.hidden.items():
        if state.attrs[column].history.has_changes():
            changes[logged] = [None, None]  # changed; the values are never written
    for name, columns in kind.places.items():
        histories = [state.attrs[column].history for column in columns]
        if any(h.has_changes() for h in histories):
            before, after = [_before(h) for h in histories], [_after(h) for h in histories]
            if before != after:
                changes[name] = [before, after]
    return changes


def _action(kind: Kind, changes: dict) -> str:
    if kind.name == "batch" and changes.get("status", [None, None])[1] == BatchStatus.RECALLED:
        return "recalled"
    if kind.name == "account" and "is_active_account" in changes:
        return "reactivated" if changes["is_active_account"][1] else "deactivated"
    return "changed"


def _label(kind: Kind, obj) -> str:
    if kind.name == "cooperative":
        return obj.short_name or obj.legal_name
    if kind.name == "certificate":
        return obj.number
    if kind.name == "variant":
        return f"{obj.name} · {obj.sku}"
    if kind.name == "batch":
        return obj.code
    if kind.name == "onboarding_step":
        return f"{json_value(obj.marketplace)}/{json_value(obj.step)}"
    if kind.name in ("product", "account"):
        return obj.name
    if kind.name == "category_mapping":
        return f"{obj.marketplace} {obj.category}"
    if kind.name == "marketplace_template":
        return f"{obj.marketplace} {obj.file_name}"
    return ""  # label runs and listings: found from their batch or variant (_fill_in)


def _entry(kind: Kind, obj, action: str, changes: dict) -> dict:
    own = kind.name == "cooperative"
    cooperative_id = obj.id if own else getattr(obj, "cooperative_id", None)
    return {
        "subject_type": kind.name,
        "subject_id": obj.id,
        "subject_label": (_label(kind, obj) or "")[:200],
        "cooperative_id": cooperative_id,
        "action": action,
        "changes": changes,
    }


def entries(session) -> list[tuple[dict, object]]:
    """The log rows this flush makes, each with the object it describes."""
    rows = []
    for obj in session.new:
        kind = BY_MODEL.get(type(obj))
        if kind is not None:
            rows.append((_entry(kind, obj, "created", _snapshot(kind, obj, "after")), obj))
    for obj in session.dirty:
        kind = BY_MODEL.get(type(obj))
        if kind is None or kind.on_create_only:
            continue
        changes = _changed(kind, inspect(obj))
        if changes:
            rows.append((_entry(kind, obj, _action(kind, changes), changes), obj))
    for obj in session.deleted:
        kind = BY_MODEL.get(type(obj))
        if kind is not None:
            rows.append((_entry(kind, obj, "deleted", _snapshot(kind, obj, "before")), obj))
    return rows


def _fill_in(connection, rows: list[tuple[dict, object]]) -> None:
    """Label runs and listings: their cooperative and label, from their batch or variant."""
    wanted = {
        "label_run": (Batch, "batch_id", "code"),
        "listing": (ProductVariant, "variant_id", "sku"),
    }
    for subject, (model, key, column) in wanted.items():
        mine = [(row, obj) for row, obj in rows if row["subject_type"] == subject]
        if not mine:
            continue
        table = model.__table__
        ids = {getattr(obj, key) for _, obj in mine}
        stmt = select(table.c.id, table.c.cooperative_id, table.c[column])
        found = {r[0]: r for r in connection.execute(stmt.where(table.c.id.in_(ids)))}
        for row, obj in mine:
            hit = found.get(getattr(obj, key))
            if hit is not None:
                row["cooperative_id"] = hit[1]
                prefix = f"{getattr(obj, 'marketplace', '')} ".lstrip()
                row["subject_label"] = f"{prefix}{hit[2]}"[:200]


def actor(connection) -> tuple[int | None, str]:
    """(id, name) of who makes this change: the user named by ``acting_as``, else the signed-in
    user of the request; (None, "") for a command, a job or an anonymous visitor."""
    user = g.get(ACTOR_KEY) if has_app_context() else None
    if user is None and has_request_context():
        user = g.get("_login_user")  # Flask-Login's user, when the request loaded one
    if user is None or not getattr(user, "is_authenticated", False):
        return None, ""
    identity = inspect(user).identity
    if not identity:
        return None, ""
    name = inspect(user).dict.get("name")
    if name is None:  # expired by a commit: read it without a flush
        users = User.__table__
        name = connection.execute(select(users.c.name).where(users.c.id == identity[0])).scalar()
    return identity[0], name or ""


@contextmanager
def acting_as(user: User | None):
    """Log the changes made inside as ``user``'s: a command or a job carrying out what
    someone asked for (the app context's ``g`` holds it meanwhile)."""
    previous = g.get(ACTOR_KEY)
    setattr(g, ACTOR_KEY, user)
    try:
        yield
    finally:
        setattr(g, ACTOR_KEY, previous)


@event.listens_for(Session, "after_flush")
def _record(session, flush_context) -> None:
    rows = entries(session)
    if not rows:
        return
    connection = session.connection()
    _fill_in(connection, rows)
    actor_id, actor_name = actor(connection)
    values = [{**row, "actor_id": actor_id, "actor_name": actor_name[:120]} for row, _ in rows]
    connection.execute(insert(Activity), values)


class AppendOnlyError(RuntimeError):
    """The app tried to change or delete an entry of the activity log."""


@event.listens_for(Activity, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise AppendOnlyError(f"activity #{target.id} is append-only")


@event.listens_for(Activity, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise AppendOnlyError(f"activity #{target.id} is append-only: it cannot be deleted")
