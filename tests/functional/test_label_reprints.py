"""Reprints of many labels leave the request (app/labels/reprints.py): above JOB_ABOVE labels
a job writes the PDF to the media store with the run's codes, and its page offers it; a
small reprint is still answered at once."""

import re
from datetime import timedelta

import pytest

from app import create_app
from app.config import TestingConfig
from app.extensions import db as _db
from app.labels.reprints import JOB_ABOVE
from app.labels.services import run_codes
from app.models import BatchStatus, Job, JobStatus
from tests.support.batches import make_batch
from tests.support.clients import PASSWORD, sign_in
from tests.support.labels import decoded_pages, make_run, path_of
from tests.support.products import TODAY, make_product


@pytest.fixture
def batch(db, coop_tq):
    product = make_product(coop_tq, name="Lạc nhân đỏ Lâm Bình")
    return make_batch(product, "LB-LAC-2026-07", expires_on=TODAY + timedelta(days=150))


def _codes(pdf: bytes) -> list[str]:
    return [path_of(url) for page in decoded_pages(pdf, 150) for url in page]


def _reprint(client, run, first: int, last: int):
    """The run page's reprint form, sent."""
    data = {"start": str(first), "stop": str(last)}
    return client.post(f"/labels/runs/{run.id}/reprint.pdf", data=data)


def _jobs() -> list[Job]:
    _db.session.expire_all()
    return list(_db.session.scalars(_db.select(Job).order_by(Job.id)))


def test_a_large_reprint_is_a_job_whose_page_offers_the_same_codes(client, member, batch):
    run = make_run(batch, template="a4-4x10", count=JOB_ABOVE + 60, serialized=True)
    sign_in(client, member)
    first, last = 11, JOB_ABOVE + 20  # 310 labels
    response = _reprint(client, run, first, last)
    [job] = _jobs()
    assert response.status_code == 303 and response.location.endswith(f"/jobs/{job.id}")
    assert job.kind == "labels.reprint" and job.status == JobStatus.DONE
    assert (job.done, job.total) == (310, 310)
    assert job.arguments == {"run_id": run.id, "start": first, "stop": last}
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert f"/jobs/{job.id}/result" in page
    # A title people read, and the way back to the run.
    assert "<h1>In lại 310 tem – Lô LB-LAC-2026-07</h1>" in page
    assert f'href="/labels/runs/{run.id}" data-subject' in page
    pdf = client.get(f"/jobs/{job.id}/result")
    assert pdf.mimetype == "application/pdf"
    assert f"tem-LB-LAC-2026-07-a4-4x10-{run.id}-11-320.pdf" in pdf.headers["Content-Disposition"]
    expected = [f"/T/{code}" for code in run_codes(run, first, last)]
    assert _codes(pdf.data) == expected

    assert client.post(f"/jobs/{job.id}/again").status_code == 302  # the same labels again
    assert _codes(client.get(f"/jobs/{job.id}/result").data) == expected


def test_a_small_reprint_is_still_answered_at_once(client, member, batch):
    run = make_run(batch, template="a4-4x10", count=JOB_ABOVE + 60, serialized=True)
    sign_in(client, member)
    response = _reprint(client, run, 1, JOB_ABOVE)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert _jobs() == []


def test_a_recalled_batch_gets_no_reprint_job(client, member, batch):
    run = make_run(batch, template="a4-4x10", count=JOB_ABOVE + 60)
    batch.status = BatchStatus.RECALLED
    _db.session.commit()
    sign_in(client, member)
    response = _reprint(client, run, 1, JOB_ABOVE + 1)
    assert response.status_code == 409 and _jobs() == []


def test_a_batch_recalled_since_fails_the_job_run_again_with_the_reason(client, member, batch):
    run = make_run(batch, template="a4-4x10", count=JOB_ABOVE + 60)
    sign_in(client, member)
    _reprint(client, run, 1, JOB_ABOVE + 1)
    batch.status = BatchStatus.RECALLED
    _db.session.commit()
    assert client.post(f"/jobs/{_jobs()[0].id}/again").status_code == 302
    [job] = _jobs()
    assert job.status == JobStatus.FAILED and job.attempts == 2
    assert "thu hồi" in client.get(f"/jobs/{job.id}").get_data(as_text=True)
    english = client.get(f"/jobs/{job.id}?lang=en").get_data(as_text=True)
    assert "recalled" in english and "thu hồi" not in english


def test_a_reprint_is_asked_by_post_never_by_a_link(client, member, batch):
    run = make_run(batch, template="a4-4x10", count=JOB_ABOVE + 60)
    sign_in(client, member)
    page = client.get(f"/labels/runs/{run.id}").get_data(as_text=True)
    assert f'<form method="post" action="/labels/runs/{run.id}/reprint.pdf"' in page
    url = f"/labels/runs/{run.id}/reprint.pdf?start=1&stop={JOB_ABOVE + 1}"
    assert client.get(url).status_code == 405 and _jobs() == []


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_a_reprint_needs_the_forms_csrf_token(app, member, batch):
    run = make_run(batch, template="a4-4x10", count=JOB_ABOVE + 60)

    class CSRFConfig(TestingConfig):
        WTF_CSRF_ENABLED = True

    csrf_app = create_app(CSRFConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    if csrf_app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://":  # share the in-memory database
        csrf_app.extensions["sqlalchemy"]._app_engines[csrf_app] = {None: _db.engine}
    client = csrf_app.test_client()
    login = _token(client.get("/auth/login").get_data(as_text=True))
    data = {"login": member.email, "password": PASSWORD, "csrf_token": login}
    assert client.post("/auth/login", data=data).status_code == 302
    url = f"/labels/runs/{run.id}/reprint.pdf"
    forged = client.post(url, data={"start": "1", "stop": str(JOB_ABOVE + 1)})
    assert forged.status_code == 400 and _jobs() == []
    token = _token(client.get(f"/labels/runs/{run.id}").get_data(as_text=True))
    sent = client.post(url, data={"start": "1", "stop": str(JOB_ABOVE + 1), "csrf_token": token})
    assert sent.status_code == 303 and len(_jobs()) == 1
