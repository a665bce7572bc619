"""Label runs as jobs on a real Redis queue, written by real ``flask worker`` processes
(tests/support/jobs.py)."""

import signal
from datetime import timedelta

import pytest

from app.background.heartbeat import DEAD_AFTER
from app.extensions import db as _db
from app.labels.services import RunRequest, create_run, run_codes
from app.models import LabelKind, LabelRun, LinkForm, RunStatus
from app.models.base import utcnow
from tests.support.clients import sign_in
from tests.support.jobs import finish_worker, freeze_mid_run, fresh, signal_all, start_worker
from tests.support.labels import decoded_pages, path_of
from tests.support.products import TODAY
from tests.support.redis_workers import redis_answers
from tests.support.resolver import GTIN

pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis answers on 127.0.0.1:6379")


def _queue(app, run: LabelRun) -> str:
    from app import jobs

    job_id = jobs.enqueue(app, "app.labels.jobs:write_run", run.id, retries=3)
    assert isinstance(job_id, str)
    return job_id


def test_a_worker_killed_mid_run_leaves_it_to_a_second_worker_with_the_same_codes(
    jobs_app, jobs_member, jobs_batch
):
    client = jobs_app.test_client()
    sign_in(client, jobs_member)
    created = client.post(
        f"/labels/new?batch={jobs_batch.id}",
        data={"template": "a4-4x10", "kind": "serialized", "count": "800", "error_level": "M"},
    )
    assert created.status_code == 302, created.get_data(as_text=True)[-3000:]
    run = _db.session.scalars(_db.select(LabelRun)).one()
    first_serial, key = run.first_serial, run.serial_key
    assert run.status == RunStatus.QUEUED  # queued in Redis, not written by the request
    page = client.get(f"/labels/runs/{run.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in page and "<progress" in page

    worker = start_worker(jobs_app, "--burst")
    frozen = freeze_mid_run(worker, run.id)
    killed_at = fresh(LabelRun, run.id).done  # read while frozen: where the job stands
    assert 0 < killed_at <= run.count
    signal_all(frozen, signal.SIGKILL)  # the worker and its job process, with no warning
    worker.wait(timeout=30)
    run = fresh(LabelRun, run.id)
    assert run.status == RunStatus.RUNNING and run.file_key is None

    assert run.heartbeat_at is not None
    # A minute without a heartbeat later, the page stops waiting and offers to write it again.
    run.heartbeat_at = utcnow() - DEAD_AFTER - timedelta(seconds=1)
    _db.session.commit()
    page = client.get(f"/labels/runs/{run.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page and f"/labels/runs/{run.id}/write" in page
    assert client.post(f"/labels/runs/{run.id}/write").status_code == 302
    assert fresh(LabelRun, run.id).status == RunStatus.QUEUED

    finish_worker(start_worker(jobs_app, "--burst"))
    run = fresh(LabelRun, run.id)
    assert run.status == RunStatus.DONE and run.done == run.count
    assert (run.first_serial, run.serial_key) == (first_serial, key)  # nothing reallocated
    response = client.get(f"/labels/runs/{run.id}/labels.pdf")
    assert response.status_code == 200
    printed = [path_of(url) for page in decoded_pages(response.data, 100) for url in page]
    assert printed == [f"/T/{code}" for code in run_codes(run)]


def test_a_failed_run_shows_its_reason_is_not_retried_and_runs_again(
    jobs_app, jobs_member, jobs_batch
):
    from rq.job import Job

    from app.jobs import redis_connection

    run = create_run(
        jobs_batch,
        RunRequest("a4-4x10", 40, LabelKind.SERIALIZED, link=LinkForm.GS1),
        jobs_member.id,
        jobs_app.config["PUBLIC_BASE_URL"],
        TODAY,
    )
    job_id = _queue(jobs_app, run)
    job = Job.fetch(job_id, connection=redis_connection(jobs_app))
    assert job.retries_left == 3 and job.retry_intervals == [10, 60, 300]
    jobs_batch.product.gtin = None  # a label problem no retry can mend
    _db.session.commit()
    finish_worker(start_worker(jobs_app, "--burst", "--simple"))
    run = fresh(LabelRun, run.id)
    assert run.status == RunStatus.FAILED and "GTIN" in run.error
    assert job.get_status(refresh=True) == "finished"  # recorded on the run, not retried
    client = jobs_app.test_client()
    sign_in(client, jobs_member)
    page = client.get(f"/labels/runs/{run.id}").get_data(as_text=True)
    assert "GTIN" in page and f"/labels/runs/{run.id}/write" in page

    jobs_batch.product.gtin = GTIN
    _db.session.commit()
    assert client.post(f"/labels/runs/{run.id}/write").status_code == 302
    finish_worker(start_worker(jobs_app, "--burst", "--simple"))
    run = fresh(LabelRun, run.id)
    assert run.status == RunStatus.DONE and run.error == ""
    pdf = client.get(f"/labels/runs/{run.id}/labels.pdf").data
    assert len({url for page in decoded_pages(pdf, 150) for url in page}) == 40


def test_worker_refuses_to_start_without_redis(app):
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output


def test_a_large_reprint_is_written_by_a_worker_with_the_runs_codes(
    jobs_app, jobs_member, jobs_batch
):
    from app.labels.reprints import JOB_ABOVE
    from app.models import Job, JobStatus

    run = create_run(
        jobs_batch,
        RunRequest("a4-4x10", JOB_ABOVE + 40, LabelKind.SERIALIZED),
        jobs_member.id,
        jobs_app.config["PUBLIC_BASE_URL"],
        TODAY,
    )
    client = jobs_app.test_client()
    sign_in(client, jobs_member)
    response = client.post(
        f"/labels/runs/{run.id}/reprint.pdf", data={"start": "21", "stop": str(JOB_ABOVE + 40)}
    )
    assert response.status_code == 303  # queued: the request does not write it
    job = _db.session.scalars(_db.select(Job)).one()
    assert job.status == JobStatus.QUEUED
    assert 'http-equiv="refresh"' in client.get(f"/jobs/{job.id}").get_data(as_text=True)
    finish_worker(start_worker(jobs_app, "--burst"))
    _db.session.expire_all()
    assert job.status == JobStatus.DONE and job.attempts == 1
    pdf = client.get(f"/jobs/{job.id}/result").data
    printed = [path_of(url) for page in decoded_pages(pdf, 150) for url in page]
    assert printed == [f"/T/{code}" for code in run_codes(run, 21, JOB_ABOVE + 40)]
