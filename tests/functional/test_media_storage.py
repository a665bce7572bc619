"""The media path on both storage backends (app/storage.py): the local folder and a bucket of
the local S3 server (tests/support/s3.py). Each test runs once on each (``media_backend``).

Photos and their renditions, certificate scans, label PDFs, export packs and kept import
uploads are stored and served the same way, with the same headers, wherever the bytes live."""

import io
import time
from pathlib import Path

import pytest

from app import storage
from app.exports import profiles
from app.exports.services import run_export
from app.imports.services import keep_upload
from app.labels.services import build_run_file, run_key
from app.models import ProductImage, ProductStatus
from tests.support.batches import make_batch
from tests.support.certificates import PDF, VALID, certs, post_new
from tests.support.clients import sign_in
from tests.support.exports import TODAY, certificate, link, open_pack, ready_product
from tests.support.labels import make_run
from tests.support.product_images import make_product, photo

ONE_YEAR = 365 * 24 * 3600
pytestmark = pytest.mark.usefixtures("media_backend")


def _on_disk(app, key: str) -> bool:
    return (Path(app.config["MEDIA_ROOT"]) / key).is_file()


def _stored_where_configured(app, backend, key: str) -> None:
    """The key is in the backend, and on the local folder only when that is the backend."""
    assert backend.exists(key)
    assert _on_disk(app, key) == (backend.name == "local")


def test_an_uploaded_photo_and_its_renditions_are_served(
    app, client, db, member, coop_tq, media_backend
):
    product = make_product(coop_tq)
    sign_in(client, member)
    sent = photo(seed=31)
    response = client.post(
        f"/products/{product.id}/images/",
        data={"photos": [(io.BytesIO(sent), "anh.jpg")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    [image] = db.session.scalars(db.select(ProductImage)).all()
    keys = [image.original_key, image.thumb_key, image.square_key]
    for key in keys:
        _stored_where_configured(app, media_backend, key)
    # A draft's photos: its staff only, never cached by others.
    for key in keys:
        response = client.get(f"/media/{key}")
        assert response.status_code == 200, key
        assert response.cache_control.private and response.cache_control.no_cache
    client.post("/auth/logout")
    assert client.get(f"/media/{image.thumb_key}").status_code == 404
    # Once the product is active: anyone, cached for a year, revalidated with a 304.
    product.status = ProductStatus.ACTIVE
    db.session.commit()
    for key, mimetype in zip(keys, ("image/jpeg", "image/webp", "image/jpeg"), strict=True):
        response = client.get(f"/media/{key}")
        assert response.status_code == 200 and response.mimetype == mimetype
        assert response.cache_control.immutable and response.cache_control.max_age == ONE_YEAR
        with app.app_context():
            assert response.data == storage.read(key)
        again = client.get(f"/media/{key}", headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304
    assert client.get(f"/media/{image.original_key[:-4]}.png").status_code == 404


def test_a_certificate_scan_is_served_only_to_staff_and_never_cached(
    app, as_member, db, coop_tq, media_backend
):
    assert post_new(as_member, coop_tq, VALID, (PDF, "Quyết định OCOP.pdf")).status_code == 302
    (cert,) = certs(db)
    _stored_where_configured(app, media_backend, cert.document_key)
    url = f"/cooperatives/{coop_tq.id}/certificates/{cert.id}/scan"
    response = as_member.get(url)
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "OCOP" in response.headers["Content-Disposition"]
    as_member.post("/auth/logout")
    assert as_member.get(url).status_code in (302, 403, 404)


def test_a_label_pdf_is_written_to_storage_and_downloaded(
    app, client, db, member, coop_tq, media_backend
):
    batch = make_batch(make_product(coop_tq, name="Lạc nhân đỏ Lâm Bình"), "LB-LAC-2026-07")
    run = make_run(batch, count=5)
    build_run_file(run.id, "http://127.0.0.1:5000", TODAY)
    db.session.refresh(run)
    assert run.file_key == run_key(run)
    _stored_where_configured(app, media_backend, run.file_key)
    sign_in(client, member)
    response = client.get(f"/labels/runs/{run.id}/labels.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and response.headers["Content-Disposition"].startswith(
        "attachment"
    )
    assert not list(Path(app.config["MEDIA_ROOT"], "labels").glob(f".run-{run.id}-*.part"))


def test_an_export_pack_holds_the_stored_photos_and_scans(app, db, coop_tq, media_backend):
    with app.test_request_context():
        product = ready_product(coop_tq)
    scan = certificate(coop_tq)
    link(product, scan)
    _stored_where_configured(app, media_backend, product.images[0].square_key)
    out = io.BytesIO()
    with app.test_request_context():
        result = run_export(profiles.get("tiktok"), [coop_tq], out, TODAY, via="cli")
    pack = open_pack(out.getvalue())
    names = pack.namelist()
    photos = [n for n in names if n.startswith("anh/")]
    scans = [n for n in names if n.startswith("chung-nhan/")]
    assert photos and scans, names
    with app.app_context():
        assert pack.read(photos[0]) == storage.read(product.images[0].square_key)
        assert pack.read(scans[0]) == storage.read(scan.document_key)
    assert result.export.image_count == len(photos)


def test_kept_import_uploads_are_swept_once_stale(app, db, media_backend):
    with app.app_context():
        stale = keep_upload(b"name,phone\nA,0912345678\n")
        assert storage.exists(stale)
        assert storage.read(stale).startswith(b"name,phone")
        assert storage.sweep("imports", time.time() - 3600) == 0  # fresh: kept
        time.sleep(1.1)  # S3 keeps whole seconds
        storage.touch(stale)  # uploaded again: fresh again
        assert storage.sweep("imports", time.time() - 1) == 0
        assert storage.sweep("imports", time.time() + 1) == 1
        assert not storage.exists(stale)
        with pytest.raises(FileNotFoundError):
            storage.read(stale)
        storage.delete(stale)  # nothing there: nothing to do


def test_named_keys_are_replaced_and_bad_keys_refused(app, media_backend):
    with app.app_context():
        storage.put("labels/run-999.pdf", b"%PDF-1 first")
        storage.put("labels/run-999.pdf", b"%PDF-1 second")
        assert storage.read("labels/run-999.pdf") == b"%PDF-1 second"
        assert "labels/run-999.pdf" in set(media_backend.all_keys())
        for bad in ("../etc/passwd", "labels/../x.pdf", "/labels/run-1.pdf", "LABELS/x.pdf"):
            assert not storage.exists(bad)
            with pytest.raises(ValueError):
                storage.read(bad)
