"""Registering and editing cooperatives: validation, NFC, area rules, no half-saves."""

import unicodedata

import pytest

from app.models import Cooperative
from tests.support import factories
from tests.support.html_pages import parse_html

VALID = {
    "legal_name": "Hợp tác xã Chè Shan Tuyết Na Hang",
    "short_name": "HTX Chè Na Hang",
    "kind": "htx",
    "tax_code": "5000123456",
    "province_code": "8",
    "commune_code": "2266",
    "phone": "0912 345 678",
    "email": "che@example.vn",
}


def _count(db):
    return db.session.execute(db.select(db.func.count()).select_from(Cooperative)).scalar()


def test_officer_registers_a_cooperative(as_officer, db):
    response = as_officer.post("/cooperatives/new", data=VALID)
    assert response.status_code == 302
    coop = db.session.execute(db.select(Cooperative)).scalar_one()
    assert coop.slug == "htx-che-na-hang"
    assert coop.phone == "0912345678"
    page = as_officer.get(response.headers["Location"]).get_data(as_text=True)
    assert "Xã Lâm Bình, Tuyên Quang" in page


def test_nfd_input_is_stored_as_nfc(as_officer, db):
    data = dict(VALID, legal_name=unicodedata.normalize("NFD", VALID["legal_name"]))
    as_officer.post("/cooperatives/new", data=data)
    coop = db.session.execute(db.select(Cooperative)).scalar_one()
    assert coop.legal_name == VALID["legal_name"]
    assert unicodedata.is_normalized("NFC", coop.legal_name)
    assert coop.search_text == "hop tac xa che shan tuyet na hang htx che na hang"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("legal_name", "x" * 10_000, "Tối đa 200 ký tự."),
        ("description", "y" * 10_000, "Tối đa 5000 ký tự."),
        ("legal_name", "", "Nhập tên đầy đủ theo đăng ký của hợp tác xã."),
        ("commune_code", "999999", "Mã xã không tồn tại hoặc không thuộc tỉnh đã chọn."),
        ("commune_code", "25000", "Mã xã không tồn tại hoặc không thuộc tỉnh đã chọn."),
        ("commune_code", "abc", "Chọn xã/phường."),
        ("province_code", "99", "Mã tỉnh không tồn tại."),
        ("tax_code", "12345", "Mã số thuế gồm 10 chữ số"),
        ("phone", "12345", "Không phải số điện thoại Việt Nam."),
        ("email", "not-an-email", "Địa chỉ email không hợp lệ."),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_nothing_is_saved(
    as_officer, db, field, value, message
):
    response = as_officer.post("/cooperatives/new", data=dict(VALID, **{field: value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert f'id="{field}-error"' in html
    assert 'aria-invalid="true"' in html
    assert VALID["short_name"] in html  # what the user typed is kept
    assert _count(db) == 0


def test_duplicate_tax_code_is_refused(as_officer, db, coop_tq):
    response = as_officer.post("/cooperatives/new", data=dict(VALID, tax_code=coop_tq.tax_code))
    assert "Đã có hợp tác xã khác dùng mã số thuế này." in response.get_data(as_text=True)
    assert _count(db) == 1


def test_officer_cannot_register_outside_their_area_by_tampering(as_officer, db):
    response = as_officer.post(
        "/cooperatives/new", data=dict(VALID, province_code="68", commune_code="25000")
    )
    assert "Xã này nằm ngoài địa bàn bạn phụ trách." in response.get_data(as_text=True)
    assert _count(db) == 0


def test_officer_cannot_move_a_cooperative_out_of_their_area(as_officer, db, coop_tq):
    url = f"/cooperatives/{coop_tq.id}/edit"
    data = dict(VALID, province_code="68", commune_code="25000")
    assert "Xã này nằm ngoài địa bàn" in as_officer.post(url, data=data).get_data(as_text=True)
    db.session.refresh(coop_tq)
    assert coop_tq.province_code == 8


def test_member_edits_own_cooperative_but_no_other(as_member, db, coop_tq, coop_ld):
    response = as_member.post(
        f"/cooperatives/{coop_tq.id}/edit", data=dict(VALID, tax_code=coop_tq.tax_code)
    )
    assert response.status_code == 302
    db.session.refresh(coop_tq)
    assert coop_tq.legal_name == VALID["legal_name"]
    assert as_member.get(f"/cooperatives/{coop_ld.id}").status_code == 403
    assert as_member.post(f"/cooperatives/{coop_ld.id}/edit", data=VALID).status_code == 403
    assert as_member.get("/cooperatives/").status_code == 403
    assert as_member.post("/cooperatives/new", data=VALID).status_code == 403


def test_commune_list_follows_province_without_javascript(as_officer, db):
    response = as_officer.post(
        "/cooperatives/new", data=dict(VALID, province_code="68", commune_code="", refresh="1")
    )
    html = response.get_data(as_text=True)
    assert '<option value="25000">Xã Di Linh</option>' in html
    assert "Xã Lâm Bình" not in html
    assert _count(db) == 0


def test_communes_json_for_the_picker(client, db):
    items = client.get("/areas/provinces/8/communes.json").get_json()
    assert {"code": 2266, "name": "Xã Lâm Bình"} in items
    assert client.get("/areas/provinces/999/communes.json").get_json() == []


def test_search_matches_with_and_without_diacritics(as_officer, db):
    factories.CooperativeFactory(
        legal_name="Hợp tác xã Lạc Lâm Bình", short_name="", search_text="hop tac xa lac lam binh"
    )
    for query in ("lạc lâm", "lac lam", "LAC LAM"):
        html = as_officer.get("/cooperatives/", query_string={"q": query}).get_data(as_text=True)
        assert "Hợp tác xã Lạc Lâm Bình" in html, query


def test_officer_list_shows_only_their_area(as_officer, coop_tq, coop_ld):
    html = as_officer.get("/cooperatives/").get_data(as_text=True)
    assert coop_tq.legal_name in html
    assert coop_ld.legal_name not in html


def test_archive_hides_from_lists_but_page_still_answers(as_officer, db, coop_tq):
    assert as_officer.post(f"/cooperatives/{coop_tq.id}/archive").status_code == 302
    assert coop_tq.legal_name not in as_officer.get("/cooperatives/").get_data(as_text=True)
    assert as_officer.get(f"/cooperatives/{coop_tq.id}").status_code == 200


def _form_controls(doc):
    return doc.find_all("input") + doc.find_all("select") + doc.find_all("textarea")


def _described_ids_exist(doc, control):
    ids = (control.attrs.get("aria-describedby") or "").split()
    return all(doc.by_id(id_) is not None for id_ in ids)


def test_form_fields_render_no_none_attribute(as_officer, db, coop_tq):
    coop_tq.logo_key = "logos/aa/" + "a" * 64 + ".png"  # the edit form then offers a checkbox
    db.session.commit()
    for url in ("/cooperatives/new", f"/cooperatives/{coop_tq.id}/edit"):
        html = as_officer.get(url).get_data(as_text=True)
        assert '="None"' not in html, url
        doc = parse_html(html)
        assert doc.find("input", type="checkbox") is not None or url.endswith("new")
        for control in _form_controls(doc):
            assert "None" not in control.attrs.values(), (url, control.attrs)
            assert "aria-invalid" not in control.attrs, (url, control.attrs)
            assert _described_ids_exist(doc, control), (url, control.attrs)
        # a hint is still announced with its field
        assert doc.by_id("tax_code").attrs["aria-describedby"] == "tax_code-hint"
        # every length limit is said at its field (issue 18), and announced with it
        assert doc.by_id("legal_name").attrs["aria-describedby"] == "legal_name-hint"
        assert doc.by_id("legal_name").attrs["maxlength"] == "200"
        assert doc.by_id("legal_name-hint").text() == "Tối đa 200 ký tự."
        assert "Tối đa 5.000 ký tự." in html  # the description, as Vietnamese write numbers


def test_a_field_with_an_error_points_at_its_message(as_officer, db):
    response = as_officer.post("/cooperatives/new", data=dict(VALID, tax_code="12345", phone="1"))
    html = response.get_data(as_text=True)
    assert '="None"' not in html
    doc = parse_html(html)
    tax_code = doc.by_id("tax_code")
    assert tax_code.attrs["aria-invalid"] == "true"
    assert tax_code.attrs["aria-describedby"].split() == ["tax_code-hint", "tax_code-error"]
    assert "Mã số thuế gồm 10 chữ số" in doc.by_id("tax_code-error").text()
    # the first field in error opens the page (autofocus), the summary links to each
    assert "autofocus" in tax_code.attrs and "autofocus" not in doc.by_id("phone").attrs
    links = [a.attrs["href"] for a in doc.by_id("error-summary").find_all("a")]
    assert links == ["#tax_code", "#phone"]
    phone = doc.by_id("phone")
    assert phone.attrs["aria-invalid"] == "true"
    assert phone.attrs["aria-describedby"] == "phone-hint phone-error"  # hint: its limit
    assert doc.by_id("phone-error").text() == "Không phải số điện thoại Việt Nam."
    for control in _form_controls(doc):
        assert _described_ids_exist(doc, control), control.attrs
        if control.attrs.get("id") not in ("tax_code", "phone"):
            assert "aria-invalid" not in control.attrs, control.attrs
