"""Label runs bounded: a run that can no longer be printed answers a clear page, a recalled
batch's labels are neither printed nor downloaded again (their codes still answer, in red),
a cooperative's runs have a quota, a run waiting is not queued twice, and label PDFs are
stored with the mode of other media."""

from datetime import timedelta

import pytest

from app import storage
from app.extensions import db as _db
from app.labels.services import build_run_file, run_codes, run_key
from app.models import LabelRun, RunStatus
from app.models.base import utcnow
from tests.support.batches import make_batch
from tests.support.clients import sign_in
from tests.support.labels import make_run
from tests.support.products import TODAY, make_product

BASE = "http://127.0.0.1:5000"


def _ask(client, url: str):
    """A reprint is a POST of labels 1 to 3 (the form), the other files are GETs."""
    if url.endswith("reprint.pdf"):
        return client.post(url, data={"start": "1", "stop": "3"})
    return client.get(url)


@pytest.fixture
def batch(db, coop_tq):
    return make_batch(make_product(coop_tq, name="Lạc nhân đỏ Lâm Bình"), "LB-LAC-2026-07")


def _runs() -> list[LabelRun]:
    _db.session.expire_all()
    return list(_db.session.scalars(_db.select(LabelRun).order_by(LabelRun.id)))


def _create(client, batch, count="24", **fields):
    data = {"template": "a4-5x13", "kind": "serialized", "count": count, "error_level": "M"}
    return client.post(f"/labels/new?batch={batch.id}", data=data | fields)


def test_a_run_that_no_longer_fits_answers_a_clear_page(client, member, coop_tq):
    from tests.support.resolver import gtin_product

    batch = make_batch(gtin_product(coop_tq, name="Lạc nhân đỏ"), "LB-1")
    run = make_run(batch, serialized=True, count=10, link="gs1")
    batch.product.gtin = None  # the product lost its barcode number after printing
    _db.session.commit()
    sign_in(client, member)
    for url in ("reprint.pdf", "label-2.png", "label-2.svg"):
        response = _ask(client, f"/labels/runs/{run.id}/{url}")
        assert response.status_code == 409, url
        text = response.get_data(as_text=True)
        assert response.mimetype == "text/html" and "GTIN" in text and 'role="alert"' in text


def test_labels_of_a_recalled_batch_are_not_printed_again(client, member, batch):
    from app.trace.services import recall_batch

    run = make_run(batch, serialized=True, count=3)
    build_run_file(run.id, BASE, TODAY)
    recall_batch(batch, "Aflatoxin vượt ngưỡng", "Ngừng sử dụng", TODAY, None, TODAY)
    sign_in(client, member)
    page = client.get(f"/labels/runs/{run.id}").get_data(as_text=True)
    assert "thu hồi" in page and f"/labels/runs/{run.id}/labels.pdf" not in page
    for url in ("labels.pdf", "reprint.pdf", "label-1.png", "label-1.svg"):
        response = _ask(client, f"/labels/runs/{run.id}/{url}")
        assert response.status_code == 409, url
        assert "thu hồi" in response.get_data(as_text=True)
    rewrite = client.post(f"/labels/runs/{run.id}/write", follow_redirects=True)
    assert "thu hồi" in rewrite.get_data(as_text=True)
    assert _runs()[0].status == RunStatus.DONE
    preview = client.get(f"/labels/preview.png?batch={batch.id}&template=a4-5x13&count=5")
    assert preview.status_code in (302, 400) and preview.mimetype != "image/png"
    for code in run_codes(run):  # printed codes keep answering, in red
        answer = client.get(f"/t/{code}")
        assert answer.status_code == 200 and "recall-banner" in answer.get_data(as_text=True)


def test_a_cooperative_has_a_few_runs_waiting_at_a_time(app, client, member, batch):
    pending = app.config["LABEL_MAX_PENDING_RUNS"]
    for _ in range(pending):
        make_run(batch, serialized=True, count=5)  # queued, their job not started
    sign_in(client, member)
    response = _create(client, batch)
    assert response.status_code == 200
    assert "đang chờ hoặc đang được ghi" in response.get_data(as_text=True)
    assert len(_runs()) == pending
    stale = _runs()[0]  # a run whose worker was lost no longer holds a place
    stale.created_at = utcnow() - timedelta(hours=1)
    _db.session.commit()
    assert _create(client, batch).status_code == 302
    assert len(_runs()) == pending + 1


def test_a_cooperative_queues_a_bounded_number_of_labels_a_day(
    app, client, member, batch, monkeypatch
):
    monkeypatch.setitem(app.config, "LABEL_DAILY_LABELS", 100)
    sign_in(client, member)
    assert _create(client, batch, count="60").status_code == 302
    refused = _create(client, batch, count="60")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "100" in text and "40" in text
    assert len(_runs()) == 1
    assert _create(client, batch, count="40").status_code == 302


def test_a_run_waiting_or_being_written_is_not_queued_again(client, member, batch):
    run = make_run(batch, serialized=True, count=5)
    sign_in(client, member)
    for status in (RunStatus.QUEUED, RunStatus.RUNNING):
        run.status = status
        _db.session.commit()
        response = client.post(f"/labels/runs/{run.id}/write", follow_redirects=True)
        assert "đang chờ hoặc đang được ghi" in response.get_data(as_text=True)
        assert _runs()[0].status == status and _runs()[0].file_key is None
    run.status = RunStatus.FAILED
    _db.session.commit()
    response = client.post(f"/labels/runs/{run.id}/write")
    assert response.status_code == 302
    assert _runs()[0].status == RunStatus.DONE and _runs()[0].file_key is not None


def test_label_pdfs_have_the_mode_of_other_media(app, client, member, batch):
    sign_in(client, member)
    _create(client, batch, count="5")
    [run] = _runs()
    with app.app_context():
        path = storage.path_for(run_key(run))
        other = storage.path_for(storage.save(b"%PDF-1.4 sample", "certificates", "pdf"))
    assert path.stat().st_mode & 0o777 == other.stat().st_mode & 0o777
