"""The demo jobs (app/background/demo.py): the officer of Tuyên Quang finds, in the job list,
the Voso.vn pack with photos (its ZIP downloads and opens, and the export history counts it
once), the oil's reprint (its PDF is the run's labels) and a push that failed on one
listing, with its reason and "Chạy lại"."""

import io
import re

from PIL import Image

from app.demo import DEMO_PASSWORD, seed_demo
from app.extensions import db as _db
from app.models import Export, Job, JobStatus, User
from tests.support.clients import sign_in
from tests.support.exports import open_pack

OFFICER = "lan.khuyennong@tuyenquang.example.vn"


def _officer():
    return _db.session.scalar(_db.select(User).where(User.email == OFFICER))


def test_the_demo_shows_a_pack_a_reprint_and_a_failed_push(app, db, demo, client):
    assert not [line for line in seed_demo() if line.startswith("job ")]  # seeded once
    sign_in(client, _officer(), DEMO_PASSWORD)
    listed = client.get("/jobs/").get_data(as_text=True)
    jobs = {job.kind: job for job in _db.session.scalars(_db.select(Job))}
    assert set(jobs) == {"exports.pack", "labels.reprint", "exports.push"}
    assert all(f'data-job="{job.id}"' in listed for job in jobs.values())
    assert "Gói xuất lên Voso.vn – HTX Lâm Bình" in listed
    assert "In lại 200 tem – Lô" in listed

    pack = jobs["exports.pack"]
    assert pack.status == JobStatus.DONE
    zipped = open_pack(client.get(f"/jobs/{pack.id}/result").data)
    photos = [name for name in zipped.namelist() if name.startswith("anh/")]
    assert photos
    with Image.open(io.BytesIO(zipped.read(photos[0]))) as photo:
        photo.load()
    [export] = _db.session.scalars(_db.select(Export).where(Export.marketplace == "voso"))
    assert pack.arguments["export_id"] == export.id  # the demo's Voso export, not a second

    reprint = jobs["labels.reprint"]
    page = client.get(f"/jobs/{reprint.id}").get_data(as_text=True)
    back = re.search(r'href="(/labels/runs/\d+)" data-subject', page)[1]
    assert client.get(back).status_code == 200
    pdf = client.get(f"/jobs/{reprint.id}/result")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    run_id = reprint.arguments["run_id"]
    assert pdf.data == client.get(f"/labels/runs/{run_id}/labels.pdf").data  # the same labels

    push = jobs["exports.push"]
    page = client.get(f"/jobs/{push.id}").get_data(as_text=True)
    assert push.status == JobStatus.FAILED and "Chạy lại" in page
    assert "1 trên 2 tin đăng không gửi được" in page
    assert "HTTP 503." in page and 'data-outcome="failed"' in page
    assert 'href="/exports/check?marketplace=province' in page
    english = client.get(f"/jobs/{push.id}?lang=en").get_data(as_text=True)
    assert "1 of 2 listings could not be sent" in english and "Run again" in english
