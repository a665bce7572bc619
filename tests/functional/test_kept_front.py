"""The front of app/public/front.py: once Flask has answered a kept page to a visitor without
a session, the next views of that path are answered before Flask (no dispatch, no SQL), with
the same page, headers, 304s and scans, and a recall still shows at once; anything else still
goes to Flask. Run with the counters in the instance folder's file and in a real Redis."""

import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.extensions import db as _db
from app.models import Batch, BatchStatus, Scan
from app.scans.queue import drain
from tests.support.kept_pages import harvested_batch, page, statements

PATH = "/t/TLB7DAU"


@pytest.fixture
def batch(db, coop_tq):
    return harvested_batch(coop_tq)


def _scans(app, kept) -> int:
    """The scans recorded so far, wherever they wait."""
    if kept == "redis":
        drain(app)
    else:
        app.extensions["scan_writer"].flush()
    _db.session.rollback()
    return _db.session.execute(_db.select(_db.func.count(Scan.id))).scalar_one()


def _forget_notes(app) -> None:
    app.extensions.pop("kept_front")
    counters = app.extensions.get("page_generations")
    if kept_in_redis := getattr(counters, "redis", None):
        for key in kept_in_redis.scan_iter(app.config["REDIS_PREFIX"] + "front:*"):
            kept_in_redis.delete(key)


def _without_id(response) -> list[tuple[str, str]]:
    return sorted((k, v) for k, v in response.headers.items() if k != "X-Request-ID")


def test_the_next_views_skip_flask_with_the_same_answer(kept, app, client, batch, dispatched):
    first = page(client)  # rendered and kept by Flask: the front notes it
    with statements(app) as seen:
        front = page(client)
        not_modified = page(client, headers={"If-None-Match": first.headers["ETag"]})
        head = client.head(PATH)
    assert dispatched == [PATH] and seen == []
    assert front.get_data() == first.get_data()
    assert _without_id(front) == _without_id(first)
    assert front.headers["Content-Security-Policy"] and front.headers["Vary"] == "Cookie"
    assert front.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    assert not_modified.status_code == 304 and not_modified.get_data() == b""
    assert not_modified.headers["ETag"] == first.headers["ETag"]
    assert "Content-Type" not in not_modified.headers
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["Content-Length"] == str(len(first.get_data()))
    assert _scans(app, kept) == 4  # one per view, HEAD and 304 included


def test_a_phone_that_only_revalidates_is_answered_before_flask(
    kept, app, client, batch, dispatched
):
    etag = page(client).headers["ETag"]
    _forget_notes(app)  # the page is kept, the front's note of it is not
    for _ in range(4):
        assert page(client, headers={"If-None-Match": etag}).status_code == 304
    assert len(dispatched) == 2  # the page, then its first 304 from Flask
    again = page(client)  # a 200: Flask's, so that its headers (Vary) are noted
    assert again.headers["Vary"] == "Cookie" and len(dispatched) == 3
    assert page(client).headers["Vary"] == "Cookie" and len(dispatched) == 3
    assert _scans(app, kept) == 7


def test_a_note_in_redis_serves_every_worker(kept, app, client, batch, dispatched):
    """Another worker (here: this one with its own stores emptied) answers the page before
    Flask from the note and page in Redis, in one round trip; without Redis it asks Flask."""
    first = page(client)
    for store in ("kept_front", "page_cache"):
        app.extensions.pop(store)
    other = page(client)
    assert other.get_data() == first.get_data() and _without_id(other) == _without_id(first)
    assert len(dispatched) == (1 if kept == "redis" else 2)
    page(client)
    assert len(dispatched) == (1 if kept == "redis" else 2)
    assert _scans(app, kept) == 3


def test_a_recall_shows_at_once_and_its_view_counts_once(kept, app, client, batch, dispatched):
    for _ in range(3):
        assert "recall-banner" not in page(client).get_data(as_text=True)
    stored = _db.session.get(Batch, batch.id)
    stored.status = BatchStatus.RECALLED
    _db.session.commit()
    assert len(dispatched) == 1
    red = page(client)  # the front finds its page old: Flask renders the recall
    assert "recall-banner" in red.get_data(as_text=True) and len(dispatched) == 2
    assert _scans(app, kept) == 4


def test_visitors_with_a_session_or_another_query_go_to_flask(kept, app, client, batch, dispatched):
    for _ in range(2):
        page(client)
        page(client, query_string={"lang": "en"})
    english = page(client, query_string={"lang": "en"})
    assert english.headers["Content-Language"] == "en" and len(dispatched) == 2
    page(client, query_string={"utm_source": "zalo"})
    client.set_cookie("remember_token", "x")
    page(client)
    client.delete_cookie("remember_token")
    with client.session_transaction() as session:
        session["lang"] = "en"
    assert page(client).headers["Content-Language"] == "en"
    assert len(dispatched) == 5


def test_scans_that_must_be_written_at_once_never_use_the_front(
    kept, app, client, batch, dispatched, monkeypatch
):
    monkeypatch.setitem(app.config, "SCAN_BATCH_SIZE", 1)
    for _ in range(3):
        page(client)
    assert len(dispatched) == 3
    _db.session.rollback()
    assert _db.session.execute(_db.select(_db.func.count(Scan.id))).scalar_one() == 3


def _count(client, status: str) -> float:
    text = client.get("/metrics").get_data(as_text=True)
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = sample.labels
            if (
                sample.name == "lensan_http_requests_total"
                and labels.get("endpoint") == "public.trace"
                and labels.get("status") == status
            ):
                return sample.value
    return 0.0


def test_answers_of_the_front_are_counted_and_logged(
    kept, app, client, batch, dispatched, caplog, monkeypatch
):
    etag = page(client).headers["ETag"]
    before = _count(client, "200"), _count(client, "304")
    monkeypatch.setattr(app.wsgi_app, "json_logs", True)
    with caplog.at_level(logging.INFO, logger="lensan.request"):
        front = page(client, headers={"X-Request-ID": "scan-42"})
        page(client, headers={"If-None-Match": etag})
    assert dispatched.count(PATH) == 1 and front.headers["X-Request-ID"] == "scan-42"
    assert (_count(client, "200"), _count(client, "304")) == (before[0] + 1, before[1] + 1)
    lines = [r for r in caplog.records if r.name == "lensan.request"]
    assert [(r.request_id, r.path, r.status) for r in lines[:1]] == [("scan-42", PATH, 200)]
    assert lines[1].status == 304 and lines[1].duration_ms is not None


def test_a_digital_link_redirects_to_the_page_the_front_answers_one_scan_a_view(
    kept, app, client, dispatched, coop_tq
):
    """A Digital Link to a lot is not kept: Flask answers its 307 (no scan), and the front its
    trace page (the scan): each scan through the redirect counts once."""
    from tests.support.resolver import GTIN, gtin_product
    from tests.support.resolver import make_batch as make_lot

    lot = make_lot(coop_tq, gtin_product(coop_tq), public_code="LBLAC07")
    link = f"/01/{GTIN}/10/{lot.code}"
    for _ in range(4):
        shown = client.get(link, base_url="http://127.0.0.1:5000", follow_redirects=True)
        assert shown.status_code == 200 and lot.code in shown.get_data(as_text=True)
    assert dispatched == [link, "/t/LBLAC07", link, link, link]
    assert _scans(app, kept) == 4
    assert _db.session.execute(_db.select(Scan.code)).scalars().all() == ["LBLAC07"] * 4
