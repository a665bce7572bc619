"""Invitations: an officer or a cooperative's manager invites; the link or the code works
once, for 7 days; revoked, used and expired invitations say so clearly."""

from datetime import UTC, datetime, timedelta

import pytest

from app.models import Invitation, User
from tests.support import factories
from tests.support.clients import sign_in
from tests.support.invitations import invite, issued

NEW_PASSWORD = "lạc đỏ nà va 7"


def _accept(client, path, password=NEW_PASSWORD):
    opened = client.get(path)
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/auth/welcome")
    return client.post("/auth/welcome", data={"password": password, "confirm": password})


def _new_user(db, phone="0987111222"):
    db.session.expire_all()
    return db.session.query(User).filter_by(phone=phone).one_or_none()


def test_an_officer_invites_and_the_person_lands_signed_in_on_the_cooperative(
    app, as_officer, db, coop_tq
):
    path, code = issued(invite(as_officer, coop_tq))
    assert len(code) == 9 and code[4] == "-"
    row = db.session.query(Invitation).one()
    assert code.replace("-", "") not in (row.code_hash, row.token_hash)  # hashes only
    assert path.split("/")[-1] not in row.token_hash
    waiting = as_officer.get(f"/cooperatives/{coop_tq.id}/members").get_data(as_text=True)
    assert "Hoàng Văn Mới" in waiting and "Đang chờ" in waiting

    person = app.test_client()
    response = _accept(person, path)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cooperatives/{coop_tq.id}")
    user = _new_user(db)
    assert user.cooperative_id == coop_tq.id and user.role == "member" and not user.is_manager
    assert user.check_password(NEW_PASSWORD)
    assert person.get(f"/cooperatives/{coop_tq.id}").status_code == 200
    page = as_officer.get(f"/auth/invitations/{row.id}").get_data(as_text=True)
    assert "Đã nhận lời mời" in page


def test_the_code_typed_by_hand_in_any_case_opens_the_invitation(app, as_officer, db, coop_tq):
    _path, code = issued(invite(as_officer, coop_tq))
    person = app.test_client()
    typed = f" {code.lower().replace('-', ' ')} "
    response = person.post("/auth/code", data={"code": typed})
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/welcome")
    person.post("/auth/welcome", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert _new_user(db).check_password(NEW_PASSWORD)


def test_a_used_invitation_says_so_and_makes_no_second_account(app, as_officer, db, coop_tq):
    path, code = issued(invite(as_officer, coop_tq))
    assert _accept(app.test_client(), path).status_code == 302
    again = app.test_client()
    response = _accept(again, path, "mật khẩu khác 99")
    assert response.status_code == 410
    assert "Lời mời này đã được dùng" in response.get_data(as_text=True)
    again.post("/auth/code", data={"code": code})
    assert again.get("/auth/welcome").status_code == 410
    assert db.session.query(User).filter_by(phone="0987111222").count() == 1
    assert _new_user(db).check_password(NEW_PASSWORD)


def test_an_expired_invitation_says_so_and_sending_it_again_renews_it(app, as_officer, db, coop_tq):
    path, _code = issued(invite(as_officer, coop_tq))
    row = db.session.query(Invitation).one()
    row.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    person = app.test_client()
    response = _accept(person, path)
    assert response.status_code == 410
    assert "Lời mời đã hết hạn" in response.get_data(as_text=True)
    assert _new_user(db) is None
    members = as_officer.get(f"/cooperatives/{coop_tq.id}/members").get_data(as_text=True)
    assert "Đã hết hạn" in members
    new_path, new_code = issued(as_officer.post(f"/auth/invitations/{row.id}/resend"))
    assert new_path != path
    assert person.get(path).status_code == 404  # the old link stopped working
    assert _accept(app.test_client(), new_path).status_code == 302
    assert _new_user(db) is not None


def test_a_revoked_invitation_says_so(app, as_officer, db, coop_tq):
    path, code = issued(invite(as_officer, coop_tq))
    row = db.session.query(Invitation).one()
    assert as_officer.post(f"/auth/invitations/{row.id}/revoke").status_code == 302
    response = _accept(app.test_client(), path)
    assert response.status_code == 410
    assert "Lời mời này đã bị thu hồi" in response.get_data(as_text=True)
    assert _new_user(db) is None


def test_an_officer_cannot_invite_into_another_province(as_officer, db, coop_ld):
    assert as_officer.get(f"/auth/cooperatives/{coop_ld.id}/invite").status_code == 403
    assert invite(as_officer, coop_ld).status_code == 403
    assert db.session.query(Invitation).count() == 0


def test_a_member_without_the_manager_right_cannot_invite(as_member, db, coop_tq):
    assert invite(as_member, coop_tq).status_code == 403
    assert invite(as_member, coop_tq, role="admin").status_code == 403
    assert db.session.query(Invitation).count() == 0


@pytest.mark.parametrize("role", ["admin", "officer", "manager"])
def test_a_manager_cannot_invite_beyond_their_rights(client, db, coop_tq, role):
    manager = factories.UserFactory(role="member", cooperative=coop_tq, is_manager=True)
    sign_in(client, manager)
    response = invite(client, coop_tq, role=role)
    if role == "manager":  # the same rights as their own: allowed
        assert issued(response)[1]
        return
    assert response.status_code == 200
    assert "Bạn không thể cấp cho tài khoản quyền cao hơn quyền của mình." in response.get_data(
        as_text=True
    )
    assert db.session.query(Invitation).count() == 0


def test_a_manager_invites_a_co_worker(app, client, db, coop_tq):
    manager = factories.UserFactory(role="member", cooperative=coop_tq, is_manager=True)
    sign_in(client, manager)
    path, _code = issued(invite(client, coop_tq))
    assert _accept(app.test_client(), path).status_code == 302
    assert _new_user(db).cooperative_id == coop_tq.id


def test_weak_passwords_are_refused_with_a_reason(app, as_officer, db, coop_tq):
    path, _code = issued(invite(as_officer, coop_tq))
    person = app.test_client()
    response = _accept(person, path, "0987111222")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Mật khẩu chỉ có chữ số rất dễ bị đoán" in html
    assert _new_user(db) is None


def test_wrong_codes_are_throttled(app, db):
    person = app.test_client()
    for _ in range(5):
        response = person.post("/auth/code", data={"code": "ZZZZ-ZZZZ"})
        assert response.status_code == 200
        assert "Mã này không đúng" in response.get_data(as_text=True)
    assert person.post("/auth/code", data={"code": "ZZZZ-ZZZZ"}).status_code == 429


def test_an_account_already_using_the_phone_cannot_be_invited(as_officer, db, coop_tq):
    factories.UserFactory(phone="0987111222")
    response = invite(as_officer, coop_tq)
    assert "Đã có tài khoản khác dùng 0987111222." in response.get_data(as_text=True)
    assert db.session.query(Invitation).count() == 0


def test_an_unknown_link_is_a_clear_404(client, db):
    response = client.get("/auth/i/not-a-real-token")
    assert response.status_code == 404
    assert "Liên kết này không dùng được" in response.get_data(as_text=True)


def test_the_demo_has_one_invitation_waiting(demo, client, db):
    from app.demo import DEMO_PASSWORD
    from app.models import Cooperative

    lam_binh = db.session.query(Cooperative).filter_by(slug="htx-lam-binh").one()
    client.post("/auth/login", data={"login": "lan.khuyennong@tuyenquang.example.vn",
                                     "password": DEMO_PASSWORD})  # fmt: skip
    html = client.get(f"/cooperatives/{lam_binh.id}/members").get_data(as_text=True)
    assert "Nông Văn Thắng" in html and "Đang chờ" in html
    listed = client.get("/auth/invitations").get_data(as_text=True)
    assert "Nông Văn Thắng" in listed
    assert db.session.query(Invitation).count() == 1


def test_two_browsers_completing_at_once_make_one_account(app, as_officer, db, coop_tq):
    """The second of two simultaneous completions finds the invitation claimed by the first
    (its row read before the first committed) and makes nothing."""
    from sqlalchemy import update

    from app.auth.invitations import complete
    from app.services import ServiceError

    issued(invite(as_officer, coop_tq))
    stale = db.session.query(Invitation).one()
    assert stale.used_at is None
    with db.engine.begin() as other:  # the first browser, in its own transaction
        other.execute(update(Invitation).values(used_at=datetime.now(UTC)))
    with pytest.raises(ServiceError):
        complete(stale, NEW_PASSWORD)  # still reads used_at as None
    assert _new_user(db) is None
