"""Label runs as jobs on a real Redis queue, written by real ``flask worker`` processes.

The app and its workers share the suite's PostgreSQL database, or a SQLite file (an in-memory
database is one process's), and a queue named for this test, whose keys are deleted after."""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from app import create_app
from app.config import TestingConfig
from app.extensions import db as _db
from app.extensions import limiter
from app.labels.services import RunRequest, create_run, run_codes
from app.models import LabelKind, LabelRun, LinkForm, RunStatus
from app.models.base import utcnow
from tests.support import factories
from tests.support.batches import make_batch
from tests.support.clients import PASSWORD, IsolatedClient, sign_in
from tests.support.labels import decoded_pages, path_of
from tests.support.products import TODAY, make_product
from tests.support.redis_workers import REDIS_URL, redis_answers
from tests.support.resolver import GTIN

pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis answers on 127.0.0.1:6379")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rq_app(app, tmp_path):
    """An app queueing its jobs in Redis, on a database its workers can open too."""
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    if database == "sqlite://":
        database = f"sqlite:///{tmp_path / 'jobs.sqlite'}"
    queue = f"lensan-test-{uuid.uuid4().hex}"
    rq_app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=database,
        MEDIA_ROOT=str(tmp_path / "media"),
        REDIS_URL=REDIS_URL,
        JOBS="rq",
        JOBS_QUEUE=queue,
    )
    rq_app.test_client_class = IsolatedClient
    rq_app.worker_env = {  # type: ignore[attr-defined]
        **os.environ,
        "FLASK_APP": "wsgi",
        "LENSAN_ENV": "testing",
        "TEST_DATABASE_URL": database,
        "MEDIA_ROOT": rq_app.config["MEDIA_ROOT"],
        "REDIS_URL": REDIS_URL,
        "JOBS_QUEUE": queue,
    }
    with rq_app.app_context():
        _db.create_all()  # (the suite's PostgreSQL database has its tables, emptied after)
        yield rq_app
        _db.session.remove()
        _db.engine.dispose()
    from app.jobs import redis_connection

    _forget_queue(redis_connection(rq_app), queue)
    limiter.init_app(app)  # hand the shared limiter back to the suite's app


def _forget_queue(redis, queue: str) -> None:
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


@pytest.fixture
def member(rq_app):
    coop = factories.CooperativeFactory(province_code=8, commune_code=2266)
    return factories.UserFactory(role="member", cooperative=coop, password=PASSWORD)


@pytest.fixture
def batch(member):
    product = make_product(member.cooperative, name="Lạc nhân đỏ Lâm Bình", gtin=GTIN)
    return make_batch(product, "LB-LAC-2026-07", expires_on=TODAY + timedelta(days=150))


def _worker(app, *extra: str) -> subprocess.Popen:
    """``flask worker`` in a session of its own (so its forked job processes die with it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "worker", *extra],
        cwd=ROOT,
        env=app.worker_env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _finish(worker: subprocess.Popen) -> str:
    output, _ = worker.communicate(timeout=300)
    assert worker.returncode == 0, output.decode()[-2000:]
    return output.decode()


def _run(run_id: int) -> LabelRun:
    _db.session.expire_all()
    return _db.session.get_one(LabelRun, run_id)


def _queue(app, run: LabelRun) -> str:
    from app import jobs

    job_id = jobs.enqueue(app, "app.labels.jobs:write_run", run.id, retries=3)
    assert isinstance(job_id, str)
    return job_id


def test_a_worker_killed_mid_run_leaves_it_to_a_second_worker_with_the_same_codes(
    rq_app, member, batch
):
    client = rq_app.test_client()
    sign_in(client, member)
    created = client.post(
        f"/labels/new?batch={batch.id}",
        data={"template": "a4-4x10", "kind": "serialized", "count": "800", "error_level": "M"},
    )
    assert created.status_code == 302, created.get_data(as_text=True)[-3000:]
    run = _db.session.scalars(_db.select(LabelRun)).one()
    first_serial, key = run.first_serial, run.serial_key
    assert run.status == RunStatus.QUEUED  # queued in Redis, not written by the request
    page = client.get(f"/labels/runs/{run.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in page and "<progress" in page

    worker = _worker(rq_app, "--burst")
    deadline = time.monotonic() + 120
    while _run(run.id).done == 0 and worker.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert worker.poll() is None, "the run ended before it could be killed: make it longer"
    killed_at = _run(run.id).done
    assert 0 < killed_at < run.count
    os.killpg(worker.pid, signal.SIGKILL)  # the worker and its job process, with no warning
    worker.wait(timeout=30)
    run = _run(run.id)
    assert run.status == RunStatus.RUNNING and run.file_key is None
    assert not list((Path(rq_app.config["MEDIA_ROOT"]) / "labels").glob("*.pdf"))

    # Half an hour later the page stops waiting and offers to write it again.
    run.created_at = utcnow() - timedelta(minutes=31)
    _db.session.commit()
    page = client.get(f"/labels/runs/{run.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page and f"/labels/runs/{run.id}/write" in page
    assert client.post(f"/labels/runs/{run.id}/write").status_code == 302
    assert _run(run.id).status == RunStatus.QUEUED

    _finish(_worker(rq_app, "--burst"))
    run = _run(run.id)
    assert run.status == RunStatus.DONE and run.done == run.count
    assert (run.first_serial, run.serial_key) == (first_serial, key)  # nothing reallocated
    response = client.get(f"/labels/runs/{run.id}/labels.pdf")
    assert response.status_code == 200
    printed = [path_of(url) for page in decoded_pages(response.data, 100) for url in page]
    assert printed == [f"/T/{code}" for code in run_codes(run)]


def test_a_failed_run_shows_its_reason_is_not_retried_and_runs_again(rq_app, member, batch):
    from rq.job import Job

    from app.jobs import redis_connection

    run = create_run(
        batch,
        RunRequest("a4-4x10", 40, LabelKind.SERIALIZED, link=LinkForm.GS1),
        member.id,
        rq_app.config["PUBLIC_BASE_URL"],
        TODAY,
    )
    job_id = _queue(rq_app, run)
    job = Job.fetch(job_id, connection=redis_connection(rq_app))
    assert job.retries_left == 3 and job.retry_intervals == [10, 60, 300]
    batch.product.gtin = None  # a label problem no retry can mend
    _db.session.commit()
    _finish(_worker(rq_app, "--burst", "--simple"))
    run = _run(run.id)
    assert run.status == RunStatus.FAILED and "GTIN" in run.error
    assert job.get_status(refresh=True) == "finished"  # recorded on the run, not retried
    client = rq_app.test_client()
    sign_in(client, member)
    page = client.get(f"/labels/runs/{run.id}").get_data(as_text=True)
    assert "GTIN" in page and f"/labels/runs/{run.id}/write" in page

    batch.product.gtin = GTIN
    _db.session.commit()
    assert client.post(f"/labels/runs/{run.id}/write").status_code == 302
    _finish(_worker(rq_app, "--burst", "--simple"))
    run = _run(run.id)
    assert run.status == RunStatus.DONE and run.error == ""
    pdf = client.get(f"/labels/runs/{run.id}/labels.pdf").data
    assert len({url for page in decoded_pages(pdf, 150) for url in page}) == 40


def test_worker_refuses_to_start_without_redis(app):
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output
