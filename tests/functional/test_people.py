"""A cooperative's people: who, rights, last sign-in, invitations waiting; deactivate,
reactivate, the manager right and "sign out everywhere", within the rules of least privilege."""

from app.models import User
from tests.support import factories
from tests.support.clients import PASSWORD, sign_in

TAMPERED = {"manager": "1", "active": "0"}


def _fresh(db, user):
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_the_members_page_lists_people_and_their_sign_ins(as_officer, db, coop_tq, member):
    html = as_officer.get(f"/cooperatives/{coop_tq.id}/members").get_data(as_text=True)
    assert member.name in html and "chưa đăng nhập lần nào" in html
    assert "Mời một người" in html and "Cho làm quản lý" in html


def test_an_officer_deactivates_and_reactivates_a_member(app, as_officer, db, coop_tq, member):
    phone = sign_in(app.test_client(), member)
    response = as_officer.post(f"/auth/people/{member.id}/active", data={"active": "0"})
    assert response.status_code == 302
    assert not _fresh(db, member).is_active_account
    assert phone.get("/auth/account").status_code == 302  # its session ended
    as_officer.post(f"/auth/people/{member.id}/active", data={"active": "1"})
    assert _fresh(db, member).is_active_account
    sign_in(app.test_client(), member)


def test_an_officer_signs_a_member_out_everywhere(app, as_officer, db, member):
    phone = sign_in(app.test_client(), member)
    laptop = sign_in(app.test_client(), member)
    assert as_officer.post(f"/auth/people/{member.id}/sign-out").status_code == 302
    assert phone.get("/auth/account").status_code == 302
    assert laptop.get("/auth/account").status_code == 302
    assert as_officer.get("/auth/account").status_code == 200


def test_signing_oneself_out_everywhere_ends_the_other_sessions(app, db, member):
    phone = sign_in(app.test_client(), member)
    laptop = sign_in(app.test_client(), member)
    assert laptop.post("/auth/account/sign-out-everywhere").status_code == 302
    assert phone.get("/auth/account").status_code == 302
    assert laptop.get("/auth/account").status_code == 302


def test_a_manager_gives_the_manager_right_but_a_member_cannot(client, db, coop_tq, member):
    manager = factories.UserFactory(cooperative=coop_tq, is_manager=True, password=PASSWORD)
    sign_in(client, manager)
    assert (
        client.post(f"/auth/people/{member.id}/manager", data={"manager": "1"}).status_code == 302
    )
    assert _fresh(db, member).is_manager
    assert (
        client.post(f"/auth/people/{manager.id}/manager", data={"manager": "0"}).status_code == 403
    )  # oneself


def test_a_member_cannot_manage_co_workers_or_escalate(as_member, db, coop_tq, member):
    other = factories.UserFactory(cooperative=coop_tq, password=PASSWORD)
    for path in ("manager", "active", "sign-out", "reset"):
        assert as_member.post(f"/auth/people/{other.id}/{path}", data=TAMPERED).status_code == 403
        assert as_member.post(f"/auth/people/{member.id}/{path}", data=TAMPERED).status_code == 403
    assert not _fresh(db, member).is_manager and _fresh(db, other).is_active_account
    html = as_member.get(f"/cooperatives/{coop_tq.id}/members").get_data(as_text=True)
    assert other.name in html and "Cho làm quản lý" not in html


def test_an_officer_cannot_touch_people_of_another_province(as_officer, db, coop_ld):
    stranger = factories.UserFactory(cooperative=coop_ld, password=PASSWORD)
    assert as_officer.get(f"/cooperatives/{coop_ld.id}/members").status_code == 403
    for path in ("manager", "active", "sign-out"):
        assert (
            as_officer.post(f"/auth/people/{stranger.id}/{path}", data=TAMPERED).status_code == 403
        )


def test_an_officer_cannot_manage_an_admin_or_another_officer(as_officer, db, admin):
    colleague = factories.OfficerFactory(password=PASSWORD)
    for target in (admin, colleague):
        assert (
            as_officer.post(f"/auth/people/{target.id}/active", data={"active": "0"}).status_code
            == 403
        )
        assert as_officer.post(f"/auth/people/{target.id}/sign-out").status_code == 403
