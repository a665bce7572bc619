"""The checklist's rules, without an app: statuses, dates, evidence, who may confirm."""

from datetime import date

import pytest

from app.onboarding.rules import is_web_url, marketplace_or_none, problems, step_or_none

TODAY = date(2026, 3, 10)


def check(step="shop_approved", status="done", day=TODAY, url="https://voso.vn/x", **kw):
    kw.setdefault("has_evidence", False)
    kw.setdefault("may_confirm", True)
    kw.setdefault("was_done", False)
    return set(problems(step, status, day, url, kw.pop("has_evidence"), TODAY, **kw))


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://voso.vn/gian-hang/htx", True),
        ("http://postmart.vn/shop?id=1", True),
        ("HTTPS://VOSO.VN", True),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("voso.vn/gian-hang", False),
        ("https://", False),
        ("https://voso.vn/a b", False),
        ("ftp://voso.vn", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_addresses_with_a_host_count_as_links(url, ok):
    assert is_web_url(url) is ok


def test_a_sound_step_has_no_problems():
    assert check() == set()
    assert check("documents", url="", has_evidence=True) == set()
    assert check("training", url="") == set()  # training needs only its date
    assert check("documents", "in_progress", None, "") == set()


def test_done_needs_a_date_in_the_past():
    assert check(day=None) == {"done_on"}
    assert check(day=date(2026, 3, 11)) == {"done_on"}
    assert check(day=date(2014, 12, 31)) == {"done_on"}


def test_evidence_rules():
    assert check(url="") == {"evidence_url"}  # the approved shop's address
    assert check(url="javascript:alert(1)") == {"evidence_url"}
    assert check(url="https://voso.vn/" + "a" * 500) == {"evidence_url"}
    for step in ("documents", "seller_account", "first_listing", "first_order"):
        assert check(step, url="") == {"evidence_note"}
    assert check("first_listing", url="https://voso.vn/dau-lac") == set()


def test_only_officers_confirm_and_members_cannot_undo_it():
    assert check(may_confirm=False) == {"status"}
    assert check(status="todo", may_confirm=False, was_done=True) == {"status"}
    assert check(status="in_progress", may_confirm=False) == set()


def test_unknown_values():
    assert check(status="approved") == {"status"}
    assert marketplace_or_none("voso") == "voso" and marketplace_or_none("amazon") is None
    assert step_or_none("first_order") == "first_order" and step_or_none("x") is None
