"""Background jobs: work that leaves the web request.

``enqueue(app, "app.labels.jobs:write_run", run_id, retries=3)`` runs the function named by
its path with plain arguments (ids, strings) inside an app context, in one of three ways
(the ``JOBS`` setting):

- ``"rq"``, the default when ``REDIS_URL`` is set: the job goes on an RQ queue in Redis
  (``JOBS_QUEUE``), and a worker started by ``flask worker`` on any host re-creates the app
  with :func:`app.create_app` (its configuration from the environment, as the web's) and
  runs it. A job with ``retries`` is tried again after 10 s, 1 min, 5 min... when it raises
  or its worker died: give retries only to work that is idempotent.
- ``"thread"``, the default without Redis (``make run``): one background thread of this
  process runs the jobs one after another.
- ``"inline"`` (tests, the command line): the job runs before :func:`enqueue` returns.

A job records its own progress and outcome where its page reads them (a label run's row);
the queue only carries it, so every web worker and host shows the same state. In the two
in-process modes a job's exception is logged, never raised into the request. Every failed
try counts in ``lensan_job_failures_total`` and the queue's length, when a job is queued or
starts, in ``lensan_job_queue_depth`` (app/metrics.py).
"""

import importlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .metrics import JOB_FAILURES, JOB_QUEUE_DEPTH

BACKOFF = (10, 60, 300, 900)  # seconds before retry 1, 2, 3, 4...
TIMEOUT = 1800  # seconds a job may run before its worker stops it
FAILED_KEPT = 7 * 86400  # seconds RQ keeps a failed job (its page keeps the reason)

_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()
_worker_app: tuple[int, Flask] | None = None  # (pid, app) of a worker process


def resolve(path: str) -> Callable[..., Any]:
    """The function named ``"package.module:function"``."""
    module, _, name = path.partition(":")
    if not name:
        raise ValueError(f"a job is named 'module:function', not {path!r}")
    return getattr(importlib.import_module(module), name)


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jobs")
        return _executor


def _run_logged(app: Flask, path: str, args: tuple) -> None:
    try:
        resolve(path)(*args)
    except Exception:
        JOB_FAILURES.labels(app.config["JOBS_QUEUE"]).inc()
        app.logger.exception("job %s%r failed", path, args)


def _in_thread(app: Flask, path: str, args: tuple) -> None:
    from .extensions import db

    with app.app_context():
        try:
            _run_logged(app, path, args)
        finally:
            db.session.remove()


def drain(timeout: float = 120) -> None:
    """Wait until the in-process thread has run every job given so far (tests)."""
    _pool().submit(lambda: None).result(timeout=timeout)


def redis_connection(app: Flask):
    from redis import Redis

    # A Redis that does not answer fails a request in seconds rather than holding it.
    return Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2)


def rq_queue(app: Flask):
    from rq import Queue

    return Queue(app.config["JOBS_QUEUE"], connection=redis_connection(app))


def enqueue(
    app: Flask, path: str, *args: Any, retries: int = 0, timeout: int = TIMEOUT
) -> Future | str | None:
    """Run the job ``path(*args)`` as the app's ``JOBS`` setting says (the module's doc).
    Returns the RQ job's id, the thread's future, or None (inline)."""
    resolve(path)  # a wrong name fails here, in the request, not later in a worker
    mode = app.config["JOBS"]
    if mode == "inline":
        _run_logged(app, path, args)
        return None
    if mode == "thread":
        return _pool().submit(_in_thread, app, path, args)
    if mode != "rq":
        raise ValueError(f"JOBS must be 'rq', 'thread' or 'inline', not {mode!r}")
    from rq import Retry

    backoff = app.config.get("JOBS_RETRY_SECONDS") or BACKOFF
    retry = Retry(max=retries, interval=list(backoff[:retries])) if retries else None
    queue = rq_queue(app)
    job = queue.enqueue(
        perform,
        path,
        *args,
        retry=retry,
        job_timeout=timeout,
        failure_ttl=FAILED_KEPT,
        description=f"{path}{args!r}",
    )
    JOB_QUEUE_DEPTH.labels(queue.name).set(queue.count)
    return job.id


def in_worker() -> bool:
    """Whether this code runs as an RQ worker's job (whatever the worker app's ``JOBS`` says:
    a worker's configuration may be the tests', which run jobs inline)."""
    from rq import get_current_job

    return get_current_job() is not None


def _app() -> Flask:
    """This worker process's own app, made by the factory once per process (a forked job
    process makes its own: database connections are never shared across a fork)."""
    global _worker_app
    if _worker_app is None or _worker_app[0] != os.getpid():
        from . import create_app

        _worker_app = (os.getpid(), create_app())
    return _worker_app[1]


def perform(path: str, *args: Any) -> None:
    """What an RQ worker runs: ``path(*args)`` in an app context of its own. An exception
    goes to RQ, which retries the job if it has retries left."""
    from .extensions import db

    app = _app()
    queue = rq_queue(app)
    JOB_QUEUE_DEPTH.labels(queue.name).set(queue.count)
    with app.app_context():
        try:
            resolve(path)(*args)
        except Exception:
            JOB_FAILURES.labels(queue.name).inc()
            raise
        finally:
            db.session.remove()


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--simple", is_flag=True, help="Run jobs in this process rather than a fork per job.")
@with_appcontext
def worker_command(burst: bool, simple: bool) -> None:
    """Run background jobs from the Redis queue (REDIS_URL, JOBS_QUEUE) until stopped."""
    from rq import SimpleWorker, Worker

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config["REDIS_URL"]:
        raise click.ClickException("set REDIS_URL: without Redis, jobs run in the web process")
    worker_class = SimpleWorker if simple else Worker
    worker = worker_class([rq_queue(app)], connection=redis_connection(app))
    worker.work(burst=burst, with_scheduler=True)
