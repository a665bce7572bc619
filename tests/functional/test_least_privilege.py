"""Least privilege: members by default, nobody gives more rights than their own (whatever the
form was made to send), officers create members in their area, the last admin stays one."""

import pytest

from app.models import Role, User
from tests.support import factories
from tests.support.clients import PASSWORD, sign_in

NEW = {"name": "Người Mới", "phone": "0987 000 222", "password": "mat-khau-9", "locale": "vi"}


def _user(db, phone="0987000222"):
    db.session.expire_all()
    return db.session.execute(db.select(User).where(User.phone == phone)).scalar_one_or_none()


def test_the_new_account_form_offers_member_first_and_selected(as_admin):
    html = as_admin.get("/admin/users/new").get_data(as_text=True)
    role_select = html[html.index('name="role"') :]
    options = role_select[: role_select.index("</select>")]
    assert options.index('value="member"') < options.index('value="admin"')
    assert 'value="member" selected' in options or 'selected value="member"' in options


def test_an_officer_creates_a_member_of_a_cooperative_in_the_area(as_officer, db, coop_tq):
    response = as_officer.post(
        "/admin/users/new", data=dict(NEW, role="member", cooperative=coop_tq.slug)
    )
    assert response.status_code == 302
    assert _user(db).cooperative_id == coop_tq.id


def test_an_officer_cannot_create_a_member_in_another_province(as_officer, db, coop_ld):
    response = as_officer.post(
        "/admin/users/new", data=dict(NEW, role="member", cooperative=coop_ld.slug)
    )
    assert response.status_code == 200
    assert "Hợp tác xã này không thuộc địa bàn của bạn." in response.get_data(as_text=True)
    assert _user(db) is None


@pytest.mark.parametrize("role", ["admin", "officer"])
def test_an_officer_tampering_with_the_role_creates_nothing(as_officer, db, coop_tq, role):
    html = as_officer.get("/admin/users/new").get_data(as_text=True)
    assert 'value="admin"' not in html and 'value="officer"' not in html
    response = as_officer.post(
        "/admin/users/new", data=dict(NEW, role=role, cooperative=coop_tq.slug, province="8")
    )
    assert response.status_code == 200
    assert _user(db) is None


def test_members_cannot_open_the_new_account_form(as_member):
    assert as_member.get("/admin/users/new").status_code == 403


def test_an_admin_demotes_another_admin_but_never_the_last_one(client, db, admin):
    other = factories.UserFactory(role="admin", password=PASSWORD)
    sign_in(client, other)
    response = client.post(f"/admin/users/{admin.id}/rights", data={"role": "officer"})
    assert "Cán bộ cần phụ trách ít nhất một tỉnh." in response.get_data(as_text=True)
    factories.OfficerAreaFactory(officer=admin)
    assert (
        client.post(f"/admin/users/{admin.id}/rights", data={"role": "officer"}).status_code == 302
    )
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == Role.OFFICER
    # ``other`` is now the only admin: it can neither demote nor deactivate itself.
    response = client.post(f"/admin/users/{other.id}/rights", data={"role": "member"})
    assert "Bạn không thể thay đổi quyền của chính mình." in response.get_data(as_text=True)
    client.post(f"/admin/users/{other.id}/active", data={"active": "0"})
    db.session.expire_all()
    still = db.session.get(User, other.id)
    assert still.role == Role.ADMIN and still.is_active_account


def test_the_last_admin_rule_holds_in_the_service(app, db, admin):
    from app.auth.rights import check_last_admin
    from app.services import ServiceError

    with pytest.raises(ServiceError, match="quản trị viên cuối cùng"):
        check_last_admin(admin, "officer", True)
    with pytest.raises(ServiceError, match="quản trị viên cuối cùng"):
        check_last_admin(admin, "admin", False)
    factories.UserFactory(role="admin", password=PASSWORD)
    check_last_admin(admin, "officer", True)  # another admin remains


def test_a_manager_right_is_given_only_with_the_rights_to_give_it(as_officer, db, coop_tq):
    response = as_officer.post(
        "/admin/users/new",
        data=dict(NEW, role="member", cooperative=coop_tq.slug, is_manager="y"),
    )
    assert response.status_code == 302
    assert _user(db).is_manager


def test_only_admins_change_roles_and_a_tampered_post_changes_nothing(client, db, member):
    officer = factories.OfficerFactory(areas__province_code=8, password=PASSWORD)
    sign_in(client, officer)
    for target in (member, officer):
        response = client.post(f"/admin/users/{target.id}/rights", data={"role": "admin"})
        assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, member.id).role == Role.MEMBER
    assert db.session.get(User, officer.id).role == Role.OFFICER


def test_an_admin_gives_the_manager_right_and_the_person_is_signed_out(app, as_admin, db, member):
    phone = sign_in(app.test_client(), member)
    data = {"role": "member", "is_manager": "y"}
    assert as_admin.post(f"/admin/users/{member.id}/rights", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, member.id).is_manager
    assert phone.get("/auth/account").status_code == 302
