"""Job records (app/background) run by real ``flask worker`` processes on a real Redis queue
(tests/support/jobs.py): a retry with backoff after an unexpected failure, and a worker
killed mid-job told by its heartbeat, then run again to the same result."""

import signal
import threading
import time
from datetime import timedelta

import pytest

from app.background import messages, records
from app.background.heartbeat import DEAD_AFTER
from app.extensions import db as _db
from app.models import Job, JobStatus
from app.models.base import utcnow
from tests.support.clients import sign_in
from tests.support.jobs import finish_worker, freeze, fresh, signal_all, start_worker
from tests.support.redis_workers import redis_answers

pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis answers on 127.0.0.1:6379")

KINDS = "tests.support.job_kinds"
DEADLINE = 180  # seconds: generous, the machine may be busy


def _wait_for(job_id: int, ready, worker) -> Job:
    """The job once ``ready(job)``; fails if the worker stops first or after DEADLINE."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        job = fresh(Job, job_id)
        if ready(job):
            return job
        assert worker.poll() is None, worker.stdout.read().decode()[-3000:]
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} never got there: {fresh(Job, job_id).__dict__}")


def _stop(worker) -> None:
    """Stop a worker that is not in burst mode (warm shutdown), with anything it forked."""
    signal_all(freeze(worker.pid), signal.SIGKILL)
    worker.wait(timeout=30)


def _start(jobs_app, member, function: str, retries: int = 0, **arguments) -> Job:
    return records.start(
        jobs_app,
        "test.kind",
        f"{KINDS}:{function}",
        arguments,
        user_id=member.id,
        cooperative_id=member.cooperative_id,
        retries=retries,
    )


def test_an_unexpected_failure_is_retried_after_its_backoff(jobs_app, jobs_member, tmp_path):
    jobs_app.config["JOBS_RETRY_SECONDS"] = (1, 1)  # production waits 10 s, then 1 min
    job = _start(jobs_app, jobs_member, "fails_once", retries=2, marker=str(tmp_path / "marker"))
    assert fresh(Job, job.id).status == JobStatus.QUEUED  # the request only queued it
    worker = start_worker(jobs_app)  # not --burst: the retry is scheduled 1 s later
    try:
        done = _wait_for(job.id, lambda j: j.status == JobStatus.DONE, worker)
    finally:
        _stop(worker)
    assert (tmp_path / "marker").read_text() == "failed once"
    assert done.attempts == 2 and done.error == "" and done.result_key is not None
    client = sign_in(jobs_app.test_client(), jobs_member)
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'data-attempts="2"' in page and f"/jobs/{job.id}/result" in page
    assert client.get(f"/jobs/{job.id}/result").data == b"second time lucky"


def test_a_failure_without_retries_is_recorded_once(jobs_app, jobs_member):
    job = _start(jobs_app, jobs_member, "breaks", retries=0)
    finish_worker(start_worker(jobs_app, "--burst"))
    job = fresh(Job, job.id)
    assert job.status == JobStatus.FAILED and job.attempts == 1
    assert "ValueError" in job.error and job.finished_at is not None


def test_a_killed_worker_is_told_by_its_heartbeat_and_the_job_runs_again(
    jobs_app, jobs_member, tmp_path
):
    gate = tmp_path / "gate"
    job = _start(jobs_app, jobs_member, "waits_for", gate=str(gate))
    jobs_app.config["TEST_WORKER_ENV"]["JOBS_HEARTBEAT_SECONDS"] = "0.2"  # production: 5 s
    worker = start_worker(jobs_app, "--burst")
    started = _wait_for(job.id, lambda j: j.status == JobStatus.RUNNING, worker).heartbeat_at
    # No progress is reported while it waits: only the heartbeat thread writes.
    _wait_for(job.id, lambda j: j.heartbeat_at > started, worker)
    signal_all(freeze(worker.pid), signal.SIGKILL)  # the worker and its work horse
    worker.wait(timeout=30)
    client = sign_in(jobs_app.test_client(), jobs_member)
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in page  # dead for less than DEAD_AFTER: still waited on

    # A minute later the page says so and offers to run it again.
    killed = fresh(Job, job.id)
    killed.heartbeat_at = utcnow() - DEAD_AFTER - timedelta(seconds=1)
    _db.session.commit()
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'data-status="interrupted"' in page and 'http-equiv="refresh"' not in page
    gate.write_text("mở cổng")
    assert client.post(f"/jobs/{job.id}/again").status_code == 302
    assert fresh(Job, job.id).status == JobStatus.QUEUED
    finish_worker(start_worker(jobs_app, "--burst"))
    job = fresh(Job, job.id)
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert client.get(f"/jobs/{job.id}/result").data == "mở cổng".encode()


def test_a_push_to_a_partner_that_never_answers_leaves_the_request_at_once(
    jobs_app, jobs_member, httpserver
):
    """The request only queues the push; a real worker waits for the partner (4 × 1 s here,
    PUSH_TIMEOUT_SECONDS; the profile says 10 s) and records the timeout on the job, which the
    queue will try again."""
    from werkzeug import Response

    from tests.support.exports import ready_product

    url = httpserver.url_for("/v1/listings")
    jobs_app.config.update(PUSH_PROVINCE_URL=url, PUSH_PROVINCE_TOKEN="bi-mat")
    jobs_app.config["TEST_WORKER_ENV"].update(
        PUSH_PROVINCE_URL=url, PUSH_PROVINCE_TOKEN="bi-mat", PUSH_TIMEOUT_SECONDS="1"
    )
    ready_product(jobs_member.cooperative)
    release = threading.Event()
    httpserver.expect_request("/v1/listings", method="POST").respond_with_handler(
        lambda request: release.wait(60) and Response("{}", status=201)
    )
    client = sign_in(jobs_app.test_client(), jobs_member)
    try:
        response = client.post(
            "/exports/push",
            data={"marketplace": "province", "cooperative": [jobs_member.cooperative_id]},
        )
        job = _db.session.scalars(_db.select(Job)).one()
        assert response.status_code == 303 and job.status == JobStatus.QUEUED
        assert httpserver.log == []  # nothing was sent while the request waited
        finish_worker(start_worker(jobs_app, "--burst"))
    finally:
        release.set()
    job = fresh(Job, job.id)
    assert job.status == JobStatus.QUEUED and job.attempts == 1  # a retry is scheduled
    [line] = job.report
    with jobs_app.test_request_context():
        said = messages.read(line["message"])  # stored in no language, read in Vietnamese
    assert line["outcome"] == "failed" and "1 giây (4 lần thử)" in said
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Lần thử 1 thất bại" in page and "không gửi được" in page
