"""Export packs with photos are a job (app/exports/pack_jobs.py): the request queues it, the
job's page offers the ZIP from the media store, and the same data gives the same bytes, so
"run again" writes the same pack; a pack without photos is still sent at once."""

import zipfile

from app.clock import local_today
from app.exports import profiles
from app.extensions import db as _db
from app.models import Export, Job, JobStatus, export_items
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


def _exports() -> list[Export]:
    _db.session.expire_all()
    return list(_db.session.scalars(_db.select(Export)))


def test_run_again_brings_the_packs_export_up_to_date_instead_of_adding_one(as_member, member, db):
    coop = member.cooperative
    chosen = [
        ready_product(coop),
        ready_product(coop, name="Dầu lạc Lâm Bình", sku="LB-DL-1", seed=1),
    ]
    _post(as_member, "shopee", coop, chosen)
    [job] = _db.session.scalars(_db.select(Job)).all()
    [export] = _exports()
    assert export.product_count == 2 and job.arguments["export_id"] == export.id
    assert export.created_by_id == member.id

    chosen[1].variants[0].price_vnd = 0  # below Shopee's least price: no longer ready
    _db.session.commit()
    assert as_member.post(f"/jobs/{job.id}/again").status_code == 302
    assert as_member.post(f"/jobs/{job.id}/again").status_code == 302
    [again] = _exports()  # the same record, counted once in the history
    assert again.id == export.id and again.variant_count == 1 and again.blocked_count == 1
    items = _db.session.execute(_db.select(export_items.c.variant_id)).scalars().all()
    assert items == [chosen[0].variants[0].id]
    history = as_member.get("/exports/").get_data(as_text=True)
    recent = history.split('id="exports-heading"')[1].split("</tbody>")[0]
    assert recent.count("<tr>") == 1 + 1  # its head and one pack


def test_a_pack_without_photos_is_sent_at_once(as_member, member, db):
    coop = member.cooperative
    chosen = ready_product(coop)
    response = _post(as_member, "google", coop, [chosen])
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert _db.session.scalars(_db.select(Job)).all() == []
