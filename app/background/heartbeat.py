"""A live worker's heartbeat: while a job runs, a thread of its process writes the time on
the job's row every ``HEARTBEAT`` seconds, on a connection of its own (one short UPDATE, no
transaction left open), whatever the job itself is waiting on (a partner that does not
answer, a large photo). A row "running" whose heartbeat is older than ``DEAD_AFTER`` lost its
worker: killed, out of memory, its host gone.

No thread beats for a job run inline (the request is its worker) or on an in-memory SQLite
database, whose one connection threads may not share.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import update
from sqlalchemy.engine import Engine

from .. import jobs
from ..extensions import db
from ..models.base import utcnow

HEARTBEAT = 5.0  # seconds between two beats (JOBS_HEARTBEAT_SECONDS sets another)
DEAD_AFTER = timedelta(seconds=60)  # no beat for this long: the worker is gone

log = logging.getLogger(__name__)


def _beat(engine: Engine, model: Any, row_id: int) -> None:
    with engine.begin() as connection:
        connection.execute(update(model).where(model.id == row_id).values(heartbeat_at=utcnow()))


def _in_memory(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:")


@contextmanager
def beating(model: Any, row_id: int) -> Iterator[None]:
    """Refresh ``heartbeat_at`` of row ``row_id`` of ``model`` (a job, a label run) until
    the block ends."""
    engine = db.engine
    inline = current_app.config["JOBS"] == "inline" and not jobs.in_worker()
    if inline or _in_memory(engine):
        yield
        return
    stop = threading.Event()
    seconds = float(current_app.config.get("JOBS_HEARTBEAT_SECONDS") or HEARTBEAT)

    def run() -> None:
        while not stop.wait(seconds):
            try:
                _beat(engine, model, row_id)
            except Exception:  # a missed beat is no reason to stop the job
                log.warning("heartbeat of %s %s failed", model.__name__, row_id, exc_info=True)

    thread = threading.Thread(target=run, name=f"heartbeat-{model.__name__}-{row_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=seconds * 2)
