"""Visits and trainings through the browser's interface: log, edit, delete, list, totals.

Every bad input is explained beside its field, keeps what was typed and saves nothing.
"""

import re
import unicodedata
from datetime import date, timedelta

import pytest

from app.certificates.rules import add_months
from app.models import CooperativeStatus
from tests.support import factories
from tests.support.visits import TODAY, VALID, make_visit, post_new, visits

# --- logging ------------------------------------------------------------------------------


def test_officer_logs_a_training_with_the_cooperatives_reached(as_officer, officer, db):
    lam_binh = factories.CooperativeFactory(province_code=8, commune_code=2266)
    minh_xuan = factories.CooperativeFactory(province_code=8, commune_code=2215)
    data = dict(VALID, kind="training", people_guided="34")
    response = post_new(as_officer, data, [lam_binh.id, minh_xuan.id])
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/visits/")
    (visit,) = visits(db)
    assert visit.officer_id == officer.id
    assert (visit.kind, visit.province_code, visit.commune_code) == ("training", 8, 2266)
    assert visit.visited_on == TODAY - timedelta(days=10)
    assert (visit.topic, visit.people_guided, visit.notes) == (VALID["topic"], 34, VALID["notes"])
    assert sorted(c.id for c in visit.cooperatives) == sorted([lam_binh.id, minh_xuan.id])
    page = as_officer.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu: Hướng dẫn mở gian hàng trên Voso.vn." in page
    assert "Tập huấn" in page and "Xã Lâm Bình, Tuyên Quang" in page


def test_a_visit_may_reach_no_registered_cooperative(as_officer, db):
    assert post_new(as_officer, VALID).status_code == 302
    assert visits(db)[0].cooperatives == []


def test_new_form_proposes_today_the_officers_province_and_its_cooperatives(
    as_officer, db, coop_tq, coop_ld
):
    html = as_officer.get("/visits/new").get_data(as_text=True)
    assert f'value="{TODAY:%d/%m/%Y}"' in html
    assert '<option selected value="8">Tuyên Quang</option>' in html
    assert 'value="68"' not in html  # an officer picks only provinces they cover
    assert coop_tq.short_name in html and coop_ld.short_name not in html
    assert 'data-province="8"' in html


def test_refresh_lists_the_chosen_provinces_communes_and_cooperatives(
    as_admin, db, coop_tq, coop_ld
):
    html = as_admin.get("/visits/new").get_data(as_text=True)
    assert '<option selected value="">— chọn tỉnh/thành phố —</option>' in html  # admins choose
    response = as_admin.post(
        "/visits/new", data=dict(VALID, province_code="68", commune_code="", refresh="1")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Xã Di Linh" in html and "Xã Lâm Bình" not in html
    assert coop_ld.short_name in html and coop_tq.short_name not in html
    assert 'id="commune_code-error"' not in html  # refreshing is not submitting
    assert visits(db) == []


def test_dates_typed_as_dd_mm_yyyy_and_grouped_numbers_are_understood(as_officer, db):
    day = TODAY - timedelta(days=3)
    data = dict(VALID, visited_on=day.strftime("%d/%m/%Y"), people_guided=" 1.200 ")
    assert post_new(as_officer, data).status_code == 302
    (visit,) = visits(db)
    assert (visit.visited_on, visit.people_guided) == (day, 1200)


def test_nfd_text_is_stored_as_nfc(as_officer, db):
    nfd = {k: unicodedata.normalize("NFD", v) for k, v in VALID.items()}
    assert post_new(as_officer, nfd).status_code == 302
    (visit,) = visits(db)
    assert visit.topic == VALID["topic"] and visit.notes == VALID["notes"]
    assert unicodedata.is_normalized("NFC", visit.topic)


BAD_INPUT = [
    ({"visited_on": ""}, "visited_on", "Hãy nhập ngày thăm hoặc tập huấn."),
    ({"visited_on": "31/02/2026"}, "visited_on", "Không có ngày này"),
    ({"visited_on": "hôm qua"}, "visited_on", "Hãy nhập một ngày có thật, dạng dd/mm/yyyy."),
    (
        {"visited_on": (TODAY + timedelta(days=1)).isoformat()},
        "visited_on",
        "Ngày không được sau ngày hôm nay.",
    ),
    (
        {"visited_on": (add_months(TODAY, -24) - timedelta(days=1)).isoformat()},
        "visited_on",
        "Ngày này đã cách đây hơn 2 năm. Hãy kiểm tra lại năm.",
    ),
    ({"kind": "party"}, "kind", "Hãy chọn thăm hỗ trợ hoặc tập huấn."),
    ({"kind": ""}, "kind", "Hãy chọn thăm hỗ trợ hoặc tập huấn."),
    ({"province_code": ""}, "province_code", "Chọn tỉnh/thành phố."),
    ({"province_code": "abc"}, "province_code", "Chọn tỉnh/thành phố."),
    ({"commune_code": ""}, "commune_code", "Chọn xã/phường."),
    (
        {"commune_code": "25000"},  # Xã Di Linh is in Lâm Đồng
        "commune_code",
        "Mã xã không tồn tại hoặc không thuộc tỉnh đã chọn.",
    ),
    (
        {"commune_code": "999999"},
        "commune_code",
        "Mã xã không tồn tại hoặc không thuộc tỉnh đã chọn.",
    ),
    ({"topic": ""}, "topic", "Hãy nhập nội dung của buổi thăm hoặc tập huấn."),
    ({"topic": "   "}, "topic", "Hãy nhập nội dung của buổi thăm hoặc tập huấn."),
    ({"topic": "Ư" * 201}, "topic", "Tối đa 200 ký tự."),
    ({"people_guided": ""}, "people_guided", "Hãy nhập số người được hướng dẫn (nhập 0 nếu"),
    ({"people_guided": "-3"}, "people_guided", "Hãy nhập số người là một số nguyên, ví dụ 25."),
    ({"people_guided": "12,5"}, "people_guided", "Hãy nhập số người là một số nguyên, ví dụ 25."),
    ({"people_guided": "mười"}, "people_guided", "Hãy nhập số người là một số nguyên, ví dụ 25."),
    ({"people_guided": "10001"}, "people_guided", "Hãy nhập một số từ 0 đến 10.000."),
    ({"notes": "x" * 5001}, "notes", "Tối đa 5000 ký tự."),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_bad_input_is_explained_beside_the_field_and_nothing_is_saved(
    as_officer, db, coop_tq, overrides, field, message
):
    data = dict(VALID, **overrides)
    response = post_new(as_officer, data, [coop_tq.id])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert f'id="{field}-error"' in html
    assert "Vui lòng sửa các ô được đánh dấu bên dưới." in html or "error-summary" in html
    kept = "notes" if field == "topic" else "topic"
    assert data[kept][:50] in html  # what the user typed is kept
    assert visits(db) == []


def test_zero_and_ten_thousand_people_are_accepted(as_officer, db):
    for count in ("0", "10000"):
        assert post_new(as_officer, dict(VALID, people_guided=count)).status_code == 302
    assert [v.people_guided for v in visits(db)] == [0, 10000]


# --- editing and deleting -----------------------------------------------------------------


def test_officer_edits_their_visit_and_the_form_shows_what_was_saved(as_officer, officer, db):
    coop = factories.CooperativeFactory(province_code=8, commune_code=2266)
    visit = make_visit(officer, [coop], topic="Cũ")
    html = as_officer.get(f"/visits/{visit.id}/edit").get_data(as_text=True)
    assert 'value="Cũ"' in html
    assert re.search(rf'checked[^>]*value="{coop.id}"|value="{coop.id}"[^>]*checked', html)
    response = as_officer.post(
        f"/visits/{visit.id}/edit", data=dict(VALID, kind="training", topic="Mới")
    )
    assert response.status_code == 302
    (saved,) = visits(db)
    assert (saved.id, saved.kind, saved.topic, saved.cooperatives) == (
        visit.id,
        "training",
        "Mới",
        [],
    )
    assert saved.officer_id == officer.id


def test_editing_keeps_cooperatives_the_editor_cannot_choose(as_officer, officer, db, coop_tq):
    archived = factories.CooperativeFactory(status=CooperativeStatus.ARCHIVED)
    visit = make_visit(officer, [archived, coop_tq])
    as_officer.post(f"/visits/{visit.id}/edit", data=VALID)  # coop_tq unticked
    assert [c.id for c in visits(db)[0].cooperatives] == [archived.id]


def test_bad_edit_changes_nothing(as_officer, officer, db):
    visit = make_visit(officer, topic="Giữ nguyên")
    response = as_officer.post(f"/visits/{visit.id}/edit", data=dict(VALID, people_guided="-1"))
    assert response.status_code == 200
    assert visits(db)[0].topic == "Giữ nguyên"


def test_officer_deletes_their_visit(as_officer, officer, db):
    visit = make_visit(officer, topic="Nhập nhầm")
    assert "Xoá lượt này" in as_officer.get(f"/visits/{visit.id}/edit").get_data(as_text=True)
    response = as_officer.post(f"/visits/{visit.id}/delete")
    assert response.status_code == 302
    assert visits(db) == []
    assert "Đã xoá: Nhập nhầm." in as_officer.get("/visits/").get_data(as_text=True)


def test_admin_edits_and_deletes_any_visit(as_admin, officer, db):
    visit = make_visit(officer, province_code=68, commune_code=25000)
    data = dict(VALID, province_code="68", commune_code="25000", topic="Sửa bởi quản trị")
    assert as_admin.post(f"/visits/{visit.id}/edit", data=data).status_code == 302
    saved = visits(db)[0]
    assert (saved.topic, saved.officer_id) == ("Sửa bởi quản trị", officer.id)
    assert as_admin.post(f"/visits/{visit.id}/delete").status_code == 302
    assert visits(db) == []


def test_an_unknown_visit_is_not_found(as_officer, db):
    assert as_officer.get("/visits/999/edit").status_code == 404
    assert as_officer.post("/visits/999/delete").status_code == 404


# --- the list -----------------------------------------------------------------------------


def _rows(html):
    return re.findall(r'data-visit="(\d+)"', html)


def test_list_is_newest_first_and_filters_by_dates_and_commune(as_officer, officer, db):
    old = make_visit(officer, visited_on=TODAY - timedelta(days=40), topic="Cũ nhất")
    mid = make_visit(officer, visited_on=TODAY - timedelta(days=20), commune_code=2215)
    new = make_visit(officer, visited_on=TODAY - timedelta(days=1))
    html = as_officer.get("/visits/").get_data(as_text=True)
    assert _rows(html) == [str(new.id), str(mid.id), str(old.id)]
    assert "3 lượt thăm hoặc tập huấn" in html
    since = (TODAY - timedelta(days=30)).isoformat()
    until = (TODAY - timedelta(days=20)).isoformat()
    assert _rows(as_officer.get(f"/visits/?start={since}").get_data(as_text=True)) == [
        str(new.id),
        str(mid.id),
    ]
    html = as_officer.get(f"/visits/?start={since}&end={until}").get_data(as_text=True)
    assert _rows(html) == [str(mid.id)]
    html = as_officer.get("/visits/?commune=2266").get_data(as_text=True)
    assert _rows(html) == [str(new.id), str(old.id)]
    assert "Phường Minh Xuân, Tuyên Quang" in html  # offered as a filter choice


def test_bad_list_filters_are_explained_and_ignored(as_officer, officer, db):
    visit = make_visit(officer)
    html = as_officer.get("/visits/?start=31/02/2026&commune=25000").get_data(as_text=True)
    assert "Không có ngày này" in html and 'id="start-error"' in html
    assert _rows(html) == [str(visit.id)]
    html = as_officer.get(f"/visits/?start={TODAY}&end=2020-01-01").get_data(as_text=True)
    assert "Ngày kết thúc đang trước ngày bắt đầu." in html


def test_list_pages_by_fifty_and_keeps_the_filters(as_officer, officer, db):
    for n in range(55):
        make_visit(officer, visited_on=TODAY - timedelta(days=n % 30), topic=f"Buổi {n}")
    since = (TODAY - timedelta(days=60)).isoformat()
    html = as_officer.get(f"/visits/?start={since}").get_data(as_text=True)
    assert len(_rows(html)) == 50
    assert "Trang 1/2" in html
    assert f"/visits/?page=2&amp;start={since}" in html
    second = as_officer.get(f"/visits/?page=2&start={since}").get_data(as_text=True)
    assert len(_rows(second)) == 5
    assert set(_rows(html)).isdisjoint(_rows(second))
    assert len(_rows(as_officer.get("/visits/?page=9").get_data(as_text=True))) == 0


def test_only_own_visits_show_an_edit_link(as_officer, officer, db):
    colleague = factories.OfficerFactory(areas__province_code=8)
    mine = make_visit(officer)
    theirs = make_visit(colleague, topic="Của đồng nghiệp")
    html = as_officer.get("/visits/").get_data(as_text=True)
    assert f"/visits/{mine.id}/edit" in html
    assert f"/visits/{theirs.id}/edit" not in html and "Của đồng nghiệp" in html


# --- the totals page and the menu ---------------------------------------------------------


def _cells(html, kind, key):
    """The texts of the cells of one row of a totals table."""
    row = re.search(rf'<tr data-{kind}="{key}">(.*?)</tr>', html).group(1)
    return re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)


def test_totals_page_shows_exact_figures_for_this_year(as_officer, officer, db):
    year = TODAY.year
    colleague = factories.OfficerFactory(areas__province_code=8, name="Đồng Nghiệp")
    a = factories.CooperativeFactory(province_code=8, commune_code=2266)
    b = factories.CooperativeFactory(province_code=8, commune_code=2215)
    make_visit(officer, [a], visited_on=date(year, 1, 1), people_guided=12)
    make_visit(officer, [a, b], kind="training", visited_on=TODAY, people_guided=30)
    make_visit(colleague, [b], commune_code=2215, visited_on=TODAY, people_guided=7)
    make_visit(officer, [a], visited_on=date(year - 1, 12, 31), people_guided=500)  # last year
    html = as_officer.get("/visits/totals").get_data(as_text=True)
    flat = re.sub(r"\s+", " ", html)
    assert f"Từ 01/01/{year} đến {TODAY.strftime('%d/%m/%Y')}" in flat
    assert _cells(flat, "officer", officer.id) == [officer.name, "1", "1", "42", "2"]
    assert _cells(flat, "officer", colleague.id) == ["Đồng Nghiệp", "1", "0", "7", "1"]
    assert '<span class="num">49</span> người được hướng dẫn' in flat
    assert '<span class="num">2</span> hợp tác xã được hỗ trợ' in flat
    assert _cells(flat, "province", 8) == ["Tuyên Quang", "49", "2", "24,5"]
    assert _cells(flat, "commune", 2266) == ["Xã Lâm Bình, Tuyên Quang", "1", "1", "42"]
    assert _cells(flat, "commune", 2215) == ["Phường Minh Xuân, Tuyên Quang", "1", "0", "7"]
    last_year = as_officer.get(f"/visits/totals?start={year - 1}-12-01&end={year - 1}-12-31")
    assert '<span class="num">500</span>' in last_year.get_data(as_text=True)


def test_totals_with_a_bad_range_fall_back_to_this_year(as_officer, db):
    html = as_officer.get("/visits/totals?start=2026-05-01&end=2026-04-01").get_data(as_text=True)
    assert "Ngày kết thúc đang trước ngày bắt đầu." in html
    assert f"Từ 01/01/{TODAY.year}" in html


def test_menu_offers_visits_to_officers_and_admins_only(client, db, officer, admin, member):
    from tests.support.clients import sign_in

    for user, shown in ((officer, True), (admin, True), (member, False)):
        sign_in(client, user)
        html = client.get("/dashboard/").get_data(as_text=True)
        assert ('href="/visits/"' in html) is shown, user.role
        client.post("/auth/logout")
