"""Export packs with photos are a job (app/exports/pack_jobs.py): the request queues it, the
job's page offers the ZIP from the media store, and the same data gives the same bytes, so
"run again" writes the same pack; a pack without photos is still sent at once."""

import zipfile

from app.clock import local_today
from app.exports import profiles
from app.extensions import db as _db
from app.models import Export, Job, JobStatus
from tests.support.exports import certificate, link, open_pack, ready_product


def _post(client, marketplace, coop, products):
    data = {"marketplace": marketplace, "cooperative": [coop.id]}
    return client.post("/exports/download", data={**data, "product": [p.id for p in products]})


def test_a_pack_with_photos_is_a_job_and_runs_again_to_the_same_bytes(as_member, member, db):
    coop = member.cooperative
    chosen = ready_product(coop)
    link(chosen, certificate(coop, number="VietGAP-TT-01", expires_in=200))
    response = _post(as_member, "shopee", coop, [chosen])
    [job] = _db.session.scalars(_db.select(Job)).all()
    assert response.status_code == 303 and response.location.endswith(f"/jobs/{job.id}")
    assert job.kind == "exports.pack" and job.status == JobStatus.DONE
    assert (job.done, job.total) == (1, 1) and job.result_key == f"exports/pack-{job.id}.zip"
    page = as_member.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert f"/jobs/{job.id}/result" in page and "lensan-shopee-" in page
    first = as_member.get(f"/jobs/{job.id}/result")
    assert first.mimetype == "application/zip"
    assert f"lensan-shopee-{coop.slug}-" in first.headers["Content-Disposition"]
    pack = open_pack(first.data)
    assert any(name.startswith("anh/") for name in pack.namelist())
    day = (*local_today().timetuple()[:3], 0, 0, 0)  # dated by its day, not its moment
    assert {info.date_time for info in pack.infolist()} == {day}
    sheet = zipfile.ZipFile(pack.open(profiles.get("shopee").file.name))  # the .xlsx inside
    assert {info.date_time for info in sheet.infolist()} == {day}

    assert as_member.post(f"/jobs/{job.id}/again").status_code == 302
    again = as_member.get(f"/jobs/{job.id}/result")
    assert again.data == first.data  # the same pack, byte for byte
    assert _db.session.scalar(_db.select(_db.func.count()).select_from(Export)) == 2


def test_a_pack_without_photos_is_sent_at_once(as_member, member, db):
    coop = member.cooperative
    chosen = ready_product(coop)
    response = _post(as_member, "google", coop, [chosen])
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert _db.session.scalars(_db.select(Job)).all() == []
