"""Background jobs on a real Redis queue with real ``flask worker`` processes.

:func:`rq_app` makes an app that queues its jobs in Redis under a queue of its own, on a
database its workers can open too (the suite's PostgreSQL database, or a SQLite file: an
in-memory database is one process's); afterwards everything RQ kept about that queue is
deleted. :func:`start_worker` runs ``flask worker`` for it."""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from app import create_app
from app.config import TestingConfig
from app.extensions import db as _db
from app.extensions import limiter
from app.jobs import redis_connection
from app.models import LabelRun, RunStatus
from tests.support.clients import IsolatedClient
from tests.support.redis_workers import REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
Row = TypeVar("Row")


@contextmanager
def rq_app(app, folder: Path, **settings: str):
    """An app like the suite's ``app`` whose jobs go to Redis; yielded in an app context.
    ``settings`` (``STORAGE="s3"`` ...) are its configuration and its workers' environment."""
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    if database == "sqlite://":
        database = f"sqlite:///{folder / 'jobs.sqlite'}"
    queue = f"lensan-test-{uuid.uuid4().hex}"
    jobs_app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=database,
        MEDIA_ROOT=str(folder / "media"),
        REDIS_URL=REDIS_URL,
        JOBS="rq",
        JOBS_QUEUE=queue,
        **settings,
    )
    jobs_app.test_client_class = IsolatedClient
    jobs_app.config["TEST_WORKER_ENV"] = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "LENSAN_ENV": "testing",
        "TEST_DATABASE_URL": database,
        "MEDIA_ROOT": jobs_app.config["MEDIA_ROOT"],
        "REDIS_URL": REDIS_URL,
        "JOBS_QUEUE": queue,
        **settings,
    }
    try:
        with jobs_app.app_context():
            _db.create_all()  # (the suite's PostgreSQL database has its tables, emptied after)
            yield jobs_app
            _db.session.remove()
            _db.engine.dispose()
    finally:
        forget_queue(redis_connection(jobs_app), queue)
        limiter.init_app(app)  # hand the shared limiter back to the suite's app


def fresh(model: type[Row], row_id: int) -> Row:
    """Row ``row_id`` of ``model`` as the database has it now (a worker wrote it meanwhile)."""
    _db.session.expire_all()
    return _db.session.get_one(model, row_id)


def forget_queue(redis, queue: str) -> None:
    """Delete what RQ keeps about ``queue``: the queue, its registries, jobs and workers."""
    for key in redis.scan_iter(f"*{queue}*"):
        redis.delete(key)
    redis.srem("rq:queues", f"rq:queue:{queue}")
    for key in redis.scan_iter("rq:job:*"):
        if redis.type(key) == b"hash" and redis.hget(key, "origin") == queue.encode():
            job_id = key.decode().removeprefix("rq:job:")
            redis.delete(key, *redis.scan_iter(f"rq:*{job_id}*"))
    for key in redis.scan_iter("rq:worker:*"):
        if redis.type(key) == b"hash" and queue.encode() in (redis.hget(key, "queues") or b""):
            redis.delete(key)
            redis.srem("rq:workers", key)


def start_worker(jobs_app, *options: str) -> subprocess.Popen:
    """``flask worker`` for ``jobs_app``'s queue, in a session of its own (``os.killpg``
    kills it with the job processes it forked)."""
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "worker", *options],
        cwd=ROOT,
        env=jobs_app.config["TEST_WORKER_ENV"],
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def finish_worker(worker: subprocess.Popen, timeout: float = 300) -> str:
    """Wait for a ``--burst`` worker to empty its queue and stop; its output."""
    output, _ = worker.communicate(timeout=timeout)
    assert worker.returncode == 0, output.decode()[-2000:]
    return output.decode()


def freeze(pid: int) -> list[int]:
    """Stop (SIGSTOP) process ``pid`` and every process under it, parents first so none can
    fork again; the frozen pids. RQ's work horse runs in a process group of its own, so
    ``os.killpg`` on the worker would miss it."""
    frozen: list[int] = []
    waiting = [pid]
    while waiting:
        current = waiting.pop()
        try:
            os.kill(current, signal.SIGSTOP)
        except ProcessLookupError:
            continue
        _wait_until_stopped(current)  # kill() returns before the signal lands
        frozen.append(current)
        waiting += _children(current)
    return frozen


def freeze_when(worker: subprocess.Popen, ready: Callable[[], bool]) -> list[int]:
    """Freeze ``worker`` and everything under it (:func:`freeze`) at a moment ``ready()``
    says yes, asked while they are frozen (so nothing moves between the look and the kill);
    the frozen pids. ``ready`` should fail the test if the moment has passed for good."""
    while True:
        assert worker.poll() is None, "the worker stopped before the moment came"
        frozen = freeze(worker.pid)
        if ready():
            return frozen
        signal_all(frozen, signal.SIGCONT)
        time.sleep(0.02)


def freeze_mid_run(worker: subprocess.Popen, run_id: int) -> list[int]:
    """Freeze ``worker`` (:func:`freeze_when`) while it writes label run ``run_id``, some of
    its labels written (the run's progress says so); the frozen pids. SQLite's WAL and
    PostgreSQL never make the read of the run wait for a frozen writer."""

    def labels_written() -> bool:
        run = fresh(LabelRun, run_id)
        assert run.status != RunStatus.DONE, "the run was written between two looks at it"
        return run.status == RunStatus.RUNNING and run.done > 0

    return freeze_when(worker, labels_written)


def _wait_until_stopped(pid: int) -> None:
    """Wait for ``pid`` to be stopped (or gone), as /proc says."""
    while True:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return
        if stat.rsplit(")", 1)[1].split()[0] in ("T", "t", "Z", "X"):
            return
        time.sleep(0.001)


def signal_all(pids: list[int], signum: int) -> None:
    """Send ``signum`` to every process of ``pids`` still there."""
    for pid in pids:
        with suppress(ProcessLookupError):
            os.kill(pid, signum)


def _children(pid: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with suppress(OSError):
            children += [int(c) for c in (task / "children").read_text().split()]
    return children
