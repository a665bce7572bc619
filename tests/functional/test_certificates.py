"""Certificates through the browser's interface: add, edit, delete, scans, status marks.

Every bad input is explained beside its field and changes nothing; nobody reaches another
cooperative's certificates, by URL or by a tampered id.
"""

import io
import re
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest

from app.certificates.rules import add_months
from tests.support.certificates import (
    PDF,
    TODAY,
    VALID,
    VIETGAP,
    certs,
    edit_url,
    make_cert,
    png_bytes,
    post_new,
    scan_files,
)

# --- adding -------------------------------------------------------------------------------


def test_member_adds_an_ocop_certificate_with_a_scan(app, as_member, db, coop_tq):
    response = post_new(as_member, coop_tq, VALID, (PDF, "Quyết định OCOP.pdf"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cooperatives/{coop_tq.id}#certificates")
    (cert,) = certs(db)
    assert (cert.kind, cert.ocop_stars, cert.number) == ("ocop", 3, "1578/QĐ-UBND")
    assert cert.expires_on == add_months(TODAY - timedelta(days=100), 36)  # OCOP: 36 months
    assert cert.document_key.startswith("certs/") and cert.document_key.endswith(".pdf")
    assert cert.document_name == "Quyết định OCOP.pdf"
    assert (Path(app.config["MEDIA_ROOT"]) / cert.document_key).read_bytes() == PDF
    page = as_member.get(response.headers["Location"]).get_data(as_text=True)
    assert "OCOP 3 sao" in page and "Còn hiệu lực" in page and "1578/QĐ-UBND" in page


def test_dates_typed_as_dd_mm_yyyy_are_understood(as_officer, db, coop_tq):
    issued = TODAY - timedelta(days=30)
    data = dict(VIETGAP, issued_on=issued.strftime("%d/%m/%Y"))
    assert post_new(as_officer, coop_tq, data).status_code == 302
    assert certs(db)[0].issued_on == issued


def test_nfd_text_and_file_name_are_stored_as_nfc(as_member, db, coop_tq):
    nfd = {k: unicodedata.normalize("NFD", v) for k, v in VALID.items()}
    post_new(as_member, coop_tq, nfd, (png_bytes(), unicodedata.normalize("NFD", "Giấy ảnh.png")))
    (cert,) = certs(db)
    assert cert.issuer == VALID["issuer"] and cert.scope == VALID["scope"]
    assert cert.document_name == "Giấy ảnh.png"
    for value in (cert.issuer, cert.scope, cert.number, cert.document_name):
        assert unicodedata.is_normalized("NFC", value)


def test_a_renamed_file_gets_the_extension_of_its_content(as_member, db, coop_tq):
    post_new(as_member, coop_tq, VALID, (PDF, "../../tmp/scan.exe"))
    assert certs(db)[0].document_name == "scan.pdf"


def test_saving_an_expired_certificate_warns_that_buyers_will_not_see_it(as_member, db, coop_tq):
    data = dict(
        VIETGAP,
        issued_on=add_months(TODAY, -25).isoformat(),
        expires_on=add_months(TODAY, -1).isoformat(),
    )
    assert post_new(as_member, coop_tq, data).status_code == 302
    page = as_member.get(f"/cooperatives/{coop_tq.id}").get_data(as_text=True)
    assert "người mua sẽ không thấy nó là còn hiệu lực" in page
    assert "Đã hết hạn" in page


BAD_INPUT = [
    (
        {"expires_on": (TODAY - timedelta(days=200)).isoformat()},
        "expires_on",
        "Ngày hết hạn phải sau ngày cấp.",
    ),
    ({"expires_on": VALID["issued_on"]}, "expires_on", "Ngày hết hạn phải sau ngày cấp."),
    (
        {"kind": "vietgap", "expires_on": add_months(TODAY, 6).isoformat()},
        "ocop_stars",
        "Chỉ chứng nhận OCOP mới có số sao.",
    ),
    ({"ocop_stars": ""}, "ocop_stars", "Chứng nhận OCOP phải có số sao (3, 4 hoặc 5)."),
    ({"ocop_stars": "7"}, "ocop_stars", "Sản phẩm OCOP được công nhận 3, 4 hoặc 5 sao."),
    ({"ocop_stars": "abc"}, "ocop_stars", "Chứng nhận OCOP phải có số sao"),
    ({"kind": "iso9001"}, "kind", "Hãy chọn loại chứng nhận."),
    ({"kind": ""}, "kind", "Hãy chọn loại chứng nhận."),
    ({"number": ""}, "number", "Hãy nhập số ghi trên giấy chứng nhận."),
    ({"number": "   "}, "number", "Hãy nhập số ghi trên giấy chứng nhận."),
    ({"number": "9" * 10_000}, "number", "Tối đa 80 ký tự."),
    ({"issuer": ""}, "issuer", "Hãy nhập cơ quan, tổ chức đã cấp chứng nhận."),
    ({"issuer": "Ủ" * 10_000}, "issuer", "Tối đa 200 ký tự."),
    ({"scope": "x" * 10_000}, "scope", "Tối đa 2000 ký tự."),
    ({"issued_on": ""}, "issued_on", "Hãy nhập ngày cấp."),
    ({"issued_on": "31/02/2024"}, "issued_on", "Không có ngày này"),
    ({"issued_on": "hôm qua"}, "issued_on", "Hãy nhập một ngày có thật, dạng dd/mm/yyyy."),
    (
        {"issued_on": (TODAY + timedelta(days=1)).isoformat()},
        "issued_on",
        "Ngày cấp không thể ở tương lai.",
    ),
    ({"issued_on": "1975-04-30"}, "issued_on", "Kiểm tra lại ngày cấp: ngày này trước năm 1990."),
    ({"expires_on": "2024-13-01"}, "expires_on", "Không có ngày này"),
    (
        {"expires_on": add_months(TODAY, 40).isoformat()},
        "expires_on",
        "Giấy chứng nhận OCOP có hiệu lực 36 tháng kể từ ngày cấp.",
    ),
    (
        dict(VIETGAP, expires_on=add_months(TODAY, 30).isoformat()),
        "expires_on",
        "Giấy chứng nhận VietGAP có hiệu lực tối đa 2 năm",
    ),
    (dict(VIETGAP, expires_on=""), "expires_on", "Hãy nhập ngày hết hạn ghi trên giấy chứng nhận."),
    (
        dict(VIETGAP, kind="other", expires_on="2099-01-01"),
        "expires_on",
        "cách ngày cấp hơn 10 năm",
    ),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_bad_input_is_explained_beside_the_field_and_nothing_is_saved(
    app, as_member, db, coop_tq, overrides, field, message
):
    before = scan_files(app)
    response = post_new(as_member, coop_tq, dict(VALID, **overrides), (PDF, "qd.pdf"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert f'id="{field}-error"' in html
    assert 'aria-invalid="true"' in html
    kept = "scope" if field == "issuer" else "issuer"
    assert dict(VALID, **overrides)[kept] in html  # what the user typed is kept
    assert certs(db) == []
    assert scan_files(app) == before


BAD_FILES = [
    (
        b"MZ\x90\x00\x03\x00\x00\x00" + bytes(2000),
        "giay-chung-nhan.pdf",
        "không phải PDF, JPEG, PNG hay WebP",
    ),
    (b"MZ\x90\x00" + bytes(500), "anh.jpg", "không phải PDF, JPEG, PNG hay WebP"),
    (b"<html><script>alert(1)</script></html>", "scan.png", "không phải PDF, JPEG, PNG hay WebP"),
    (b"GIF89a" + bytes(100), "scan.gif", "không phải PDF, JPEG, PNG hay WebP"),
    (b"%PDF-1.4\n1 0 obj\n<<>>\n", "cut.pdf", "Tệp PDF này bị hỏng hoặc không đầy đủ."),
    (png_bytes()[:60], "cut.png", "không phải PDF, JPEG, PNG hay WebP"),
    (b"", "empty.pdf", "Tệp không có dữ liệu."),
    (b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n", "big.pdf", "Tệp lớn hơn 10 MB."),
]


@pytest.mark.parametrize(("data", "name", "message"), BAD_FILES, ids=lambda v: str(v)[:12])
def test_bad_files_are_refused_and_nothing_is_saved(
    app, as_member, db, coop_tq, data, name, message
):
    before = scan_files(app)
    response = post_new(as_member, coop_tq, VALID, (data, name))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert 'id="scan-error"' in html
    assert certs(db) == [] and scan_files(app) == before


def test_same_kind_and_number_twice_is_refused(as_member, db, coop_tq, coop_ld):
    make_cert(coop_ld, kind="ocop", ocop_stars=3, number=VALID["number"])  # elsewhere: fine
    assert post_new(as_member, coop_tq, VALID).status_code == 302
    html = post_new(as_member, coop_tq, VALID).get_data(as_text=True)
    assert "Hợp tác xã này đã có một chứng nhận cùng loại và cùng số này." in html
    assert len(certs(db, coop_tq)) == 1


# --- editing and deleting -----------------------------------------------------------------


def test_edit_form_is_filled_and_saves_changes(as_member, db, coop_tq):
    cert = make_cert(coop_tq)
    html = as_member.get(edit_url(coop_tq, cert)).get_data(as_text=True)
    assert 'value="VietGAP-TT-01"' in html and f"{cert.issued_on:%d/%m/%Y}" in html
    data = dict(VIETGAP, issued_on=cert.issued_on.isoformat(), number="VietGAP-TT-02")
    response = as_member.post(edit_url(coop_tq, cert), data=data)
    assert response.status_code == 302
    (saved,) = certs(db)
    assert saved.number == "VietGAP-TT-02" and saved.issuer == VIETGAP["issuer"]


def test_bad_edit_changes_nothing(as_member, db, coop_tq):
    cert = make_cert(coop_tq, kind="ocop", ocop_stars=4, number="2046/QĐ-UBND")
    before = (cert.kind, cert.ocop_stars, cert.number, cert.issued_on, cert.expires_on)
    data = dict(VALID, kind="vietgap", number="new", expires_on="2000-01-01")
    html = as_member.post(edit_url(coop_tq, cert), data=data).get_data(as_text=True)
    assert "Chỉ chứng nhận OCOP mới có số sao." in html
    assert "Ngày hết hạn phải sau ngày cấp." in html
    (same,) = certs(db)
    assert (same.kind, same.ocop_stars, same.number, same.issued_on, same.expires_on) == before


def test_scan_is_kept_replaced_or_removed(as_member, db, coop_tq):
    post_new(as_member, coop_tq, VALID, (PDF, "cũ.pdf"))
    (cert,) = certs(db)
    first = cert.document_key
    url = edit_url(coop_tq, cert)
    data = dict(VALID, expires_on=cert.expires_on.isoformat())
    as_member.post(url, data=data)
    assert certs(db)[0].document_key == first  # no new file: the scan stays
    as_member.post(url, data=dict(data, scan=(io.BytesIO(png_bytes()), "mới.png")))
    assert certs(db)[0].document_key.endswith(".png")
    assert certs(db)[0].document_name == "mới.png"
    assert "Gỡ bản quét hiện có" in as_member.get(url).get_data(as_text=True)
    as_member.post(url, data=dict(data, remove_scan="y"))
    assert certs(db)[0].document_key is None and certs(db)[0].document_name is None


def test_delete_removes_the_certificate(as_member, db, coop_tq):
    cert = make_cert(coop_tq)
    url = edit_url(coop_tq, cert, "delete")
    assert "Xoá chứng nhận này" in as_member.get(edit_url(coop_tq, cert)).get_data(as_text=True)
    assert as_member.get(url).status_code == 405  # only a deliberate POST deletes
    assert as_member.post(url).status_code == 302
    assert certs(db) == []
    assert as_member.post(url).status_code == 404


# --- status marks -------------------------------------------------------------------------


def test_staff_page_marks_valid_expiring_and_expired(as_officer, db, coop_tq):
    make_cert(coop_tq, number="A-valid", expires_on=TODAY + timedelta(days=61))
    make_cert(coop_tq, number="B-soon", expires_on=TODAY + timedelta(days=60))
    make_cert(coop_tq, number="C-today", expires_on=TODAY)
    make_cert(coop_tq, number="D-gone", expires_on=TODAY - timedelta(days=1))
    make_cert(coop_tq, kind="food_safety_commitment", number="E-forever", expires_on=None)
    html = as_officer.get(f"/cooperatives/{coop_tq.id}").get_data(as_text=True)
    assert html.count("cert-status-valid") == 2
    assert "Còn 60 ngày là hết hạn" in html and "Hết hạn hôm nay" in html
    assert html.count("cert-status-expiring") == 2
    assert html.count("cert-status-expired") == 1 and "Đã hết hạn" in html
    assert "không thời hạn" in html
    assert f"/cooperatives/{coop_tq.id}/certificates/new" in html
    assert len(re.findall(r"/certificates/\d+/edit", html)) == 5


def test_english_labels(as_officer, db, coop_tq):
    make_cert(coop_tq, expires_on=TODAY + timedelta(days=3))
    as_officer.get("/?lang=en")
    html = as_officer.get(f"/cooperatives/{coop_tq.id}?lang=en").get_data(as_text=True)
    assert "Expires in 3 days" in html
