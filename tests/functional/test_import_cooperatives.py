"""Bulk import in the browser: upload → preview → confirm, bad files, tampering and areas."""

import io
import re
import unicodedata
from pathlib import Path

import pytest

from app.imports.cooperatives import Existing
from app.models import Cooperative
from tests.support import factories
from tests.support.clients import sign_in
from tests.support.html_pages import parse_html
from tests.support.import_files import GOOD_ROWS, HEADERS, csv_bytes, row, xlsx

URL = "/import/cooperatives"
PLACE = {"province": "Tuyên Quang", "commune": "Lâm Bình"}


def _count(db):
    return db.session.execute(db.select(db.func.count()).select_from(Cooperative)).scalar()


def _upload(client, data: bytes, name="hop-tac-xa.xlsx"):
    return client.post(
        URL,
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html).group(1)


def _confirm(client, html: str, **overrides):
    data = {"token": _hidden(html, "token"), "fingerprint": _hidden(html, "fingerprint")}
    data.update(overrides)
    return client.post(f"{URL}/confirm", data=data)


def _stored(app) -> list[Path]:
    return sorted((Path(app.config["MEDIA_ROOT"]) / "imports").rglob("*.*"))


def test_upload_preview_confirm_creates_every_valid_row(app, as_officer, db):
    response = _upload(as_officer, xlsx(GOOD_ROWS))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đã đọc 3 dòng: 3 dòng có thể tạo mới, 0 dòng có lỗi" in html
    assert "Xã Bình An, Tuyên Quang" in html  # resolved from the old address, shown to check
    assert "Tìm theo địa chỉ cũ “Thôn Nà Khà, xã Thổ Bình" in html
    assert _count(db) == 0  # the preview changes nothing
    stored = _stored(app)
    assert len(stored) == 1 and stored[0].parent.parent.name == "imports"

    response = _confirm(as_officer, html)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/cooperatives/")
    coops = {c.legal_name: c for c in db.session.execute(db.select(Cooperative)).scalars()}
    assert set(coops) == {
        "Hợp tác xã Chè Shan Tuyết Na Hang",
        "Tổ hợp tác Mật ong Bình An",
        "Hộ kinh doanh Lạc đỏ Minh Xuân",
    }
    tea = coops["Hợp tác xã Chè Shan Tuyết Na Hang"]
    assert (tea.slug, tea.phone, tea.commune_code, tea.kind) == (
        "htx-che-na-hang",
        "0912345678",
        2266,
        "htx",
    )
    assert tea.search_text == "hop tac xa che shan tuyet na hang htx che na hang"
    honey = coops["Tổ hợp tác Mật ong Bình An"]
    assert (honey.commune_code, honey.kind) == (2296, "tho_hop_tac")
    assert honey.legacy_address == "Thôn Nà Khà, xã Thổ Bình, huyện Lâm Bình, tỉnh Tuyên Quang"
    page = as_officer.get("/cooperatives/").get_data(as_text=True)
    assert "Đã nhập 3 hợp tác xã." in page
    assert not stored[0].exists()  # the kept upload is deleted once imported


def test_rows_with_problems_are_listed_and_skipped_the_rest_imported(as_officer, db, coop_tq):
    rows = [
        row(legal_name="HTX Tốt", tax_code="5000111222", **PLACE),
        row(legal_name="HTX Trùng", tax_code=coop_tq.tax_code, **PLACE),
        row(legal_name="HTX Sai Xã", province="Tuyên Quang", commune="Xã Không Có"),
        row(legal_name="HTX Sai Thuế", tax_code="12345", **PLACE),
        row(legal_name="", tax_code="5000111333", **PLACE),
        row(legal_name="HTX Lặp", tax_code="5000111222", **PLACE),
    ]
    html = _upload(as_officer, xlsx(rows)).get_data(as_text=True)
    assert "Đã đọc 6 dòng: 1 dòng có thể tạo mới, 5 dòng có lỗi" in html
    problems = re.findall(
        r"<tr><td[^>]*>(\d+)</td><td[^>]*>([^<]*)</td><td class=\"error\">([^<]*)</td></tr>", html
    )
    assert problems == [
        ("3", "Mã số thuế", "Đã có hợp tác xã khác dùng mã số thuế này."),
        ("4", "Xã/Phường", "Không có xã/phường “Xã Không Có” ở Tuyên Quang."),
        ("5", "Mã số thuế", "Mã số thuế gồm 10 chữ số (10-3 với chi nhánh) hoặc 12 chữ số."),
        ("6", "Tên hợp tác xã", "Nhập tên đầy đủ theo đăng ký của hợp tác xã."),
        ("7", "Mã số thuế", "Trùng với dòng 2 của tệp này."),
    ]
    assert _confirm(as_officer, html).status_code == 302
    assert _count(db) == 2
    page = as_officer.get("/cooperatives/").get_data(as_text=True)
    assert "Đã nhập 1 hợp tác xã." in page and "Đã bỏ qua 5 dòng có lỗi." in page


def test_a_file_with_no_valid_row_offers_no_confirmation(app, as_officer, db):
    stored = _stored(app)
    html = _upload(as_officer, csv_bytes([row(legal_name="A")])).get_data(as_text=True)
    assert "Không có dòng nào nhập được." in html
    assert 'name="fingerprint"' not in html
    assert _count(db) == 0
    assert _stored(app) == stored  # nothing to confirm, nothing kept


def _formulas():
    return xlsx(GOOD_ROWS, formulas=[("D2", "=5000000000+123456")])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_formulas(), "Ô chứa công thức: D2 (tổng cộng 1 ô)."),
        (csv_bytes(GOOD_ROWS, HEADERS[1:]), "Thiếu cột: “Tên hợp tác xã”."),
        (csv_bytes(GOOD_ROWS, [*HEADERS[:-1], "Ghi chú"]), "Cột không nhận ra: “Ghi chú”"),
        (b"MZ\x90\x00" + b"\x00" * 4000, "Tệp này không phải bảng tính."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "Đây là tệp Excel cũ (.xls)."),
        ("Tên\nHTX\n".encode("utf-16-le") + b"\x00\xd8", "Tệp này không phải bảng tính."),
        (b"Ten hop tac xa;Tinh\nHTX \x81\x8d;8\n", "Chữ trong tệp không ở bảng mã UTF-8."),
        (b"", "Tệp không có dữ liệu."),
    ],
    ids=["formulas", "missing-header", "unknown-header", "exe", "xls", "binary", "not-utf8",
         "empty"],
)  # fmt: skip
def test_bad_files_are_refused_beside_the_field_and_change_nothing(
    app, as_officer, db, data, message
):
    stored = _stored(app)
    response = _upload(as_officer, data, name="danh-sach.xlsx")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert 'id="file-error"' in html and 'aria-invalid="true"' in html
    assert _count(db) == 0
    assert _stored(app) == stored


def test_sending_no_file_asks_for_one(as_officer, db):
    html = as_officer.post(URL, data={}).get_data(as_text=True)
    assert "Hãy chọn tệp để tải lên." in html and 'id="file-error"' in html


def test_a_file_over_the_configured_cap_is_refused(app, as_officer, db, monkeypatch):
    data = xlsx(GOOD_ROWS)
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", len(data) - 1)
    html = _upload(as_officer, data).get_data(as_text=True)
    assert "Tệp lớn hơn" in html and "Hãy chia thành các tệp nhỏ hơn." in html
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 10 * 1024 * 1024)
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 2)
    html = _upload(as_officer, data).get_data(as_text=True)
    assert "Tệp có hơn 2 dòng." in html
    assert _count(db) == 0


def test_a_50_mb_spreadsheet_is_refused_with_a_clear_page(as_officer, db):
    big = b"PK\x03\x04" + b"\x00" * (50 * 1024 * 1024)
    response = _upload(as_officer, big)
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.get_data(as_text=True)
    assert _count(db) == 0


def test_mixed_nfc_and_nfd_text_is_matched_and_saved_as_nfc(as_officer, db):
    nfd = [unicodedata.normalize("NFD", h) for h in HEADERS]
    rows = [
        row(legal_name=unicodedata.normalize("NFD", "Hợp tác xã Đồng Tâm"), **PLACE),
        row(
            legal_name="Hợp tác xã Bản Đồn",
            province=unicodedata.normalize("NFD", "Tuyên Quang"),
            commune=unicodedata.normalize("NFD", "Xã Lâm Bình"),
            representative=unicodedata.normalize("NFD", "Hoàng Thị Nguyệt"),
        ),
    ]
    html = _upload(as_officer, csv_bytes(rows, nfd)).get_data(as_text=True)
    assert "Hợp tác xã Đồng Tâm" in html  # shown in NFC
    _confirm(as_officer, html)
    names = db.session.execute(db.select(Cooperative.legal_name, Cooperative.representative))
    for legal_name, representative in names:
        assert unicodedata.is_normalized("NFC", legal_name + representative)
    assert _count(db) == 2


def test_confirmation_checks_again_and_refuses_a_changed_preview(as_officer, db):
    html = _upload(as_officer, xlsx(GOOD_ROWS)).get_data(as_text=True)
    factories.CooperativeFactory(tax_code="5000123456")  # registered meanwhile
    response = _confirm(as_officer, html)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dữ liệu đã thay đổi kể từ lúc bạn xem trước." in page
    assert "Đã có hợp tác xã khác dùng mã số thuế này." in page
    assert _count(db) == 1
    assert _confirm(as_officer, page).status_code == 302  # confirming the new preview works
    assert _count(db) == 3


@pytest.mark.parametrize(
    "tampered",
    [{"fingerprint": "0" * 32}, {"token": "forged"}, {"token": ""}],
    ids=["fingerprint", "token", "no-token"],
)
def test_tampered_confirmations_import_nothing(as_officer, db, tampered):
    html = _upload(as_officer, xlsx(GOOD_ROWS)).get_data(as_text=True)
    response = _confirm(as_officer, html, **tampered)
    assert response.status_code in (200, 302)
    assert _count(db) == 0


def test_another_users_upload_cannot_be_confirmed(app, client, db, officer):
    html = _upload(sign_in(client, officer), xlsx(GOOD_ROWS)).get_data(as_text=True)
    client.post("/auth/logout")
    colleague = factories.OfficerFactory(areas__province_code=8)
    sign_in(client, colleague)
    response = _confirm(client, html)
    assert response.status_code == 302
    assert "Lượt tải lên này không phải của bạn." in client.get(URL).get_data(as_text=True)
    assert _count(db) == 0


def test_a_failure_midway_leaves_nothing_behind(as_officer, db, monkeypatch, coop_tq):
    """The third row clashes in the database only: the two before it must not stay either."""
    from app.imports import services

    monkeypatch.setattr(services, "existing_cooperatives", Existing)  # checks see no clash
    rows = [*GOOD_ROWS[:2], row(legal_name="HTX Trùng", tax_code=coop_tq.tax_code, **PLACE)]
    html = _upload(as_officer, xlsx(rows)).get_data(as_text=True)
    assert "3 dòng có thể tạo mới" in html
    response = _confirm(as_officer, html)
    assert "Chưa nhập gì: cơ sở dữ liệu từ chối một dòng" in response.get_data(as_text=True)
    assert _count(db) == 1  # only coop_tq


def test_members_cannot_import(as_member, db):
    assert as_member.get(URL).status_code == 403
    assert _upload(as_member, xlsx(GOOD_ROWS)).status_code == 403
    assert as_member.get(f"{URL}/template.xlsx").status_code == 403
    assert as_member.post(f"{URL}/confirm", data={"token": "x"}).status_code == 403
    assert _count(db) == 1  # the member's own cooperative only


def test_officers_cannot_import_outside_their_area(as_officer, db):
    rows = [
        row(legal_name="HTX Trong Vùng", **PLACE),
        row(legal_name="HTX Di Linh", province="Lâm Đồng", commune="Di Linh"),
        row(legal_name="HTX Mã Xã", commune="25000"),
        row(legal_name="HTX Cũ", legacy_address="xa Gia Hiep, huyen Di Linh, tinh Lam Dong"),
    ]  # fmt: skip
    html = _upload(as_officer, xlsx(rows)).get_data(as_text=True)
    assert html.count("Xã này nằm ngoài địa bàn bạn phụ trách.") == 3
    _confirm(as_officer, html)
    names = db.session.execute(db.select(Cooperative.legal_name)).scalars().all()
    assert names == ["HTX Trong Vùng"]


def test_an_officer_of_one_commune_is_held_to_it(client, db):
    officer = factories.OfficerFactory(areas__province_code=8, areas__commune_code=2266)
    sign_in(client, officer)
    rows = [
        row(legal_name="HTX Lâm Bình", **PLACE),
        row(legal_name="HTX Minh Xuân", province="Tuyên Quang", commune="Minh Xuân"),
    ]
    html = _upload(client, xlsx(rows)).get_data(as_text=True)
    assert html.count("Xã này nằm ngoài địa bàn bạn phụ trách.") == 1


def test_admins_import_anywhere(as_admin, db):
    rows = [row(legal_name="HTX Di Linh Mới", province="Lâm Đồng", commune="Di Linh"), GOOD_ROWS[0]]
    _confirm(as_admin, _upload(as_admin, csv_bytes(rows, delimiter=";")).get_data(as_text=True))
    assert _count(db) == 2


def test_the_template_downloads_with_its_vietnamese_name(as_officer):
    response = as_officer.get(f"{URL}/template.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    disposition = response.headers["Content-Disposition"]
    assert "attachment" in disposition
    quoted = "M%E1%BA%ABu%20nh%E1%BA%ADp%20h%E1%BB%A3p%20t%C3%A1c%20x%C3%A3.xlsx"
    assert f"filename*=UTF-8''{quoted}" in disposition  # "Mẫu nhập hợp tác xã.xlsx"
    assert response.data.startswith(b"PK")


def test_the_upload_page_explains_the_steps_in_either_language(as_officer):
    html = as_officer.get(URL).get_data(as_text=True)
    assert "Nhập danh sách hợp tác xã" in html and "Tải tệp mẫu (.xlsx)" in html
    assert 'enctype="multipart/form-data"' in html
    as_officer.get("/auth/language/en")
    html = _upload(as_officer, csv_bytes([row(legal_name="A")])).get_data(as_text=True)
    assert "Give the province and commune (name or code), or the old address." in html


def test_the_cooperative_list_links_to_the_import(as_officer):
    assert f'href="{URL}"' in as_officer.get("/cooperatives/").get_data(as_text=True)


def test_the_preview_is_a_page_of_its_own_that_reloads_without_the_file(app, as_officer, db):
    response = as_officer.post(
        URL,
        data={"file": (io.BytesIO(xlsx(GOOD_ROWS)), "htx.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    assert preview_url.startswith(f"{URL}/preview?token=")
    first = _preview_of(as_officer.get(preview_url).get_data(as_text=True))
    again = _preview_of(as_officer.get(preview_url).get_data(as_text=True))
    assert any("Hợp tác xã Chè Shan Tuyết Na Hang" in row for row in first[1])
    assert first == again and first[2]["token"]
    assert _count(db) == 0


def _preview_of(html: str) -> tuple[str, list[str], dict]:
    """What a preview shows and sends: the summary, every table row, and the confirm form's
    fields. Not the whole page: its CSRF token is signed with the second it was made."""
    doc = parse_html(html)
    form = doc.find("form", cls="import-confirm")
    fields = {i.attrs.get("name"): i.attrs.get("value") for i in form.find_all("input")}
    fields.pop("csrf_token", None)
    rows = [tr.text() for tr in doc.find_all("tr")]
    return doc.find("p", cls="import-summary").text(), rows, fields


def test_another_users_preview_link_shows_nothing(app, as_officer, client, db):
    response = as_officer.post(
        URL,
        data={"file": (io.BytesIO(xlsx(GOOD_ROWS)), "htx.xlsx")},
        content_type="multipart/form-data",
    )
    preview_url = response.headers["Location"]
    other = factories.OfficerFactory(areas__province_code=8)
    as_officer.post("/auth/logout")
    sign_in(client, other)
    refused = client.get(preview_url, follow_redirects=True).get_data(as_text=True)
    assert "Hợp tác xã Chè Shan Tuyết Na Hang" not in refused
    assert "không phải của bạn" in refused
