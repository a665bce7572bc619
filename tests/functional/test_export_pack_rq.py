"""An export pack with photos written by a real ``flask worker`` process from the Redis queue
(tests/support/jobs.py), on the suite's database (PostgreSQL, or a SQLite file): the request
only queues it, the worker writes the ZIP to the media store, and the ZIP downloaded from
the job's page opens as a marketplace opens it (openpyxl for the sheet, Pillow for the
photos); run again by a second worker, it is the same pack and the same export record."""

import io

import pytest
from PIL import Image

from app.exports import profiles
from app.extensions import db as _db
from app.models import Export, Job, JobStatus
from tests.support.clients import sign_in
from tests.support.exports import open_pack, ready_product, sheet_rows
from tests.support.jobs import finish_worker, start_worker
from tests.support.redis_workers import redis_answers

pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis answers on 127.0.0.1:6379")


def _job() -> Job:
    _db.session.expire_all()
    return _db.session.scalars(_db.select(Job)).one()


def test_a_worker_writes_the_pack_whose_sheet_and_photos_open(jobs_app, jobs_member):
    member = jobs_member
    coop = member.cooperative
    chosen = [
        ready_product(coop),
        ready_product(coop, name="Dầu lạc nguyên chất Lâm Bình", sku="LB-DL-250", seed=1),
    ]
    client = sign_in(jobs_app.test_client(), member)
    data = {"marketplace": "shopee", "cooperative": [coop.id], "product": [p.id for p in chosen]}
    response = client.post("/exports/download", data=data)
    job = _job()
    assert response.status_code == 303 and response.location.endswith(f"/jobs/{job.id}")
    assert job.status == JobStatus.QUEUED  # the request only queued it
    assert 'http-equiv="refresh"' in client.get(f"/jobs/{job.id}").get_data(as_text=True)

    finish_worker(start_worker(jobs_app, "--burst"))
    job = _job()
    assert job.status == JobStatus.DONE and job.attempts == 1 and (job.done, job.total) == (2, 2)
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Gói xuất lên Shopee" in page and f"/jobs/{job.id}/result" in page
    download = client.get(f"/jobs/{job.id}/result")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    pack = open_pack(download.data)

    profile = profiles.get("shopee")
    _, rows = sheet_rows(pack, profile)  # openpyxl reads the .xlsx
    assert {"LB-LAC-500", "LB-DL-250"} <= {str(v) for row in rows for v in row.values()}
    photos = [name for name in pack.namelist() if name.startswith("anh/")]
    assert len(photos) >= 2
    for name in photos:
        with Image.open(io.BytesIO(pack.read(name))) as photo:
            photo.load()  # the whole image decodes
            assert photo.format == "JPEG" and photo.width == photo.height >= 500

    assert client.post(f"/jobs/{job.id}/again").status_code == 302
    finish_worker(start_worker(jobs_app, "--burst"))
    job = _job()
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert client.get(f"/jobs/{job.id}/result").data == download.data  # the same pack
    [export] = _db.session.scalars(_db.select(Export)).all()  # counted once
    assert export.product_count == 2 and job.arguments["export_id"] == export.id
