"""Who reaches which visits: members never, officers their area, by URL and by tampered fields.

A refused submission explains itself beside the field and saves nothing.
"""

import pytest

from tests.support import factories
from tests.support.clients import sign_in
from tests.support.visits import VALID, make_visit, post_new, visits

URLS = ["/visits/", "/visits/new", "/visits/totals"]


def test_members_are_refused_every_visit_page(as_member, officer, db):
    visit = make_visit(officer)
    for url in URLS + [f"/visits/{visit.id}/edit"]:
        assert as_member.get(url).status_code == 403, url
    assert post_new(as_member, VALID).status_code == 403
    assert as_member.post(f"/visits/{visit.id}/edit", data=VALID).status_code == 403
    assert as_member.post(f"/visits/{visit.id}/delete").status_code == 403
    assert len(visits(db)) == 1


def test_anonymous_users_are_sent_to_sign_in(client, db):
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_officer_cannot_touch_a_visit_elsewhere_by_url(as_officer, db):
    elsewhere = factories.OfficerFactory(areas__province_code=68)
    theirs = make_visit(elsewhere, province_code=68, commune_code=25000, topic="Di Linh")
    assert as_officer.get(f"/visits/{theirs.id}/edit").status_code == 403
    data = dict(VALID, topic="Đã sửa")
    assert as_officer.post(f"/visits/{theirs.id}/edit", data=data).status_code == 403
    assert as_officer.post(f"/visits/{theirs.id}/delete").status_code == 403
    (same,) = visits(db)
    assert (same.topic, same.officer_id) == ("Di Linh", elsewhere.id)
    assert "Di Linh" not in as_officer.get("/visits/").get_data(as_text=True)
    assert "Lâm Đồng" not in as_officer.get("/visits/totals").get_data(as_text=True)


def test_a_colleague_in_the_area_sees_but_cannot_change_a_visit(client, officer, db):
    colleague = factories.OfficerFactory(areas__province_code=8)
    visit = make_visit(officer, topic="Của Lan")
    sign_in(client, colleague)
    assert "Của Lan" in client.get("/visits/").get_data(as_text=True)
    assert client.get(f"/visits/{visit.id}/edit").status_code == 403
    assert client.post(f"/visits/{visit.id}/delete").status_code == 403
    assert len(visits(db)) == 1


TAMPERED = [
    ({"province_code": "68", "commune_code": "25000"}, "province_code", "Tỉnh này nằm ngoài"),
    ({"province_code": "999", "commune_code": "2266"}, "province_code", "Mã tỉnh không tồn tại."),
]


@pytest.mark.parametrize(("overrides", "field", "message"), TAMPERED)
def test_a_place_outside_the_area_is_refused(as_officer, db, overrides, field, message):
    response = post_new(as_officer, dict(VALID, **overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html and f'id="{field}-error"' in html
    assert visits(db) == []


def test_an_officer_of_one_commune_cannot_log_in_the_next(client, db):
    officer = factories.OfficerFactory(areas__province_code=8, areas__commune_code=2266)
    sign_in(client, officer)
    html = client.get("/visits/new").get_data(as_text=True)
    assert 'value="2266"' in html and 'value="2215"' not in html
    response = post_new(client, dict(VALID, commune_code="2215"))
    html = response.get_data(as_text=True)
    assert "Xã này nằm ngoài địa bàn bạn phụ trách." in html
    assert 'id="commune_code-error"' in html
    assert visits(db) == []


@pytest.mark.parametrize("bad", ["other_province", "unknown", "not_a_number"])
def test_a_tampered_cooperative_id_is_refused(as_officer, db, coop_tq, coop_ld, bad):
    wrong = {"other_province": coop_ld.id, "unknown": 99999, "not_a_number": "abc"}[bad]
    response = post_new(as_officer, VALID, [coop_tq.id, wrong])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Có hợp tác xã được chọn nằm ngoài địa bàn bạn phụ trách." in html
    assert 'id="cooperative_ids-error"' in html
    assert visits(db) == []


def test_cooperatives_must_be_in_the_province_of_the_visit(client, db, coop_tq, coop_ld):
    officer = factories.OfficerFactory(areas__province_code=8)
    factories.OfficerAreaFactory(officer=officer, province_code=68)
    sign_in(client, officer)
    html = post_new(client, VALID, [coop_tq.id, coop_ld.id]).get_data(as_text=True)
    assert "Chỉ chọn các hợp tác xã ở tỉnh nơi diễn ra buổi thăm hoặc tập huấn." in html
    assert visits(db) == []
    assert post_new(client, VALID, [coop_tq.id]).status_code == 302


def test_moving_an_own_visit_outside_the_area_is_refused(as_officer, officer, db):
    visit = make_visit(officer, topic="Giữ nguyên")
    data = dict(VALID, province_code="68", commune_code="25000")
    response = as_officer.post(f"/visits/{visit.id}/edit", data=data)
    assert response.status_code == 200
    (same,) = visits(db)
    assert (same.province_code, same.topic) == (8, "Giữ nguyên")


def test_tampered_owner_fields_are_ignored(as_officer, officer, admin, db):
    data = dict(VALID, officer_id=str(admin.id), id="77", created_at="2020-01-01")
    assert post_new(as_officer, data).status_code == 302
    (visit,) = visits(db)
    assert visit.officer_id == officer.id and visit.id != 77
