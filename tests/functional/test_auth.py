"""Signing in and out, throttling, CSRF, cookies and security headers."""

import re

import pytest

from app import create_app
from app.config import TestingConfig
from app.extensions import db as _db
from app.models import User
from tests.support.clients import PASSWORD, sign_in


def test_wrong_password_gets_a_clear_message_and_keeps_the_login(client, officer):
    page = client.post("/auth/login", data={"login": officer.email, "password": "nope"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Sai email/số điện thoại hoặc mật khẩu." in html
    assert f'value="{officer.email}"' in html
    assert "nope" not in html  # the password is never echoed back


def test_empty_form_names_each_missing_field(client, db):
    html = client.post("/auth/login", data={}).get_data(as_text=True)
    assert "Nhập email hoặc số điện thoại." in html
    assert "Nhập mật khẩu." in html


def test_sign_in_by_phone_in_any_common_format(client, db):
    from tests.support.factories import UserFactory

    UserFactory(email=None, phone="0912345678", password=PASSWORD)
    response = client.post("/auth/login", data={"login": "+84 912 345 678", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard/")


def test_inactive_account_cannot_sign_in(client, db):
    from tests.support.factories import UserFactory

    user = UserFactory(is_active_account=False, password=PASSWORD)
    response = client.post("/auth/login", data={"login": user.email, "password": PASSWORD})
    assert response.status_code == 200


def test_login_records_time_and_logout_ends_session(client, officer, db):
    sign_in(client, officer)
    _db.session.refresh(officer)
    assert officer.last_login_at is not None
    assert client.get("/dashboard/").status_code == 200
    client.post("/auth/logout")
    assert client.get("/dashboard/").status_code == 302


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_next_never_leaves_the_site(client, officer, target):
    response = client.post(
        "/auth/login?next=" + target, data={"login": officer.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/dashboard/"


def test_next_within_the_site_is_followed(client, officer):
    response = client.post(
        "/auth/login?next=/cooperatives/", data={"login": officer.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/cooperatives/"


def test_failed_logins_are_throttled_but_successes_are_not(client, officer):
    for _ in range(3):
        sign_in(client, officer)
        client.post("/auth/logout")
    for _ in range(5):
        assert (
            client.post("/auth/login", data={"login": officer.email, "password": "x"}).status_code
            == 200
        )
    blocked = client.post("/auth/login", data={"login": officer.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Thử quá nhiều lần" in blocked.get_data(as_text=True)
    assert client.get("/auth/login").status_code == 200  # viewing the form is never throttled


def test_throttling_follows_the_account_across_addresses(client, officer):
    for i in range(5):
        client.post(
            "/auth/login",
            data={"login": officer.email, "password": "x"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{i}"},
        )
    response = client.post(
        "/auth/login",
        data={"login": officer.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.99"},
    )
    assert response.status_code == 429


@pytest.fixture
def csrf_app(app):
    class CSRFConfig(TestingConfig):
        WTF_CSRF_ENABLED = True

    csrf_app = create_app(CSRFConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    if csrf_app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://":
        # an in-memory database is per engine: share the suite's
        with app.app_context():
            engine = _db.engine
        csrf_app.extensions["sqlalchemy"]._app_engines[csrf_app] = {None: engine}
    return csrf_app


def test_forged_csrf_token_is_refused_clearly_and_nothing_changes(csrf_app, officer, db):
    client = csrf_app.test_client()
    login_page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    assert (
        client.post(
            "/auth/login", data={"login": officer.email, "password": PASSWORD, "csrf_token": token}
        ).status_code
        == 302
    )
    count_before = db.session.execute(db.select(db.func.count()).select_from(User)).scalar()
    forged = client.post(
        "/cooperatives/new",
        data={
            "legal_name": "HTX Giả mạo",
            "province_code": "8",
            "commune_code": "2266",
            "csrf_token": "forged",
        },
    )
    assert forged.status_code == 400
    assert "Biểu mẫu đã hết hạn" in forged.get_data(as_text=True)
    missing = client.post("/auth/logout")
    assert missing.status_code == 400
    assert client.get("/dashboard/").status_code == 200  # still signed in: logout was refused
    from app.models import Cooperative

    assert db.session.execute(db.select(Cooperative)).first() is None
    assert db.session.execute(db.select(db.func.count()).select_from(User)).scalar() == count_before


def test_session_cookie_flags(client, officer):
    response = client.post("/auth/login", data={"login": officer.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # served over plain HTTP in development


def test_cookies_are_secure_when_served_over_https(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://lensan.example.vn")
    app = create_app("testing")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_security_headers_forbid_inline_script(client, db):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.get_data(as_text=True)
    assert "onclick=" not in response.get_data(as_text=True)


def test_a_10000_character_login_is_refused_clearly(client, db):
    page = client.post("/auth/login", data={"login": "a" * 10_000, "password": "x"})
    assert page.status_code == 200
    assert "Tối đa 254 ký tự." in page.get_data(as_text=True)


def test_unexpected_errors_show_a_clear_page_and_roll_back():
    from app.access import public

    app = create_app("testing", PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    @public
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.get_data(as_text=True)


def test_unknown_page_is_a_clear_404(client, db):
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)
