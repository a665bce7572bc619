"""A genuine label cannot be made to look copied by someone else, and guesses cannot fill a
cooperative's suspicious list: attacks through the public trace page, fixes seen there and on
/labels/suspicious."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db as _db
from app.labels.services import run_codes
from app.models import Scan
from tests.support.batches import make_batch
from tests.support.clients import sign_in
from tests.support.labels import make_run
from tests.support.products import make_product

PHONE = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Mobile Safari/537.36"
PREVIEWS = (
    "WhatsApp/2.23.20.0 A",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Zalo",
    "TelegramBot (like TwitterBot)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
)
WARNING = "quét nhiều lần"


@pytest.fixture
def codes(db, coop_tq):
    batch = make_batch(make_product(coop_tq, name="Dầu lạc Lâm Bình"), "DL-2026-08")
    return list(run_codes(make_run(batch, serialized=True, count=20)))


def _open(client, code, address="198.51.100.7", agent=PHONE):
    return client.get(
        f"/t/{code}", environ_base={"REMOTE_ADDR": address}, headers={"User-Agent": agent}
    )


def _forged(code: str, n: int) -> str:
    """A code of the same run's range with a wrong check (differs in its last characters)."""
    tail = "ABCDEFGHJKMNPQRSTVWXYZ0123456789"
    forged = code[:-2] + tail[n // 32 % 32] + tail[n % 32]
    return forged if forged != code else code[:-2] + "00"


def test_link_previews_and_reloads_do_not_make_a_genuine_label_look_copied(app, client, codes):
    code = codes[0]
    for agent in PREVIEWS:  # the buyer shares the link in six chats
        page = _open(client, code, "203.0.113.9", agent)
        assert page.status_code == 200 and "Mã chính hãng" in page.get_data(as_text=True)
    for _ in range(20):  # and reloads the page twenty times
        page = _open(client, code)
        assert WARNING not in page.get_data(as_text=True)
    # the reloads are recorded; the previews record no scan at all (issue 19)
    assert _db.session.scalar(_db.select(_db.func.count(Scan.id))) == 20
    later_buyer = _open(client, code, "198.51.100.200").get_data(as_text=True)
    assert WARNING not in later_buyer


def test_one_address_changing_its_user_agent_is_one_visitor(app, client, codes):
    agents = [f"Mozilla/5.0 (Linux; Android {n}) Mobile Safari/537.36" for n in range(8, 16)]
    for agent in agents:
        _open(client, codes[1], "198.51.100.8", agent)
    assert WARNING not in _open(client, codes[1], "198.51.100.99").get_data(as_text=True)
    # an IPv6 client rotating its privacy address inside its /64 is one visitor too
    for n in range(8):
        _open(client, codes[2], f"2001:db8:1:2::{n + 1:x}")
    assert WARNING not in _open(client, codes[2], "198.51.100.99").get_data(as_text=True)


def test_enough_distinct_visitors_do_flag_a_copied_label(app, client, codes):
    alert = app.config["LABEL_ALERT_SCANS"]
    code = codes[3]
    for n in range(alert - 1):
        assert WARNING not in _open(client, code, f"198.51.100.{n + 1}").get_data(as_text=True)
    assert WARNING in _open(client, code, f"198.51.100.{alert}").get_data(as_text=True)
    again = _open(client, code, "198.51.100.1").get_data(as_text=True)  # a first visitor again
    assert WARNING in again


def _stored_forged() -> list[str]:
    _db.session.expire_all()
    return list(_db.session.scalars(_db.select(Scan.code).where(Scan.serial_check == "forged")))


def test_guesses_of_one_visitor_are_recorded_three_a_day(app, client, codes):
    guesses = [_forged(codes[0], n) for n in range(10)]
    for guess in guesses:
        for agent in (PHONE, PHONE + " v2"):  # changing the user agent does not help
            page = _open(client, guess, "198.51.100.50", agent)
            assert page.status_code == 404
            assert "không chính hãng" in page.get_data(as_text=True).lower()
    stored = _stored_forged()
    limit = app.config["LABEL_FORGED_PER_VISITOR"]
    assert len(stored) == limit and set(stored) == set(guesses[:limit])
    _open(client, guesses[0], "198.51.100.51", "Zalo")  # a link preview is never recorded
    assert len(_stored_forged()) == limit


def test_guesses_for_one_run_are_capped_a_day(app, client, codes, monkeypatch):
    monkeypatch.setitem(app.config, "LABEL_FORGED_PER_BATCH", 6)
    for n in range(12):  # twelve visitors, a guess each
        assert _open(client, _forged(codes[0], n), f"198.51.100.{n + 1}").status_code == 404
    assert len(_stored_forged()) == 6


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tail=st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZabcz-~ \u202e\u200b", max_size=14),
    agent=st.text(st.characters(blacklist_characters="\r\n\x00"), max_size=300),
)
def test_any_guess_of_one_visitor_answers_a_page_and_stays_within_its_limit(
    app, client, codes, tail, agent
):
    guess = codes[0][:4] + tail
    response = client.get(
        f"/t/{guess}",
        environ_base={"REMOTE_ADDR": "198.51.100.60"},
        headers={"User-Agent": agent.encode("utf-8", "replace").decode("latin-1")},
    )
    assert response.status_code in (200, 301, 404)  # 301: typed by hand, to its canonical page
    assert len(_stored_forged()) <= app.config["LABEL_FORGED_PER_VISITOR"]


def _row(html: str, code: str) -> str:
    return re.search(rf'<tr data-code="{code}"[^>]*>.*?</tr>', html, re.S).group(0)


def test_the_suspicious_list_says_how_many_distinct_visitors_saw_each_code(
    app, client, codes, member
):
    alert = app.config["LABEL_ALERT_SCANS"]
    copied = codes[4]
    for n in range(alert + 1):
        for _ in range(3):  # each reloads twice
            _open(client, copied, f"198.51.100.{n + 1}")
    for agent in PREVIEWS:
        _open(client, copied, "203.0.113.9", agent)
    forged = _forged(codes[0], 1)
    _open(client, forged, "198.51.100.77")
    _open(client, codes[5], "198.51.100.78")  # seen once: not listed
    sign_in(client, member)
    html = client.get("/labels/suspicious").get_data(as_text=True)
    row = _row(html, copied)
    assert 'data-visitors="6"' in row and 'data-scans="18"' in row
    assert 'data-visitors="1"' in _row(html, forged)
    assert codes[5] not in html
