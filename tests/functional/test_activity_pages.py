"""The activity log's pages: a cooperative's history for its officers and admins (and its
members with the manager right), the administrators' page with filters and paging, and its
.xlsx download with safe cells (issue 17, item 5)."""

import io
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.clock import local_today
from tests.support import factories
from tests.support.activity import log
from tests.support.clients import sign_in
from tests.support.cooperatives import form_data
from tests.support.html_pages import parse_html
from tests.support.products import make_product

FORMULA = '=HYPERLINK("http://evil.example","Bấm vào đây")'


def _rename(client, coop, name):
    response = client.post(f"/cooperatives/{coop.id}/edit", data=form_data(coop, legal_name=name))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def _history(response) -> str:
    return parse_html(response.get_data(as_text=True)).by_id("activity").text()


def _listed(client, **query) -> str:
    """The text of the entries the administrators' page lists (its filters left out)."""
    response = client.get("/admin/activity", query_string=query)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    start = html.find('<ol class="activity">')
    return html[start : html.find("</ol>", start)] if start >= 0 else ""


def test_the_officer_sees_the_cooperatives_history_with_names_and_values(
    as_officer, officer, db, coop_tq
):
    old = coop_tq.legal_name
    _rename(as_officer, coop_tq, "HTX Chè Shan tuyết Lâm Bình")
    page = as_officer.get(f"/cooperatives/{coop_tq.id}")
    text = " ".join(_history(page).split())
    assert f"{officer.name} · Đã sửa hợp tác xã" in text
    assert f"Tên đầy đủ: {old} → HTX Chè Shan tuyết Lâm Bình" in text
    whole = as_officer.get(f"/cooperatives/{coop_tq.id}/activity")
    assert whole.status_code == 200 and "HTX Chè Shan tuyết Lâm Bình" in whole.get_data(True)


def test_english_readers_get_english_labels(as_officer, officer, db, coop_tq):
    _rename(as_officer, coop_tq, "HTX Mới")
    as_officer.get("/auth/language/en")
    text = " ".join(_history(as_officer.get(f"/cooperatives/{coop_tq.id}")).split())
    assert "Changed cooperative" in text and "Legal name:" in text


def test_a_member_without_the_manager_right_does_not_see_the_history(as_member, db, coop_tq):
    page = as_member.get(f"/cooperatives/{coop_tq.id}")
    assert page.status_code == 200
    assert parse_html(page.get_data(as_text=True)).by_id("activity") is None
    assert as_member.get(f"/cooperatives/{coop_tq.id}/activity").status_code == 403


def test_an_officer_of_another_province_cannot_see_it(client, db, coop_ld):
    other = factories.OfficerFactory(areas__province_code=8)
    sign_in(client, other)
    assert client.get(f"/cooperatives/{coop_ld.id}/activity").status_code == 403


def test_only_admins_open_the_whole_log(as_officer, db):
    assert as_officer.get("/admin/activity").status_code == 403
    assert as_officer.get("/admin/activity.xlsx").status_code == 403


def test_the_admin_filters_by_cooperative_person_kind_and_dates(
    as_admin, admin, db, coop_tq, coop_ld
):
    _rename(as_admin, coop_tq, "HTX Tuyên Quang mới")
    make_product(coop_ld, name="Cà phê Di Linh")
    mine = _listed(as_admin, cooperative=coop_tq.id)
    assert "HTX Tuyên Quang mới" in mine and "Cà phê Di Linh" not in mine
    by_person = _listed(as_admin, person=admin.id)
    assert "HTX Tuyên Quang mới" in by_person and "Cà phê Di Linh" not in by_person
    products = _listed(as_admin, kind="product")
    assert "Cà phê Di Linh" in products and "HTX Tuyên Quang mới" not in products
    today = local_today()
    assert "Cà phê Di Linh" not in _listed(as_admin, start=(today + timedelta(days=1)).isoformat())
    assert "Cà phê Di Linh" in _listed(as_admin, start=today.isoformat(), end=today.isoformat())


def test_a_bad_date_is_explained_at_its_field_and_ignored(as_admin, db, coop_tq):
    page = as_admin.get("/admin/activity", query_string={"start": "31/02/2026"})
    assert page.status_code == 200
    node = parse_html(page.get_data(as_text=True)).by_id("start-error")
    assert node is not None and "dd/mm/yyyy" in node.text()


def test_the_log_pages_by_fifty(as_admin, db, coop_tq):
    for n in range(55):
        coop_tq.short_name = f"Tên {n}"
        db.session.commit()
    first = as_admin.get("/admin/activity").get_data(as_text=True)
    assert first.count('class="activity-entry"') == 50
    second = as_admin.get("/admin/activity?page=2").get_data(as_text=True)
    assert second.count('class="activity-entry"') == len(log()) - 50 > 0


def test_the_download_is_an_xlsx_whose_typed_formulas_stay_text(as_admin, db, coop_tq):
    make_product(coop_tq, name=FORMULA)
    response = as_admin.get("/admin/activity.xlsx", query_string={"kind": "product"})
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == FORMULA]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert {r[4] for r in rows[1:]} == {FORMULA}  # the subject column: the product's name
    assert sheet.freeze_panes == "A2" and all(c.font.b for c in sheet[1])  # opens readably
    assert sheet.column_dimensions["E"].width == 36


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["cooperative", "person", "kind", "start", "end", "page"]),
        st.text(max_size=30),
    )
)
def test_any_filter_text_answers_a_page_never_an_error(as_admin, db, query):
    assert as_admin.get("/admin/activity", query_string=query).status_code == 200
    assert as_admin.get("/admin/activity.xlsx", query_string=query).status_code == 200


def test_a_member_with_the_manager_right_sees_the_history(client, db, coop_tq, coop_ld):
    manager = factories.UserFactory(role="member", cooperative=coop_tq, is_manager=True)
    sign_in(client, manager)
    assert client.get(f"/cooperatives/{coop_tq.id}/activity").status_code == 200
    page = client.get(f"/cooperatives/{coop_tq.id}").get_data(as_text=True)
    assert parse_html(page).by_id("activity") is not None
    assert client.get(f"/cooperatives/{coop_ld.id}/activity").status_code == 403
    assert client.get("/admin/activity").status_code == 403
