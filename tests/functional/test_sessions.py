"""Sessions end when the user ends them; staff pages are never cached, public ones carry no
user data and no cookie (issue 14, item 3). Cookies are replayed as an attacker would: a
fresh test client given a captured cookie value."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db as _db
from app.models import User
from tests.support import factories
from tests.support.clients import PASSWORD
from tests.support.trace_page import make_batch, make_product

REMEMBER = "remember_token"
SESSION = "session"


def _sign_in(client, user, remember=False):
    data = {"login": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/auth/login", data=data)
    assert response.status_code == 302
    return response


def _cookie(client, name):
    cookie = client.get_cookie(name)
    return cookie.value if cookie else None


def _replay(app, name, value):
    """A new browser holding only the captured cookie."""
    thief = app.test_client()
    thief.set_cookie(name, value)
    return thief


def _signed_in(client) -> bool:
    return client.get("/dashboard/").status_code == 200


def test_two_sign_ins_give_two_different_remember_cookies(client, app, officer):
    _sign_in(client, officer, remember=True)
    first = _cookie(client, REMEMBER)
    other = app.test_client()
    _sign_in(other, officer, remember=True)
    second = _cookie(other, REMEMBER)
    assert first and second and first != second
    assert _signed_in(_replay(app, REMEMBER, first))  # both are live until sign-out
    assert _signed_in(_replay(app, REMEMBER, second))


def test_a_remember_cookie_captured_before_sign_out_no_longer_signs_in(client, app, officer):
    _sign_in(client, officer, remember=True)
    captured = _cookie(client, REMEMBER)
    assert _signed_in(_replay(app, REMEMBER, captured))
    client.post("/auth/logout")
    assert not _signed_in(client)
    thief = _replay(app, REMEMBER, captured)
    response = thief.get("/dashboard/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_session_cookie_captured_before_sign_out_no_longer_works(client, app, officer):
    _sign_in(client, officer)
    captured = _cookie(client, SESSION)
    assert _signed_in(_replay(app, SESSION, captured))
    client.post("/auth/logout")
    assert not _signed_in(_replay(app, SESSION, captured))


def test_the_remember_cookie_lasts_thirty_days(client, officer):
    response = _sign_in(client, officer, remember=True)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{REMEMBER}="))
    expires = datetime.strptime(cookie.split("Expires=")[1].split(";")[0], "%a, %d %b %Y %X GMT")
    days = (expires.replace(tzinfo=UTC) - datetime.now(UTC)) / timedelta(days=1)
    assert 29 < days <= 30
    assert "HttpOnly" in cookie


def test_no_sign_in_outlives_the_remember_duration_whatever_the_cookie_says(
    client, app, officer, monkeypatch
):
    _sign_in(client, officer, remember=True)
    captured = _cookie(client, REMEMBER)
    later = time.time() + 31 * 86400

    class Clock:
        @staticmethod
        def time():
            return later

    monkeypatch.setattr("app.auth.sessions.time", Clock)
    assert not _signed_in(_replay(app, REMEMBER, captured))


def test_a_new_password_ends_other_sessions_and_keeps_this_one(client, app, officer):
    phone = app.test_client()
    _sign_in(phone, officer, remember=True)
    remembered = _cookie(phone, REMEMBER)
    _sign_in(client, officer)
    response = client.post(
        "/auth/account",
        data={"current": PASSWORD, "new": "mat-khau-moi-9", "confirm": "mat-khau-moi-9"},
        follow_redirects=True,
    )
    assert "Đã đổi mật khẩu. Các thiết bị khác đã bị đăng xuất." in response.get_data(True)
    assert _signed_in(client)
    assert not _signed_in(phone)
    assert not _signed_in(_replay(app, REMEMBER, remembered))
    assert (
        app.test_client()
        .post("/auth/login", data={"login": officer.email, "password": "mat-khau-moi-9"})
        .status_code
        == 302
    )


def test_a_wrong_current_password_changes_nothing(client, db, officer):
    _sign_in(client, officer)
    token = officer.session_token
    page = client.post(
        "/auth/account",
        data={"current": "sai", "new": "mat-khau-moi-9", "confirm": "mat-khau-moi-9"},
    )
    assert page.status_code == 200
    assert "Mật khẩu hiện tại không đúng." in page.get_data(as_text=True)
    _db.session.refresh(officer)
    assert officer.check_password(PASSWORD) and officer.session_token == token
    assert _signed_in(client)


def test_sign_out_everywhere_ends_every_session(client, app, officer):
    phone = app.test_client()
    _sign_in(phone, officer, remember=True)
    _sign_in(client, officer)
    page = client.get("/auth/account").get_data(as_text=True)
    assert 'action="/auth/account/sign-out-everywhere"' in page
    response = client.post("/auth/account/sign-out-everywhere", follow_redirects=True)
    assert "Bạn đã được đăng xuất trên mọi thiết bị." in response.get_data(as_text=True)
    assert not _signed_in(client)
    assert not _signed_in(phone)


def test_deactivation_ends_the_members_sessions_at_once(app, as_admin, member, db):
    phone = app.test_client()
    _sign_in(phone, member, remember=True)
    assert _signed_in(phone)
    page = as_admin.post(f"/admin/users/{member.id}/active", data={"active": "0"})
    assert page.status_code == 302
    assert not _signed_in(phone)
    refused = app.test_client().post(
        "/auth/login", data={"login": member.email, "password": PASSWORD}
    )
    assert refused.status_code == 200
    as_admin.post(f"/admin/users/{member.id}/active", data={"active": "1"})
    _sign_in(app.test_client(), member)


def test_an_admin_cannot_deactivate_their_own_account(as_admin, admin, db):
    response = as_admin.post(
        f"/admin/users/{admin.id}/active", data={"active": "0"}, follow_redirects=True
    )
    assert "Bạn không thể tự khoá tài khoản của mình." in response.get_data(as_text=True)
    _db.session.refresh(admin)
    assert admin.is_active_account
    assert _signed_in(as_admin)


def _idle(client, minutes):
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - minutes * 60


def test_an_idle_staff_session_asks_to_sign_in_again(client, officer):
    _sign_in(client, officer)
    _idle(client, 119)
    assert _signed_in(client)  # activity within the limit keeps the session
    _idle(client, 121)
    response = client.get("/cooperatives/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=/cooperatives/"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bạn đã được đăng xuất sau 120 phút không hoạt động." in page
    assert not _signed_in(client)


def test_after_idling_a_remembered_browser_is_signed_in_again(client, officer):
    _sign_in(client, officer, remember=True)
    _idle(client, 500)
    assert _signed_in(client)


def test_public_pages_do_not_count_as_activity(client, officer):
    _sign_in(client, officer)
    _idle(client, 121)
    client.get("/")
    assert client.get("/dashboard/").status_code == 302


# --- Cache headers --------------------------------------------------------------------------


@pytest.fixture
def batch(db, coop_tq):
    return make_batch(make_product(coop_tq))


def test_staff_pages_are_private_and_never_stored(as_officer, batch):
    for url in ("/dashboard/", "/cooperatives/", "/auth/account", f"/trace/batches/{batch.id}"):
        response = as_officer.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "private, no-store", url


@pytest.mark.parametrize("url", ["/t/TLB7DAU", "/t/TLB7DAU/record", "/t/TLB7DAU/record.json"])
def test_public_trace_pages_are_shared_without_cookies(client, batch, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.cache_control.public
    assert "Set-Cookie" not in response.headers


def test_the_staff_view_of_the_record_is_not_public(as_officer, officer, batch):
    response = as_officer.get("/t/TLB7DAU/record")
    assert officer.name in response.get_data(as_text=True)  # the account bar
    assert not response.cache_control.public
    assert response.cache_control.private


def test_the_trace_page_shows_a_signed_in_user_nothing_of_theirs(as_officer, officer, batch):
    response = as_officer.get("/t/TLB7DAU")
    assert officer.name not in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_a_public_page_that_signs_a_remembered_browser_in_is_private(client, app, officer, coop_tq):
    _sign_in(client, officer, remember=True)
    returning = _replay(app, REMEMBER, _cookie(client, REMEMBER))
    response = returning.get(f"/c/{coop_tq.slug}")
    assert response.status_code == 200
    assert not response.cache_control.public


def test_static_files_carry_no_cookie_for_signed_in_users(as_officer):
    response = as_officer.get("/static/css/app.css")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    response.close()


def test_every_user_gets_a_different_random_session_token(db):
    users = [factories.UserFactory() for _ in range(3)]
    tokens = {u.session_token for u in users}
    assert len(tokens) == 3 and all(len(t) >= 40 for t in tokens)
    assert db.session.execute(db.select(User).where(User.session_token == "")).first() is None


def test_a_session_from_before_tokens_signs_nobody_in(client, officer):
    with client.session_transaction() as session:
        session["_user_id"] = str(officer.id)  # what sessions held before this change
        session["_fresh"] = True
    assert not _signed_in(client)
    with client.session_transaction() as session:
        session["_user_id"] = officer.id
    assert not _signed_in(client)


def test_gs1_digital_link_pages_carry_no_cookie_or_user_data(client, app, officer, coop_tq):
    from tests.support import resolver as rh

    product = rh.gtin_product(coop_tq)
    rh.make_batch(coop_tq, product, public_code="TLBGS1")
    url = "http://127.0.0.1:5000" + f"/01/{rh.GTIN}/10/LB-LAC-2026-07"
    redirect = client.get(url)  # a 307 to the trace page, cacheable by anyone
    assert redirect.status_code == 307 and redirect.cache_control.public
    anonymous = client.get(url, follow_redirects=True)
    assert anonymous.status_code == 200 and anonymous.cache_control.public
    assert "Set-Cookie" not in redirect.headers and "Set-Cookie" not in anonymous.headers
    staff = app.test_client()
    _sign_in(staff, officer, remember=True)
    for response in (staff.get(url), staff.get(url, follow_redirects=True)):
        assert "Set-Cookie" not in response.headers
        assert officer.name not in response.get_data(as_text=True)
