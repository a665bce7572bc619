"""A file chosen on a form that then fails is kept, shown as chosen and used once (issue 18).

Certificate scans, product photos and trace event photos and documents: the file survives a
validation error, the corrected form saves it exactly once (one row, one stored file), and
its token works for nobody else, on no other form, not twice and not after two hours.
"""

import io
import uuid

import pytest

from app import kept_uploads
from app.models import Cooperative, ProductImage
from tests.support import factories
from tests.support.certificates import PDF, VALID, certs, png_bytes, post_new, scan_files
from tests.support.clients import PASSWORD, sign_in
from tests.support.cooperatives import form_data, logo_files, post_edit
from tests.support.events import events_of, form, make_batch
from tests.support.kept_uploads import aged, kept_keys, tokens
from tests.support.media import media_files
from tests.support.onboarding import DONE_SHOP, post_step, steps
from tests.support.product_images import TEXT, make_product, photo

NEW_CERT = "/cooperatives/{}/certificates/new"


def _cert_kept(client, coop, name="Quyết định OCOP.pdf", data=PDF) -> str:
    """Send a certificate with a scan and no number: refused, the scan kept; its token."""
    response = post_new(client, coop, dict(VALID, number=""), (data, name))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    [token] = tokens(page, "scan")
    return token


def _send(client, url, data):
    return client.post(url, data=data, content_type="multipart/form-data")


# --- certificate scans ------------------------------------------------------------------------


def test_a_scan_survives_an_error_and_is_saved_once(app, as_member, db, coop_tq):
    before = scan_files(app)  # other tests' scans share the session's media folder
    scan = PDF + b"%" + uuid.uuid4().hex.encode() + b"\n"  # bytes no other test stored
    token = _cert_kept(as_member, coop_tq, data=scan)
    page = _send(as_member, NEW_CERT.format(coop_tq.id), dict(VALID, number="")).get_data(
        as_text=True
    )
    assert tokens(page, "scan") == []  # a form sent without the token has no file
    page = post_new(as_member, coop_tq, dict(VALID, number="")).get_data(as_text=True)
    assert certs(db) == [] and scan_files(app) == before
    with app.test_request_context():
        assert len(kept_keys()) == 1

    data = dict(VALID, number="", scan_kept=token)
    again = _send(as_member, NEW_CERT.format(coop_tq.id), data).get_data(as_text=True)
    assert "Đã chọn: Quyết định OCOP.pdf" in again and tokens(again, "scan") == [token]

    response = _send(as_member, NEW_CERT.format(coop_tq.id), dict(VALID, scan_kept=token))
    assert response.status_code == 302
    [cert] = certs(db)
    assert cert.document_name == "Quyết định OCOP.pdf"
    assert len(scan_files(app) - before) == 1 and storage_bytes(app, cert.document_key) == scan
    with app.test_request_context():
        assert kept_keys() == []  # used, and gone

    replay = _send(as_member, NEW_CERT.format(coop_tq.id), dict(VALID, number="2", scan_kept=token))
    assert replay.status_code == 200
    assert "Tệp đã chọn trước đó không còn được giữ" in replay.get_data(as_text=True)
    assert len(certs(db)) == 1 and len(scan_files(app) - before) == 1


def storage_bytes(app, key):
    with app.app_context():
        from app import storage

        return storage.read(key)


def test_a_new_file_replaces_the_kept_one_and_unselect_lets_it_go(app, as_member, db, coop_tq):
    token = _cert_kept(as_member, coop_tq)
    data = dict(VALID, scan_kept=token, scan=(io.BytesIO(png_bytes()), "ảnh mới.png"))
    assert _send(as_member, NEW_CERT.format(coop_tq.id), data).status_code == 302
    assert certs(db)[0].document_name == "ảnh mới.png"
    with app.test_request_context():
        assert kept_keys() == []

    token = _cert_kept(as_member, coop_tq)
    data = dict(VALID, number="Số 2", scan_kept=token, scan_drop=token)
    assert _send(as_member, NEW_CERT.format(coop_tq.id), data).status_code == 302
    assert certs(db)[1].document_key is None
    with app.test_request_context():
        assert kept_keys() == []


def test_a_bad_file_is_not_kept(app, as_member, coop_tq):
    response = post_new(as_member, coop_tq, dict(VALID, number=""), (TEXT, "scan.pdf"))
    assert tokens(response.get_data(as_text=True), "scan") == []
    with app.test_request_context():
        assert kept_keys() == []


def test_another_user_cannot_use_the_token(app, as_member, db, coop_tq):
    token = _cert_kept(as_member, coop_tq)
    other = factories.UserFactory(role="member", cooperative=coop_tq, password=PASSWORD)
    client = sign_in(app.test_client(), other)
    response = _send(client, NEW_CERT.format(coop_tq.id), dict(VALID, scan_kept=token))
    assert response.status_code == 200
    assert "Không dùng được tệp đã chọn trước đó trên biểu mẫu này" in response.get_data(
        as_text=True
    )
    assert certs(db) == []


def test_a_token_from_another_form_is_refused(as_member, db, coop_tq, coop_ld):
    token = _cert_kept(as_member, coop_tq)
    batch = make_batch(coop_tq)
    data = dict(form(kind="inspection"), inspection_document_kept=token)
    response = _send(as_member, f"/trace/batches/{batch.id}/events/new", data)
    assert response.status_code == 200 and events_of(batch) == []
    assert "Không dùng được tệp đã chọn trước đó" in response.get_data(as_text=True)


def test_an_expired_token_is_refused_and_old_files_are_swept(app, as_member, db, coop_tq, runner):
    token = _cert_kept(as_member, coop_tq)
    old = aged(token, kept_uploads.MAX_AGE + 60, app.config["SECRET_KEY"])
    response = _send(as_member, NEW_CERT.format(coop_tq.id), dict(VALID, scan_kept=old))
    assert response.status_code == 200 and certs(db) == []
    assert "đã hết hạn" in response.get_data(as_text=True)

    with app.test_request_context():
        assert kept_uploads.sweep() == 0  # two hours have not passed
        assert len(kept_keys()) == 1
    result = runner.invoke(args=["media", "sweep-kept", "--older-than", "0"])
    assert result.exit_code == 0, result.output
    assert "1 kept file deleted" in result.output
    with app.test_request_context():
        assert kept_keys() == []


@pytest.mark.usefixtures("media_backend")
def test_kept_scans_work_on_either_storage_backend(app, as_member, db, coop_tq):
    token = _cert_kept(as_member, coop_tq, "chứng nhận.png", png_bytes())
    response = _send(as_member, NEW_CERT.format(coop_tq.id), dict(VALID, scan_kept=token))
    assert response.status_code == 302
    [cert] = certs(db)
    assert storage_bytes(app, cert.document_key) == png_bytes()
    with app.test_request_context():
        assert kept_keys() == []


# --- product photos ---------------------------------------------------------------------------


def test_good_photos_survive_a_bad_one_and_are_saved_once(app, as_member, db, coop_tq):
    product = make_product(coop_tq)
    url = f"/products/{product.id}/images/"
    before = media_files(app, "images")
    files = [(io.BytesIO(photo(seed=3)), "vườn chè.jpg"), (io.BytesIO(TEXT), "ghi chú.jpg")]
    response = _send(as_member, url, {"photos": files})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Đã chọn: vườn chè.jpg" in page
    [token] = tokens(page, "photos")
    assert media_files(app, "images") == before

    response = _send(as_member, url, {"photos_kept": token})
    assert response.status_code == 302
    rows = db.session.query(ProductImage).filter_by(product_id=product.id).all()
    assert len(rows) == 1
    stored = media_files(app, "images")
    originals = {p.name for p in stored - before if "-" not in p.stem}
    assert originals == {rows[0].original_key.rsplit("/", 1)[1]}  # one original, stored once

    replay = _send(as_member, url, {"photos_kept": token})
    assert replay.status_code == 200
    assert db.session.query(ProductImage).filter_by(product_id=product.id).count() == 1
    assert media_files(app, "images") == stored


# --- trace events -----------------------------------------------------------------------------


def test_event_photos_and_document_survive_an_error(app, as_member, db, coop_tq):
    batch = make_batch(coop_tq)
    url = f"/trace/batches/{batch.id}/events/new"
    data = dict(
        form(kind="inspection", occurred_on=""),
        photos=[(io.BytesIO(photo(seed=5)), "mẫu lạc.jpg")],
        inspection_document=(io.BytesIO(PDF), "phiếu kết quả.pdf"),
    )
    page = _send(as_member, url, data).get_data(as_text=True)
    [photo_token] = tokens(page, "photos")
    [document_token] = tokens(page, "inspection_document")
    assert "Đã chọn: mẫu lạc.jpg" in page and "Đã chọn: phiếu kết quả.pdf" in page
    assert events_of(batch) == []

    fixed = dict(
        form(kind="inspection", inspection_result="pass"),
        photos_kept=photo_token,
        inspection_document_kept=document_token,
    )
    assert _send(as_member, url, fixed).status_code == 302
    [event] = events_of(batch)
    assert len(event.photo_keys) == 1
    assert event.details["document_name"] == "phiếu kết quả.pdf"

    replay = _send(as_member, url, fixed)
    assert replay.status_code == 200 and len(events_of(batch)) == 1
    with app.test_request_context():
        assert kept_keys() == []


# --- logos and onboarding evidence -------------------------------------------------------------


def test_a_logo_survives_an_error_and_is_saved_once(app, as_officer, db, coop_tq):
    before = logo_files(app)
    response = post_edit(as_officer, coop_tq, (png_bytes(), "logo htx.png"), tax_code="12")
    [token] = tokens(response.get_data(as_text=True), "logo")
    assert logo_files(app) == before
    data = dict(form_data(coop_tq), logo_kept=token)
    assert _send(as_officer, f"/cooperatives/{coop_tq.id}/edit", data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Cooperative, coop_tq.id).logo_key is not None
    assert len(logo_files(app) - before) == 2  # the two square renditions, once
    with app.test_request_context():
        assert kept_keys() == []


def test_onboarding_evidence_survives_an_error(app, as_officer, db, coop_tq):
    bad = dict(DONE_SHOP, evidence_url="voso.vn/gian-hang")
    page = post_step(as_officer, coop_tq, bad, file=(PDF, "ảnh gian hàng.pdf")).get_data(
        as_text=True
    )
    [token] = tokens(page, "evidence_file")
    assert "Đã chọn: ảnh gian hàng.pdf" in page and steps(db) == []
    fixed = post_step(as_officer, coop_tq, dict(DONE_SHOP, evidence_file_kept=token))
    assert fixed.status_code == 302
    [row] = steps(db)
    assert row.evidence_name == "ảnh gian hàng.pdf"
