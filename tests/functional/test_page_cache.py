"""Kept public pages (app/page_cache.py): served and revalidated without SQL, retired at once by
any change of their cooperative, with the counters in the instance folder's file (no Redis)
and in a real Redis; a Redis that does not answer costs the buyer nothing; scans go through
the Redis list and reach the staff's counts."""

import pytest

from app.extensions import db as _db
from app.models import Batch, BatchStatus, Cooperative, Product, Scan
from app.scans.queue import drain, list_key, queued
from tests.support.certificates import make_cert
from tests.support.clients import sign_in
from tests.support.kept_pages import KEPT_STORES, PHONE_UA, harvested_batch, page, statements
from tests.support.trace_page import add_event, make_batch, make_product


@pytest.fixture
def batch(db, coop_tq):
    return harvested_batch(coop_tq)


def test_a_kept_page_and_its_304_run_no_sql(kept, app, client, batch, coop_tq):
    first = page(client)
    body = first.get_data(as_text=True)
    assert len(first.get_data()) <= 30_000 and "<script" not in body
    with statements(app) as seen:
        again = page(client)
        not_modified = page(client, headers={"If-None-Match": first.headers["ETag"]})
    assert seen == []
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    assert not_modified.status_code == 304 and not_modified.get_data() == b""
    assert again.headers["Content-Language"] == "vi" and "public" in again.headers["Cache-Control"]
    assert again.headers["Content-Security-Policy"]  # the after_request hooks still run
    if kept == "redis":  # another worker (or host) finds the page in Redis
        app.extensions.pop("page_cache")
        with statements(app) as seen:
            shared = page(client)
        assert seen == [] and shared.get_data() == first.get_data()
        assert shared.headers["ETag"] == first.headers["ETag"]


def test_the_cooperative_page_is_kept_too(kept, app, client, coop_tq):
    first = page(client, f"/c/{coop_tq.slug}")
    with statements(app) as seen:
        again = page(client, f"/c/{coop_tq.slug}")
        not_modified = page(
            client, f"/c/{coop_tq.slug}", headers={"If-None-Match": first.headers["ETag"]}
        )
    assert seen == [] and again.get_data() == first.get_data()
    assert not_modified.status_code == 304
    stored = _db.session.get(Cooperative, coop_tq.id)
    stored.description = "Dầu lạc ép lạnh từ giống lạc đỏ Lâm Bình."
    _db.session.commit()
    assert "ép lạnh" in page(client, f"/c/{coop_tq.slug}").get_data(as_text=True)


def test_each_change_shows_on_the_next_view(kept, app, client, batch, coop_tq):
    page(client)
    page(client, query_string={"lang": "en"})
    add_event(batch, "packing", 1, place="Xưởng đóng gói HTX")
    assert "Xưởng đóng gói HTX" in page(client).get_data(as_text=True)
    cert = make_cert(coop_tq, number="VietGAP-NEW-01")
    product = _db.session.get(Product, batch.product_id)
    product.certificates.append(cert)
    _db.session.commit()
    assert "VietGAP-NEW-01" in page(client).get_data(as_text=True)
    product.name = "Dầu lạc đỏ Lâm Bình"
    _db.session.commit()
    assert "Dầu lạc đỏ Lâm Bình" in page(client).get_data(as_text=True)
    stored = _db.session.get(Batch, batch.id)
    stored.status = BatchStatus.RECALLED
    stored.recall_reason = "Nhãn in sai hạn dùng"
    _db.session.commit()
    assert "recall-banner" in page(client).get_data(as_text=True)
    assert "recall-banner" in page(client, query_string={"lang": "en"}).get_data(as_text=True)


def test_a_recall_of_a_batch_it_was_made_from_shows_on_its_page(
    kept, app, client, batch, coop_tq, coop_ld
):
    other = make_batch(make_product(coop_ld), code="LD-LAC-01", public_code="TLDLAC1")
    made = _db.session.get(Batch, batch.id)
    made.inputs = [_db.session.get(Batch, other.id)]
    _db.session.commit()
    assert "LD-LAC-01" in page(client).get_data(as_text=True)
    before = page(client)
    stored = _db.session.get(Batch, other.id)
    stored.code = "LD-LAC-01B"
    _db.session.commit()
    after = page(client)
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "LD-LAC-01B" in after.get_data(as_text=True)


def test_signed_in_staff_and_flashed_messages_get_their_own_page(
    kept, app, client, coop_tq, member
):
    path = f"/c/{coop_tq.slug}"
    page(client, path)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Xin chào")]
    assert "Xin chào" in page(client, path).get_data(as_text=True)
    sign_in(client, member)
    mine = page(client, path)
    assert member.name in mine.get_data(as_text=True) and "private" in mine.headers["Cache-Control"]
    client.post("/auth/logout")
    assert member.name not in page(client, path).get_data(as_text=True)


def test_a_redis_that_does_not_answer_costs_the_buyer_nothing(app, client, batch, monkeypatch):
    monkeypatch.setitem(app.config, "TRACE_CACHE_SECONDS", 600)
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens
    monkeypatch.setitem(app.config, "SCAN_BATCH_SIZE", 50)
    monkeypatch.setitem(app.config, "SCAN_FLUSH_SECONDS", 60)
    for store in KEPT_STORES:
        monkeypatch.delitem(app.extensions, store, raising=False)
    try:
        for _ in range(2):
            assert "TLB7DAU" in page(client).get_data(as_text=True)
        stored = _db.session.get(Batch, batch.id)
        stored.status = BatchStatus.RECALLED
        _db.session.commit()  # the bump is kept for when Redis answers
        assert "recall-banner" in page(client).get_data(as_text=True)
        app.extensions["scan_writer"].flush()  # the scans went to the worker's writer
        assert _db.session.execute(_db.select(_db.func.count(Scan.id))).scalar_one() == 3
    finally:
        for store in KEPT_STORES:
            app.extensions.pop(store, None)


def test_scans_go_through_redis_and_staff_see_them(kept, app, client, batch, monkeypatch):
    if kept != "redis":
        pytest.skip("without Redis the worker's scan writer keeps them (test_trace_page.py)")
    for _ in range(5):
        page(client, headers={"User-Agent": PHONE_UA})
    redis = queued(app)
    assert redis is not None and redis.redis.llen(list_key(redis)) == 5
    assert _db.session.execute(_db.select(_db.func.count(Scan.id))).scalar_one() == 0
    assert drain(app) == 5
    _db.session.rollback()
    scans = _db.session.execute(_db.select(Scan)).scalars().all()
    assert len(scans) == 5 and {s.batch_id for s in scans} == {batch.id}
    assert {s.device for s in scans} == {"phone"} and redis.redis.llen(list_key(redis)) == 0


def test_a_kept_view_waits_for_no_redis_answer_and_a_recall_shows_at_once(
    kept, app, client, batch, monkeypatch
):
    """Once a worker knows its page's counters (the mirror of app/generation_mirror.py), a
    view of a kept page sends Redis its scan and nothing else: no check, no wait. A first
    view asks three times: the front's note of the page (app/public/front.py), the kept page,
    then keeping it with the scan; and sends the note without waiting."""
    if kept != "redis":
        pytest.skip("without Redis the counters are read from a file: no round trip")
    from redis.connection import AbstractConnection

    from app.generations import generations

    counters = generations(app)
    warm_up = 0
    while warm_up < 20:  # the scripts, the mirror's subscription, the scans' connection
        page(client, query_string={"lang": "en"})
        warm_up += 1
        if counters.mirror.known and counters.nowait.connection is not None:
            break
    sent: list[bytes] = []
    real = AbstractConnection.send_packed_command

    def send(self, command, *args, **kwargs):
        packed = command if isinstance(command, bytes) else b"".join(command)
        sent.extend(packed.split(b"\r\n")[2::2][:1] if packed.startswith(b"*") else [packed])
        return real(self, command, *args, **kwargs)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", send)
    page(client)
    # The front's note (none yet), the kept copy and the sequence, keeping it, the note.
    assert sent == [b"EVALSHA", b"GET", b"EVALSHA", b"SET"]
    del sent[:]
    for _ in range(3):
        assert "recall-banner" not in page(client).get_data(as_text=True)
    assert sent == [b"RPUSH"] * 3
    stored = _db.session.get(Batch, batch.id)
    stored.status = BatchStatus.RECALLED
    _db.session.commit()  # the bump's message reaches the mirror before it returns
    assert "recall-banner" in page(client).get_data(as_text=True)
    redis = queued(app)
    assert redis is not None and redis.redis.llen(list_key(redis)) == warm_up + 5


def test_a_mirror_that_lost_its_subscription_forgets_what_it_knew(kept, app, client, batch):
    """Bumps published while the mirror's connection is down never reach it: it must ask
    Redis again, not serve the page it kept."""
    if kept != "redis":
        pytest.skip("the mirror is Redis's")
    from app.generations import generations

    for _ in range(3):
        page(client)
    mirror = generations(app).mirror
    assert mirror.live and mirror.known
    mirror.pubsub.connection.disconnect()
    stored = _db.session.get(Batch, batch.id)
    stored.status = BatchStatus.RECALLED
    _db.session.commit()  # published while nobody listens on that connection
    assert "recall-banner" in page(client).get_data(as_text=True)


def test_a_digital_link_redirects_to_the_kept_page_in_one_statement(kept, app, client, coop_tq):
    """A Digital Link to a lot is not kept: it redirects (307) to the trace page, which is."""
    from tests.support.resolver import GTIN, gtin_product
    from tests.support.resolver import make_batch as make_lot

    lot = make_lot(coop_tq, gtin_product(coop_tq))
    path = f"/01/{GTIN}/10/LB-LAC-2026-07"
    first = page(client, f"/t/{lot.public_code}")
    with statements(app) as seen:
        redirect = client.get(path)
        again = page(client, redirect.headers["Location"])
    assert len(seen) == 1 and redirect.status_code == 307 and "linkset" in redirect.headers["Link"]
    assert again.get_data() == first.get_data()
    stored = _db.session.get(Batch, lot.id)
    stored.status = BatchStatus.RECALLED
    _db.session.commit()
    after = client.get(path, base_url="http://127.0.0.1:5000", follow_redirects=True)
    assert "recall-banner" in after.get_data(as_text=True)
    assert page(client, path, query_string={"linkType": "linkset"}).is_json  # never the page


def test_rows_no_public_page_shows_leave_kept_pages_alone(kept, app, client, batch, coop_tq):
    from app.generations import generations
    from app.models import Job

    page(client)
    counters = generations(app)
    before = counters.read(("seq",))
    job = Job(kind="labels.reprint", function="app.x:y", cooperative_id=coop_tq.id)
    _db.session.add(job)
    _db.session.commit()
    job.done = 10
    _db.session.commit()  # as a job's progress is written
    assert counters.read(("seq",)) == before
    with statements(app) as seen:
        page(client)
    assert seen == []


def test_a_product_page_is_kept_until_its_cooperative_changes(kept, app, client, coop_tq):
    product = make_product(coop_tq)
    path = f"/c/{coop_tq.slug}/p/{product.slug}"
    first = page(client, path)
    assert "Dầu lạc Lâm Bình" in first.get_data(as_text=True)
    with statements(app) as seen:
        again = page(client, path)
        not_modified = page(client, path, headers={"If-None-Match": first.headers["ETag"]})
    assert seen == [] and again.get_data() == first.get_data()
    assert not_modified.status_code == 304 and "public" in again.headers["Cache-Control"]
    cert = make_cert(coop_tq, number="VietGAP-NEW-02")
    stored = _db.session.get(Product, product.id)
    stored.certificates.append(cert)
    _db.session.commit()
    assert "VietGAP-NEW-02" in page(client, path).get_data(as_text=True)
    stored.status = "draft"  # no longer public: the kept page must not answer
    _db.session.commit()
    assert client.get(path).status_code == 404


def test_a_digital_link_costs_one_statement_more_than_its_code_page(kept, app, client, coop_tq):
    from tests.support.resolver import GTIN, gtin_product
    from tests.support.resolver import make_batch as make_lot

    product = gtin_product(coop_tq)
    by_link = make_lot(coop_tq, product, code="LB-LAC-2026-08")
    by_code = make_lot(coop_tq, product, code="LB-LAC-2026-09")
    page(client, f"/t/{make_lot(coop_tq, product).public_code}")  # the product's showcase
    with statements(app) as link_statements:
        link = client.get(f"/01/{GTIN}/10/{by_link.code}", base_url="http://127.0.0.1:5000")
        shown = page(client, link.headers["Location"])
    with statements(app) as code_statements:
        page(client, f"/t/{by_code.public_code}")
    assert by_link.code in shown.get_data(as_text=True) and "linkset" in link.headers["Link"]
    assert len(link_statements) == len(code_statements) + 1
