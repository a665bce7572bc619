"""Writing a run's PDF without holding up the web worker.

With ``LABEL_JOBS = "thread"`` each worker process keeps one background thread that writes
runs one after another; the run row carries the progress, so whichever worker answers the
next request shows it. With ``"inline"`` (tests, and the command line) the PDF is written
before returning. A worker stopped mid-run leaves the run "running"; its page then offers to
write it again, which gives the same codes.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from ..clock import local_today
from ..extensions import db
from .services import build_run_file

_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="labels")
        return _executor


def _build(app: Flask, run_id: int) -> None:
    config = app.config
    try:
        build_run_file(run_id, config["PUBLIC_BASE_URL"], local_today(), config["LABEL_PROCESSES"])
    except Exception:
        app.logger.exception("label run %s failed", run_id)


def _job(app: Flask, run_id: int) -> None:
    with app.app_context():
        try:
            _build(app, run_id)
        finally:
            db.session.remove()


def start(app: Flask, run_id: int) -> None:
    """Write run ``run_id``'s PDF now (inline) or in the worker's label thread."""
    if app.config["LABEL_JOBS"] == "inline":
        _build(app, run_id)
    else:
        _pool().submit(_job, app, run_id)
