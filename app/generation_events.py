"""Which generation counters (app/generations.py) a database change bumps, found from
SQLAlchemy's session events, so that no view, command or job can forget to.

After each flush the changed objects are turned into cooperatives: a row with a
``cooperative_id`` (products, variants, batches, plots, certificates, onboarding steps…)
names its own, a cooperative is its own, an event or label run goes by its batch, a photo or
listing by its product. A batch also names the cooperatives of the batches it was made from
and went into, before and after the change: their pages list it (lineage may cross
cooperatives). Bulk ``UPDATE``/``DELETE``/``INSERT`` statements through the session bump
``all``, as does a changed object of a class nobody mapped here. The counters are bumped after
the commit (never for a rollback): a worker that renders in between keeps a page at the old
counter, which the bump then retires.

Rows no public page shows (accounts, scans, visits, export records, label runs, background
job records) bump nothing.
"""

from flask import current_app, has_app_context
from flask_sqlalchemy.session import Session
from sqlalchemy import event, inspect, or_, select

from .generations import ALL, cooperative_key, generations
from .models import (
    Batch,
    Cooperative,
    Export,
    Job,
    LabelRun,
    OfficerArea,
    Product,
    ProductImage,
    Scan,
    SupportVisit,
    TraceEvent,
    User,
)
from .models.listing import Listing
from .models.trace import batch_inputs

_INFO = "page_generations"  # session.info: the counters to bump at commit
# Nothing public shows these: accounts, officers' areas, scans, visits, exports, label runs
# (a serial's page is built from the database every time), job records (their progress and
# heartbeats are written every few seconds).
_UNSEEN = (User, OfficerArea, Scan, SupportVisit, Export, LabelRun, Job)
_UNSEEN_TABLES = frozenset(c.__tablename__ for c in _UNSEEN) | {"export_items"}
_BY_BATCH = (TraceEvent,)  # rows that belong to a batch
_BY_PRODUCT = (ProductImage, Listing)  # rows that belong to a product


def _old_and_new(obj, name: str) -> set:
    """The attribute's current value and, if it changed in this flush, its old one."""
    history = inspect(obj).attrs[name].history
    values = {getattr(obj, name, None)}
    values.update(history.deleted or ())
    return {v for v in values if v is not None}


def _linked_batches(obj: Batch) -> set[int]:
    """Batches whose lineage links to ``obj`` were added or dropped in this flush."""
    ids: set[int] = set()
    for name in ("inputs", "outputs"):
        history = inspect(obj).attrs[name].history
        ids.update(b.id for b in (*(history.added or ()), *(history.deleted or ())) if b.id)
    return ids


def _cooperatives_of(connection, model, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    table = model.__table__
    rows = connection.execute(select(table.c.cooperative_id).where(table.c.id.in_(ids)))
    return {row[0] for row in rows}


def _lineage_cooperatives(connection, batch_ids: set[int]) -> set[int]:
    """The cooperatives of the batches linked to these ones, as committed now."""
    if not batch_ids:
        return set()
    links = select(batch_inputs.c.batch_id, batch_inputs.c.input_batch_id).where(
        or_(batch_inputs.c.batch_id.in_(batch_ids), batch_inputs.c.input_batch_id.in_(batch_ids))
    )
    linked = {i for row in connection.execute(links) for i in row}
    return _cooperatives_of(connection, Batch, linked - batch_ids)


def changed_keys(session, objects) -> set[str]:
    """The counters these changed objects bump (see the module's docstring)."""
    cooperatives: set[int] = set()
    batches: set[int] = set()
    products: set[int] = set()
    linked: set[int] = set()
    keys: set[str] = set()
    for obj in objects:
        if isinstance(obj, _UNSEEN):
            continue
        if isinstance(obj, Cooperative):
            cooperatives.add(obj.id)
        elif isinstance(obj, _BY_BATCH):
            batches |= _old_and_new(obj, "batch_id")
        elif isinstance(obj, _BY_PRODUCT):
            products |= _old_and_new(obj, "product_id")
        elif hasattr(type(obj), "cooperative_id"):
            cooperatives |= _old_and_new(obj, "cooperative_id")
            if isinstance(obj, Batch):
                linked |= _linked_batches(obj) | {obj.id}
        else:
            keys.add(ALL)
    connection = session.connection()
    cooperatives |= _cooperatives_of(connection, Batch, batches | linked)
    cooperatives |= _cooperatives_of(connection, Product, products)
    cooperatives |= _lineage_cooperatives(connection, linked)
    return keys | {cooperative_key(c) for c in cooperatives if c is not None}


def _counting() -> bool:
    return has_app_context() and generations(current_app) is not None


@event.listens_for(Session, "after_flush")
def _note_flush(session, flush_context) -> None:
    if not _counting():
        return
    objects = [*session.new, *session.dirty, *session.deleted]
    if objects:
        session.info.setdefault(_INFO, set()).update(changed_keys(session, objects))


@event.listens_for(Session, "do_orm_execute")
def _note_bulk(state) -> None:
    """A bulk statement changes rows the session never sees: ``all`` unless its table is one
    no public page shows."""
    if not (state.is_update or state.is_delete or state.is_insert) or not _counting():
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) not in _UNSEEN_TABLES:
        state.session.info.setdefault(_INFO, set()).add(ALL)


@event.listens_for(Session, "after_commit")
def _bump(session) -> None:
    keys = session.info.pop(_INFO, None)
    if keys and has_app_context():
        counters = generations(current_app)
        if counters is not None:
            counters.bump(keys)


@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(_INFO, None)
