"""Login throttling keyed on the account, not on the text typed; the owner is never locked
out by someone else's guesses (issue 14, item 4)."""

import itertools
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug import security

from app.auth.services import resolve_login
from app.auth.throttle import DEVICE_COOKIE
from app.extensions import limiter
from tests.support import factories
from tests.support.clients import PASSWORD
from tests.support.redis_workers import redis_answers, redis_workers

PHONE = "0912345611"
WAYS = [
    "0912345611",
    "+84912345611",
    "0912 345 611",
    "(+84) 912-345-611",
    "84912345611",
    "0912.345.611",
    "+84 91 234 56 11",
    "0084912345611",
    "091-234-5611",
    " 0912345611 ",
]


def _post(client, login, password="sai-mat-khau", address="10.0.0.1"):
    return client.post(
        "/auth/login",
        data={"login": login, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


@pytest.fixture
def farmer(db):
    return factories.UserFactory(email=None, phone=PHONE, password=PASSWORD)


def test_one_phone_written_ten_ways_shares_one_budget(client, farmer):
    answers = [_post(client, way, address=f"10.0.1.{i}").status_code for i, way in enumerate(WAYS)]
    assert answers[:5] == [200] * 5
    assert set(answers[5:]) == {429}
    page = _post(client, WAYS[-1], password=PASSWORD, address="10.0.1.200")
    assert page.status_code == 429  # an unknown device waits out the back-off
    html = page.get_data(as_text=True)
    assert "Thử quá nhiều lần không đúng. Hãy chờ 1 phút rồi thử lại." in html
    assert "Thiết bị bạn đã từng đăng nhập thì không bị hạn chế." in html
    assert int(page.headers["Retry-After"]) <= 60


def test_a_number_without_an_account_is_throttled_on_its_normalised_form(client, db):
    answers = [_post(client, way, address=f"10.0.2.{i}").status_code for i, way in enumerate(WAYS)]
    assert answers[:5] == [200] * 5 and set(answers[5:]) == {429}


def test_an_email_in_another_case_is_the_same_account(client, officer):
    for i in range(5):
        login = officer.email.upper() if i % 2 else f"  {officer.email} "
        assert _post(client, login, address=f"10.0.3.{i}").status_code == 200
    assert _post(client, officer.email, PASSWORD, address="10.0.3.99").status_code == 429


def test_the_per_address_limit_still_holds_across_accounts(client, db):
    for i in range(5):
        assert _post(client, f"09123456{i:02d}").status_code == 200
    assert _post(client, "0987654321").status_code == 429


writings = st.tuples(
    st.sampled_from(["0", "+84", "84", "0084", "(+84) ", "+84 "]),
    st.sampled_from(["", " ", "-", ".", "  "]),
    st.sampled_from([(3, 6), (2, 5, 7), (), (4,)]),
)


def _write(national: str, prefix: str, sep: str, cuts: tuple) -> str:
    """``national`` (9 digits after the 0) written with a prefix and separators."""
    bounds = (0, *cuts, len(national))
    return prefix + sep.join(national[a:b] for a, b in itertools.pairwise(bounds))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(writing=writings)
def test_every_way_of_writing_a_number_resolves_to_one_account(app, farmer, writing):
    with app.test_request_context():
        user, key = resolve_login(_write("912345611", *writing))
        assert user is not None and key == f"user:{farmer.id}"
        nobody = resolve_login(_write("913345611", *writing))
        assert nobody == (None, "phone:0913345611")


def _known_device(app, user):
    """A browser that signed in to ``user`` once, then signed out."""
    phone = app.test_client()
    assert _post(phone, user.phone or user.email, PASSWORD, "10.9.9.9").status_code == 302
    assert phone.get_cookie(DEVICE_COOKIE, path="/auth/") is not None
    phone.post("/auth/logout")
    return phone


def test_a_known_device_gets_in_while_the_account_is_under_attack(app, client, farmer):
    phone = _known_device(app, farmer)
    for i in range(12):
        _post(client, WAYS[i % len(WAYS)], address=f"10.0.4.{i}")
    stranger = app.test_client()
    assert _post(stranger, PHONE, PASSWORD, "10.0.4.200").status_code == 429
    assert _post(phone, "+84 912 345 611", PASSWORD, "10.0.4.201").status_code == 302


def test_the_known_device_cookie_counts_for_its_own_account_only(app, client, farmer, officer):
    attacker = _known_device(app, officer)  # the attacker's own account on this browser
    for i in range(6):
        _post(attacker, PHONE, address=f"10.0.5.{i}")
    assert _post(attacker, PHONE, PASSWORD, "10.0.5.99").status_code == 429
    forged = app.test_client()
    forged.set_cookie(DEVICE_COOKIE, "WzEsImFiYyJd.forged.sig", path="/auth/")
    assert _post(forged, PHONE, PASSWORD, "10.0.5.98").status_code == 429


def test_a_known_device_typing_wrong_passwords_is_throttled_itself(app, farmer):
    phone = _known_device(app, farmer)
    for _ in range(5):
        assert _post(phone, PHONE).status_code == 200
    assert _post(phone, PHONE, PASSWORD).status_code == 429


def test_after_a_short_back_off_the_right_password_gets_in(app, client, farmer, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "5 per hour")
    for i in range(5):
        _post(client, WAYS[i], address=f"10.0.6.{i}")
    assert _post(client, PHONE, PASSWORD, "10.0.6.50").status_code == 429
    later = time.time() + 61  # the back-off is 60 s; the hour's limit still holds
    monkeypatch.setattr(time, "time", lambda: later)
    assert _post(client, PHONE, PASSWORD, "10.0.6.51").status_code == 302


def test_a_wrong_guess_after_the_back_off_starts_another(app, client, farmer, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "5 per hour")
    for i in range(5):
        _post(client, WAYS[i], address=f"10.0.7.{i}")
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start + 61)
    assert _post(client, PHONE, address="10.0.7.50").status_code == 200  # one guess, wrong
    assert _post(client, PHONE, PASSWORD, "10.0.7.51").status_code == 429


def test_known_and_unknown_logins_both_run_the_password_hash(client, farmer, monkeypatch):
    calls = []
    real = security.check_password_hash

    def counting(pwhash, password):
        calls.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(security, "check_password_hash", counting)
    _post(client, "0987000111", address="10.0.8.1")  # nobody has this number
    _post(client, "nobody@example.vn", address="10.0.8.2")
    _post(client, PHONE, address="10.0.8.3")  # the farmer, wrong password
    assert len(calls) == 3
    assert calls[0] == calls[1] != calls[2]  # a stand-in hash for the unknown logins
    assert calls[0].split("$")[0] == calls[2].split("$")[0]  # of the same method and cost


def test_an_inactive_account_also_runs_the_hash_and_counts(client, db, monkeypatch):
    user = factories.UserFactory(is_active_account=False, password=PASSWORD)
    calls = []
    real = security.check_password_hash
    monkeypatch.setattr(security, "check_password_hash", lambda h, p: calls.append(h) or real(h, p))
    for i in range(5):
        assert _post(client, user.email, PASSWORD, f"10.0.9.{i}").status_code == 200
    assert len(calls) == 5
    assert _post(client, user.email, PASSWORD, "10.0.9.9").status_code == 429


# --- Several workers share the counts through Redis ---------------------------------------------


@pytest.mark.skipif(not redis_answers(), reason="no Redis answers on 127.0.0.1:6379")
def test_two_workers_count_an_accounts_failures_together(app, farmer):
    with redis_workers(app) as workers:
        for i in range(5):
            client = workers[i % 2].test_client()
            assert _post(client, WAYS[i], address=f"10.1.0.{i}").status_code == 200
        assert limiter.storage.__class__.__name__.startswith("Redis")
        blocked = _post(workers[0].test_client(), WAYS[7], PASSWORD, "10.1.0.99")
        assert blocked.status_code == 429
