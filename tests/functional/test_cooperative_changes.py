"""A member cannot move their cooperative out of their officer's sight, nor change its tax
code, registration number or bank account unseen (issue 14, item 6).

A member's move is held for the officer of the cooperative's current area, who confirms or
rejects it; the rest of the member's form is saved. Identity and bank changes, by anyone, are
recorded with who, when, old and new value, and shown on the cooperative's page.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.models import ChangeKind, Cooperative, CooperativeChange
from tests.support import factories
from tests.support.clients import sign_in
from tests.support.cooperatives import form_data
from tests.support.html_pages import parse_html

DI_LINH = {"province_code": "68", "commune_code": "25000"}  # Xã Di Linh, Lâm Đồng
BANK = {
    "bank_bin": "970405",
    "bank_account_number": "8700123456789",
    "bank_account_holder": "HTX NONG NGHIEP LAM BINH",
}


def edit(client, coop, **changes):
    return client.post(f"/cooperatives/{coop.id}/edit", data=form_data(coop, **changes))


def reload(db, coop):
    db.session.expire_all()
    return db.session.get(Cooperative, coop.id)


def recorded(db, coop):
    db.session.expire_all()
    stmt = (
        db.select(CooperativeChange)
        .where(CooperativeChange.cooperative_id == coop.id)
        .order_by(CooperativeChange.id)
    )
    return [
        (c.field, c.kind, c.old_value, c.new_value, c.user_id)
        for c in db.session.execute(stmt).scalars()
    ]


def waiting(response):
    """The boxes of moves waiting for the officer on a cooperative's page."""
    return parse_html(response.get_data(as_text=True)).find_all("section", cls="move-waiting")


def history_text(response) -> str:
    return parse_html(response.get_data(as_text=True)).by_id("changes").text()


def answer(client, coop, change_id, button="confirm"):
    return client.post(f"/cooperatives/{coop.id}/moves/{change_id}", data={button: "1"})


def _last_id(db):
    return db.session.execute(db.select(db.func.max(CooperativeChange.id))).scalar()


# --- the member's move is held ----------------------------------------------------------


def test_a_members_move_is_held_while_the_rest_of_the_form_is_saved(as_member, db, coop_tq, member):
    response = edit(as_member, coop_tq, short_name="HTX Chè Mới", street="Thôn Nà Đông", **DI_LINH)
    assert response.status_code == 302
    coop = reload(db, coop_tq)
    assert (coop.province_code, coop.commune_code) == (8, 2266)  # not moved
    assert (coop.short_name, coop.street) == ("HTX Chè Mới", "Thôn Nà Đông")  # the rest saved
    assert recorded(db, coop) == [("place", "requested", "8/2266", "68/25000", member.id)]
    page = as_member.get(response.headers["Location"])
    (box,) = waiting(page)
    assert "Xã Di Linh" in box.text() and box.find_all("form") == []  # no buttons for members
    assert "Thôn Nà Đông" in page.get_data(as_text=True)


def test_the_officer_still_sees_the_cooperative_and_confirms_the_move(
    app, db, coop_tq, member, officer
):
    client = sign_in(app.test_client(), member)
    edit(client, coop_tq, **DI_LINH)
    request_id = _last_id(db)
    client = sign_in(app.test_client(), officer)
    page = client.get("/cooperatives/").get_data(as_text=True)
    assert coop_tq.legal_name in page  # still in the officer's list
    (box,) = waiting(client.get(f"/cooperatives/{coop_tq.id}"))
    assert box.attrs["id"] == f"move-{request_id}"
    assert {b.attrs["name"] for b in box.find_all("input", type="submit")} == {"confirm", "reject"}
    response = answer(client, coop_tq, request_id)
    assert response.status_code == 302 and response.headers["Location"].endswith("/cooperatives/")
    coop = reload(db, coop_tq)
    assert (coop.province_code, coop.commune_code) == (68, 25000)
    assert [r[:2] for r in recorded(db, coop)] == [("place", "requested"), ("place", "confirmed")]
    assert recorded(db, coop)[-1][4] == officer.id
    assert client.get(f"/cooperatives/{coop_tq.id}").status_code == 403  # out of their area now


def test_the_officer_rejects_the_move_and_the_cooperative_stays(app, db, coop_tq, member, officer):
    client = sign_in(app.test_client(), member)
    edit(client, coop_tq, **DI_LINH)
    request_id = _last_id(db)
    client = sign_in(app.test_client(), officer)
    assert answer(client, coop_tq, request_id, "reject").status_code == 302
    coop = reload(db, coop_tq)
    assert (coop.province_code, coop.commune_code) == (8, 2266)
    assert recorded(db, coop)[-1][:2] == ("place", "rejected")
    assert waiting(client.get(f"/cooperatives/{coop_tq.id}")) == []  # nothing waits any more
    # answering again changes nothing
    answer(client, coop_tq, request_id)
    assert (reload(db, coop_tq).province_code, len(recorded(db, coop_tq))) == (8, 2)


def test_an_admin_confirms_a_move(app, db, coop_tq, member, admin):
    client = sign_in(app.test_client(), member)
    edit(client, coop_tq, **DI_LINH)
    request_id = _last_id(db)
    client = sign_in(app.test_client(), admin)
    response = answer(client, coop_tq, request_id)
    assert response.headers["Location"].endswith(f"/cooperatives/{coop_tq.id}#changes")
    assert reload(db, coop_tq).commune_code == 25000


def test_a_later_request_replaces_the_one_waiting(as_member, db, coop_tq):
    edit(as_member, coop_tq, **DI_LINH)
    edit(as_member, coop_tq, province_code="8", commune_code="2512")
    kinds = [r[1] for r in recorded(db, coop_tq)]
    assert kinds == ["requested", "superseded", "requested"]
    assert len(waiting(as_member.get(f"/cooperatives/{coop_tq.id}"))) == 1


def test_saving_without_a_move_records_nothing(as_member, db, coop_tq):
    assert edit(as_member, coop_tq, short_name="HTX Khác").status_code == 302
    assert recorded(db, coop_tq) == []


# --- who may answer -----------------------------------------------------------------------


def test_members_and_outsiders_cannot_answer_a_move(app, db, coop_tq, coop_ld, member):
    client = sign_in(app.test_client(), member)
    edit(client, coop_tq, **DI_LINH)
    request_id = _last_id(db)
    assert answer(client, coop_tq, request_id).status_code == 403  # the member themself
    other_member = factories.UserFactory(role="member", cooperative=coop_ld, password="x" * 12)
    client = sign_in(app.test_client(), other_member, "x" * 12)
    assert client.get(f"/cooperatives/{coop_tq.id}").status_code == 403
    assert answer(client, coop_tq, request_id).status_code == 403
    assert edit(client, coop_tq, tax_code="5000999999").status_code == 403
    lam_dong = factories.OfficerFactory(areas__province_code=68, password="y" * 12)
    client = sign_in(
        app.test_client(), lam_dong, "y" * 12
    )  # the officer of the place it asks to go to
    assert answer(client, coop_tq, request_id).status_code == 403
    coop = reload(db, coop_tq)
    assert (coop.province_code, coop.tax_code) == (8, coop_tq.tax_code)
    assert [r[1] for r in recorded(db, coop)] == ["requested"]


def test_a_request_of_another_cooperative_cannot_be_answered_through_this_one(
    app, db, coop_tq, member, officer
):
    client = sign_in(app.test_client(), member)
    edit(client, coop_tq, **DI_LINH)
    request_id = _last_id(db)
    mine = factories.CooperativeFactory(province_code=8, commune_code=2266)
    client = sign_in(app.test_client(), officer)
    answer(client, mine, request_id)
    assert reload(db, coop_tq).province_code == 8 and reload(db, mine).province_code == 8
    assert [r[1] for r in recorded(db, coop_tq)] == ["requested"] and recorded(db, mine) == []


@pytest.mark.parametrize("data", [{}, {"confirm": "1", "reject": "1"}])
def test_neither_or_both_buttons_are_refused(as_officer, db, coop_tq, member, data):
    response = as_officer.post(f"/cooperatives/{coop_tq.id}/moves/1", data=data)
    assert response.status_code == 400


# --- staff moves, identity and bank changes -----------------------------------------------


def test_an_officers_move_inside_their_area_is_made_and_recorded(as_officer, db, coop_tq, officer):
    assert edit(as_officer, coop_tq, province_code="8", commune_code="2512").status_code == 302
    assert reload(db, coop_tq).commune_code == 2512
    assert recorded(db, coop_tq) == [("place", "applied", "8/2266", "8/2512", officer.id)]


def test_identity_and_bank_changes_are_recorded_with_who_and_the_old_value(
    as_member, db, coop_tq, member
):
    old_tax = coop_tq.tax_code
    response = edit(as_member, coop_tq, tax_code="5000999999", registration_number="HTX-01", **BANK)
    assert response.status_code == 302
    assert recorded(db, coop_tq) == [
        ("tax_code", "applied", old_tax, "5000999999", member.id),
        ("registration_number", "applied", None, "HTX-01", member.id),
        ("bank_bin", "applied", None, "970405", member.id),
        ("bank_account_number", "applied", None, "8700123456789", member.id),
        ("bank_account_holder", "applied", None, "HTX NONG NGHIEP LAM BINH", member.id),
    ]
    text = history_text(as_member.get(f"/cooperatives/{coop_tq.id}"))
    assert "Lịch sử thay đổi" in text
    assert old_tax in text and "5000999999" in text and "8700123456789" in text
    assert member.name in text


def test_the_officer_sees_the_members_changes(app, db, coop_tq, member, officer):
    client = sign_in(app.test_client(), member)
    edit(client, coop_tq, **dict(BANK, bank_account_number="1234567890"))
    client = sign_in(app.test_client(), officer)
    text = history_text(client.get(f"/cooperatives/{coop_tq.id}"))
    assert "1234567890" in text and member.name in text


def test_the_history_is_append_only(as_officer, db, coop_tq):
    edit(as_officer, coop_tq, tax_code="5000999999")
    first = recorded(db, coop_tq)
    edit(as_officer, coop_tq, tax_code="5000888888")
    assert recorded(db, coop_tq)[: len(first)] == first
    assert [r[1] for r in recorded(db, coop_tq)] == [ChangeKind.APPLIED] * 2


def test_the_officers_list_points_at_a_waiting_move(app, db, coop_tq, coop_ld, member, officer):
    client = sign_in(app.test_client(), member)
    edit(client, coop_tq, **DI_LINH)
    client = sign_in(app.test_client(), officer)
    doc = parse_html(client.get("/cooperatives/").get_data(as_text=True))
    links = [a.attrs["href"] for a in doc.find_all("a", cls="cert-status")]
    assert links == [f"/cooperatives/{coop_tq.id}#changes"]


HOSTILE_VALUES = st.one_of(
    st.sampled_from(["", "0", "-1", "68", "25000", "2512", str(2**63), "9" * 400, "\u202e1"]),
    st.text(max_size=60),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.fixed_dictionaries(
        {},
        optional={
            name: HOSTILE_VALUES
            for name in (
                "province_code",
                "commune_code",
                "tax_code",
                "registration_number",
                "bank_bin",
                "bank_account_number",
                "bank_account_holder",
            )
        },
    )
)
def test_whatever_a_member_posts_the_cooperative_stays_in_place(
    as_member, db, coop_tq, coop_ld, values
):
    response = edit(as_member, coop_tq, **values)
    assert response.status_code in (200, 302)
    coop, other = reload(db, coop_tq), reload(db, coop_ld)
    assert (coop.province_code, coop.commune_code) == (8, 2266)
    assert (other.tax_code, other.bank_account_number) == (coop_ld.tax_code, None)
    for _field, kind, old, new, _user in recorded(db, coop):
        assert kind in ("applied", "requested", "superseded")
        assert kind == "superseded" or old != new
