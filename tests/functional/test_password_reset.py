"""Getting back in: a reset link by email (read from a real local SMTP server), a reset code
from the officer for people without email; a reset ends every other session; no answer tells
whether an account exists."""

import re
from urllib.parse import urlsplit

import pytest

from app.models import User
from tests.support import factories
from tests.support.clients import PASSWORD
from tests.support.invitations import issued
from tests.support.smtp import SMTPServer

NEW_PASSWORD = "chè shan tuyết 24"


@pytest.fixture
def smtp(app):
    server = SMTPServer()
    before = {k: app.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_SENDER")}
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_SENDER="no-reply@lensan.vn"
    )
    yield server
    app.config.update(before)
    server.stop()


def _signed_out(client) -> bool:
    return client.get("/auth/account").status_code == 302


def _choose(client, path, password=NEW_PASSWORD):
    assert client.get(path).status_code == 302
    return client.post("/auth/welcome", data={"password": password, "confirm": password})


def test_a_reset_link_by_email_sets_a_new_password_and_ends_other_sessions(
    app, db, smtp, officer, as_officer
):
    browser = app.test_client()
    page = browser.post("/auth/forgot", data={"login": officer.email.upper()})
    assert page.status_code == 200
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == officer.email and "mật khẩu" in message["Subject"]
    body = message.get_content()
    link = re.search(r"https?://\S+/auth/i/\S+", body).group(0)
    assert link.startswith(app.config["PUBLIC_BASE_URL"])
    response = _choose(browser, urlsplit(link).path)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, officer.id).check_password(NEW_PASSWORD)
    assert _signed_out(as_officer)  # the session from before the reset ended
    assert not _signed_out(browser)  # the browser that reset it is signed in
    again = app.test_client()
    assert again.get(urlsplit(link).path).status_code == 302
    assert again.get("/auth/welcome").status_code == 410  # single use


def test_the_answer_is_the_same_whether_or_not_an_account_exists(app, db, smtp, officer):
    known = app.test_client().post("/auth/forgot", data={"login": officer.email})
    unknown = app.test_client().post("/auth/forgot", data={"login": "nobody@example.vn"})
    no_email = factories.UserFactory(email=None, phone="0912000333")
    phone_only = app.test_client().post("/auth/forgot", data={"login": no_email.phone})
    assert known.status_code == unknown.status_code == phone_only.status_code == 200

    def text(response):
        return re.sub(r'name="csrf_token"[^>]*', "", response.get_data(as_text=True))

    assert text(known) == text(unknown) == text(phone_only)
    assert len(smtp.messages) == 1  # only the account with an email got one


def test_without_mail_the_page_says_to_ask_the_officer(client, db):
    html = client.get("/auth/forgot").get_data(as_text=True)
    assert "Hãy nhờ cán bộ khuyến nông hoặc người quản lý" in html
    assert "Quên mật khẩu?" in client.get("/auth/login").get_data(as_text=True)


def test_reset_requests_are_throttled(app, db, smtp, officer):
    browser = app.test_client()
    for _ in range(5):
        assert browser.post("/auth/forgot", data={"login": officer.email}).status_code == 200
    assert browser.post("/auth/forgot", data={"login": officer.email}).status_code == 429
    assert len(smtp.messages) == 5


def test_an_officer_gives_a_reset_code_to_a_member_without_email(app, db, coop_tq, as_officer):
    member = factories.UserFactory(
        email=None, phone="0912000444", cooperative=coop_tq, password=PASSWORD
    )
    phone = app.test_client()
    phone.post("/auth/login", data={"login": member.phone, "password": PASSWORD})
    assert not _signed_out(phone)
    _path, code = issued(as_officer.post(f"/auth/people/{member.id}/reset"))
    assert _signed_out(phone) is False  # issuing a code changes nothing yet
    other = app.test_client()
    assert other.post("/auth/code", data={"code": code.lower()}).status_code == 302
    response = other.post("/auth/welcome", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert _signed_out(phone)
    db.session.expire_all()
    assert db.session.get(User, member.id).check_password(NEW_PASSWORD)


def test_an_officer_cannot_reset_an_account_outside_the_area(db, coop_ld, as_officer):
    member = factories.UserFactory(cooperative=coop_ld, password=PASSWORD)
    assert as_officer.post(f"/auth/people/{member.id}/reset").status_code == 403


def test_a_completed_reset_ends_the_account_s_other_resets(app, db, coop_tq, as_officer):
    member = factories.UserFactory(email=None, phone="0912000555", cooperative=coop_tq)
    first, _code = issued(as_officer.post(f"/auth/people/{member.id}/reset"))
    second, _code = issued(as_officer.post(f"/auth/people/{member.id}/reset"))
    assert _choose(app.test_client(), second).status_code == 302
    late = app.test_client()
    late.get(first)
    assert late.get("/auth/welcome").status_code == 410
