"""Kept public pages as production keeps them, for the tests of the page cache
(tests/functional/test_page_cache.py) and of the front that answers them before Flask
(test_kept_front.py, test_trace_share.py): the ``kept`` fixture (counters in the instance
folder's file, or in Redis), ``dispatched`` (the requests Flask answered), a batch with a
harvest, SQL counting, and a view of a page."""

import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app.extensions import db as _db
from tests.support.redis_workers import REDIS_URL, redis_answers
from tests.support.trace_page import add_event, make_batch, make_plot, make_product

KEPT_STORES = (
    "page_cache",
    "page_generations",
    "trace_showcases",
    "scan_redis",
    "scan_writer",
    "kept_front",
)
PHONE_UA = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"


@pytest.fixture(params=["file", "redis"])
def kept(request, app, monkeypatch):
    """Pages kept as in production: the counters in the instance folder's file, or in Redis
    under a prefix of this test's own; fresh stores either way."""
    monkeypatch.setitem(app.config, "TRACE_CACHE_SECONDS", 600)
    monkeypatch.setitem(app.config, "SCAN_BATCH_SIZE", 50)  # scans wait, as in production
    monkeypatch.setitem(app.config, "SCAN_FLUSH_SECONDS", 3600)  # written when a test says
    if request.param == "redis":
        if not redis_answers():
            pytest.skip("no Redis on 127.0.0.1:6379")
        monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
        monkeypatch.setitem(app.config, "REDIS_PREFIX", f"lensan-test-{uuid.uuid4().hex}:")
    for store in KEPT_STORES:
        monkeypatch.delitem(app.extensions, store, raising=False)
    yield request.param
    writer = app.extensions.get("scan_writer")
    if writer is not None:
        writer.rows.clear()
    if request.param == "redis":
        counters = app.extensions.get("page_generations") or app.extensions.get("scan_redis")
        if counters is not None:
            for key in counters.redis.scan_iter(app.config["REDIS_PREFIX"] + "*"):
                counters.redis.delete(key)
    for store in KEPT_STORES:
        app.extensions.pop(store, None)


def harvested_batch(coop_tq):
    """TLB7DAU: a batch of the cooperative's product, on a plot, with a harvest."""
    product = make_product(coop_tq)
    batch = make_batch(product, plot_id=make_plot(coop_tq).id)
    add_event(batch, "harvest", 20, details={"quantity": "1250", "unit": "kg"})
    return batch


@contextmanager
def statements(app):
    """The SQL statements run meanwhile, counted at the cursor."""
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = _db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def page(client, path="/t/TLB7DAU", **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code in (200, 304), response.status_code
    return response


@pytest.fixture
def dispatched(app, monkeypatch):
    """The requests that reached Flask's dispatch (the rest the front of app/public/front.py
    answered): their paths."""
    paths: list[str] = []
    real = app.full_dispatch_request

    def counting():
        from flask import request

        paths.append(request.path)
        return real()

    monkeypatch.setattr(app, "full_dispatch_request", counting)
    return paths
