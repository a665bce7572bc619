"""Pushing listings to a partner's API (app/exports/push.py) against a real local HTTP server:
what the server receives, retries and backoff, timeouts, 409 and other 4xx, what is stored on
the listings, the web route and ``flask export-push``."""

import dataclasses
import re
import socket
import threading
import time
import unicodedata

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Response

from app.background import messages
from app.exports import profiles
from app.exports.push import idempotency_key, push_listings
from app.models import Job, JobStatus, Listing, ListingStatus, ProductVariant
from app.services import ServiceError
from tests.support import factories
from tests.support.certificates import make_cert
from tests.support.exports import ready_product
from tests.support.products import TODAY, make_product

TOKEN = "tinh-8-secret-token"
PATH = "/v1/listings"


@pytest.fixture(scope="module")
def make_httpserver():
    """The plugin's server, threaded: a handler kept waiting (timeouts) holds up no other."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def partner(app, httpserver, monkeypatch):
    """The provincial platform's API, configured with a token."""
    monkeypatch.setitem(app.config, "PUSH_PROVINCE_URL", httpserver.url_for(PATH))
    monkeypatch.setitem(app.config, "PUSH_PROVINCE_TOKEN", TOKEN)
    return httpserver


@pytest.fixture
def waits():
    """The backoff asked for, in seconds: the tests' ``sleep``, which does not wait."""
    return []


def with_push(monkeypatch, **values):
    """The province profile with other [push] values, wherever profiles are looked up."""
    profile = profiles.get("province")
    changed = dataclasses.replace(profile, push=dataclasses.replace(profile.push, **values))
    monkeypatch.setitem(profiles.all_profiles(), "province", changed)


def push(coop, waits, **kwargs):
    return push_listings(profiles.get("province"), [coop.id], TODAY, sleep=waits.append, **kwargs)


def listing_of(db, product) -> Listing | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Listing).where(Listing.product_id == product.id, Listing.marketplace == "province")
    )


def received(server) -> list:
    return [request for request, _response in server.log]


def test_a_ready_listing_is_sent_as_json_with_the_token_and_accepted(
    app, db, coop_tq, partner, waits
):
    cert = make_cert(coop_tq, number="VietGAP-TT-23-0142", issuer="Công ty CP Chứng nhận Việt Bắc")
    name = unicodedata.normalize("NFD", "Lạc đỏ Lâm Bình loại một")  # as some keyboards type it
    product = ready_product(coop_tq, name=name, certificate_ids=[cert.id])
    partner.expect_request(PATH, method="POST").respond_with_json({"id": "SP-881"}, status=201)

    report = push(coop_tq, waits)

    assert report.counts == {
        "accepted": 1, "conflict": 0, "refused": 0, "failed": 0, "unchanged": 0
    }  # fmt: skip
    assert not report.failed and waits == []
    [request] = received(partner)
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    key = request.headers["Idempotency-Key"]
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    body = request.get_json()
    assert key == idempotency_key(body, "province")
    assert body["sku"] == "LB-LAC-500" and body["product_key"].endswith(f"-{product.id}")
    assert body["title"].startswith("Lạc đỏ Lâm Bình loại một")
    assert 25 <= len(body["title"]) <= 120
    for text in (body["title"], body["description"], body["origin"], body["cooperative"]):
        assert text == unicodedata.normalize("NFC", text)
    assert "Rang, luộc hoặc nấu xôi." in body["description"] and "<" not in body["description"]
    assert body["category"] == "Đặc sản địa phương"
    assert (body["price_vnd"], body["stock"], body["unit"]) == (75_000, 40, "túi")
    assert body["net_quantity"] == "500 g" and body["weight_g"] == 520
    assert (body["length_cm"], body["width_cm"], body["height_cm"]) == (20, 14, 5)
    assert len(body["images"]) == 1 and "/media/" in body["images"][0]
    assert body["gtin"] is None
    assert body["cooperative"] == coop_tq.legal_name and body["brand"]
    assert "Tuyên Quang" in body["origin"]
    assert body["trace_url"].startswith("http") and body["product_url"].startswith("http")
    assert body["certificates"] == [
        {
            "kind": "vietgap",
            "number": "VietGAP-TT-23-0142",
            "issuer": "Công ty CP Chứng nhận Việt Bắc",
            "issued_on": cert.issued_on.isoformat(),
            "expires_on": cert.expires_on.isoformat(),
        }
    ]
    row = listing_of(db, product)
    assert (row.push_outcome, row.push_status, row.remote_id) == ("accepted", 201, "SP-881")
    assert row.push_key == key and row.pushed_at is not None
    assert row.status == ListingStatus.EXPORTED


def test_an_unchanged_listing_is_not_sent_again_and_a_changed_one_gets_a_new_key(
    app, db, coop_tq, partner, waits
):
    product = ready_product(coop_tq)
    partner.expect_request(PATH, method="POST").respond_with_json({"id": "SP-1"}, status=201)
    push(coop_tq, waits)
    first_key = received(partner)[0].headers["Idempotency-Key"]

    again = push(coop_tq, waits)
    assert again.counts["unchanged"] == 1 and again.counts["accepted"] == 0
    assert len(partner.log) == 1  # nothing sent

    variant = db.session.scalar(
        select(ProductVariant).where(ProductVariant.product_id == product.id)
    )
    variant.price_vnd = 79_000
    db.session.commit()
    changed = push(coop_tq, waits)

    assert changed.counts["accepted"] == 1
    first, second = received(partner)
    assert second.get_json()["price_vnd"] == 79_000
    assert second.headers["Idempotency-Key"] != first_key
    assert listing_of(db, product).push_key == second.headers["Idempotency-Key"]


def test_a_500_is_tried_again_after_a_backoff(app, db, coop_tq, partner, waits):
    product = ready_product(coop_tq)
    partner.expect_ordered_request(PATH, method="POST").respond_with_json(
        {"message": "Hệ thống đang bận"}, status=500
    )
    partner.expect_ordered_request(PATH, method="POST").respond_with_json({"id": 7}, status=200)

    report = push(coop_tq, waits)

    assert report.counts["accepted"] == 1 and waits == [0.5]
    first, second = received(partner)
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]
    assert first.get_data() == second.get_data()
    row = listing_of(db, product)
    assert (row.push_outcome, row.push_status, row.remote_id) == ("accepted", 200, "7")


def test_5xx_on_every_attempt_fails_and_the_next_push_sends_the_same_key(
    app, db, coop_tq, partner, waits
):
    product = ready_product(coop_tq)
    partner.expect_request(PATH, method="POST").respond_with_json(
        {"message": "Lỗi máy chủ"}, status=503
    )

    report = push(coop_tq, waits)

    assert report.failed and report.counts["failed"] == 1
    assert len(partner.log) == 4  # the profile's attempts
    assert waits == [0.5, 1.0, 2.0]
    row = listing_of(db, product)
    assert (row.push_outcome, row.push_status, row.push_message) == ("failed", 503, "Lỗi máy chủ")
    assert row.status == ListingStatus.READY  # not on the marketplace

    push(coop_tq, waits)  # not accepted: sent again, as the same version
    keys = {request.headers["Idempotency-Key"] for request in received(partner)}
    assert len(partner.log) == 8 and keys == {row.push_key}


def test_a_numeric_retry_after_is_honoured_up_to_the_cap(app, db, coop_tq, partner, waits):
    ready_product(coop_tq)
    for seconds in ("2", "30", "Wed, 21 Oct 2015 07:28:00 GMT"):
        partner.expect_ordered_request(PATH, method="POST").respond_with_data(
            "busy", status=503, headers={"Retry-After": seconds}
        )
    partner.expect_ordered_request(PATH, method="POST").respond_with_json({}, status=202)

    assert push(coop_tq, waits).counts["accepted"] == 1
    assert waits == [2.0, 8.0, 2.0]  # the partner's 2 s, 30 s capped at 8, our own 2 s


def test_no_answer_in_time_fails_after_every_attempt_with_no_status(
    app, db, coop_tq, partner, waits, monkeypatch
):
    with_push(monkeypatch, timeout_seconds=0.2)
    product = ready_product(coop_tq)
    arrived, answered, release = [], [], threading.Event()

    def slow(request):  # answers once the push is over (or after 30 s: a push not giving up)
        arrived.append(request.headers["Idempotency-Key"])
        release.wait(30)
        answered.append(request.headers["Idempotency-Key"])
        return Response("{}", status=201, content_type="application/json")

    partner.expect_request(PATH, method="POST").respond_with_handler(slow)
    try:
        report = push(coop_tq, waits)
        gave_up = answered == []  # every attempt gave up before its answer came
    finally:
        release.set()

    assert report.failed and report.counts["failed"] == 1
    assert len(arrived) == 4 and len(set(arrived)) == 1
    assert waits == [0.5, 1.0, 2.0] and gave_up
    row = listing_of(db, product)
    assert row.push_outcome == "failed" and row.push_status is None
    assert "127.0.0.1" in row.push_message and len(row.push_message) <= 500
    assert row.status == ListingStatus.READY
    deadline = time.monotonic() + 3  # let the released handlers finish before the next test
    while len(partner.log) < 4 and time.monotonic() < deadline:
        time.sleep(0.02)


def test_no_connection_fails_after_every_attempt(app, db, coop_tq, partner, waits, monkeypatch):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "PUSH_PROVINCE_URL", f"http://127.0.0.1:{port}{PATH}")
    product = ready_product(coop_tq)

    report = push(coop_tq, waits)

    assert report.counts["failed"] == 1 and waits == [0.5, 1.0, 2.0]
    row = listing_of(db, product)
    assert (row.push_outcome, row.push_status) == ("failed", None)
    assert "127.0.0.1" in row.push_message and partner.log == []


def test_a_409_is_a_conflict_tried_once_with_the_partners_message(app, db, coop_tq, partner, waits):
    product = ready_product(coop_tq)
    message = "SKU LB-LAC-500 đã được gửi với nội dung khác"
    partner.expect_request(PATH, method="POST").respond_with_json({"message": message}, status=409)

    report = push(coop_tq, waits)

    assert report.counts["conflict"] == 1 and not report.failed
    assert len(partner.log) == 1 and waits == []
    row = listing_of(db, product)
    assert (row.push_outcome, row.push_status, row.push_message) == ("conflict", 409, message)
    assert row.status == ListingStatus.READY


def test_another_4xx_is_refused_and_not_tried_again(app, db, coop_tq, partner, waits):
    product = ready_product(coop_tq)
    partner.expect_request(PATH, method="POST").respond_with_json(
        {"error": "Danh mục không hợp lệ"}, status=422
    )

    report = push(coop_tq, waits)

    assert report.counts["refused"] == 1 and len(partner.log) == 1 and waits == []
    row = listing_of(db, product)
    assert (row.push_outcome, row.push_status) == ("refused", 422)
    assert row.push_message == "Danh mục không hợp lệ"


def test_without_a_token_nothing_is_sent(app, db, coop_tq, partner, waits, monkeypatch):
    monkeypatch.setitem(app.config, "PUSH_PROVINCE_TOKEN", None)
    product = ready_product(coop_tq)

    with pytest.raises(ServiceError) as caught:
        push(coop_tq, waits)

    assert "PUSH_PROVINCE_TOKEN" in str(caught.value.message)
    assert partner.log == [] and listing_of(db, product) is None


def test_only_ready_variants_are_sent(app, db, coop_tq, partner, waits):
    ready_product(coop_tq)
    make_product(coop_tq, name="Mật ong bạc hà", sku="MO-01")  # a draft, no photo
    partner.expect_request(PATH, method="POST").respond_with_json({}, status=201)

    report = push(coop_tq, waits)

    assert [line.sku for line in report.lines] == ["LB-LAC-500"]
    assert [r.get_json()["sku"] for r in received(partner)] == ["LB-LAC-500"]


# --- the web route and the CLI ----------------------------------------------------------------


def test_a_member_pushes_the_chosen_products_from_the_web_as_a_job(
    app, db, coop_tq, coop_ld, partner, as_member
):
    as_member.get("/auth/language/en")
    chosen = ready_product(coop_tq)
    ready_product(coop_tq, name="Lạc nhân Lâm Bình loại hai", sku="LB-LAC-1000", seed=1)
    partner.expect_request(PATH, method="POST").respond_with_json({"id": "SP-9"}, status=201)

    response = as_member.post(
        "/exports/push",
        data={"marketplace": "province", "cooperative": [coop_tq.id], "product": [chosen.id]},
    )

    [job] = db.session.scalars(select(Job)).all()
    assert response.status_code == 303 and response.location.endswith(f"/jobs/{job.id}")
    assert job.kind == "exports.push" and job.status == JobStatus.DONE
    assert job.arguments["cooperative_ids"] == [coop_tq.id]
    [request] = received(partner)
    assert request.get_json()["sku"] == "LB-LAC-500"
    assert listing_of(db, chosen).push_outcome == "accepted"
    [line] = job.report
    assert (line["item"], line["outcome"]) == ("LB-LAC-500", "accepted")
    with app.test_request_context():
        assert messages.read(line["message"]) == "HTTP 201."
    page = as_member.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "LB-LAC-500" in page and 'data-outcome="accepted"' in page
    assert "/exports/check" in page and f"cooperative={coop_tq.id}" in page


def test_a_partner_that_never_answers_fails_the_job_with_the_timeout(
    app, db, coop_tq, partner, as_member, monkeypatch
):
    with_push(monkeypatch, timeout_seconds=0.2)
    product = ready_product(coop_tq)
    release = threading.Event()
    partner.expect_request(PATH, method="POST").respond_with_handler(
        lambda request: release.wait(5) and Response("{}", status=201)
    )
    try:
        response = as_member.post(
            "/exports/push", data={"marketplace": "province", "cooperative": [coop_tq.id]}
        )
    finally:
        release.set()
    [job] = db.session.scalars(select(Job)).all()
    assert response.status_code == 303 and job.status == JobStatus.FAILED
    [line] = job.report
    assert line["item"] == product.variants[0].sku and line["outcome"] == "failed"
    with app.test_request_context():
        said = messages.read(line["message"])
    assert "127.0.0.1" in said and "4" in said
    page = as_member.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "không gửi được" in page and f"/jobs/{job.id}/again" in page
    deadline = time.monotonic() + 5  # let the released handlers finish before the next test
    while len(partner.log) < 4 and time.monotonic() < deadline:
        time.sleep(0.02)


def test_the_web_route_refuses_what_it_cannot_push(app, db, coop_tq, coop_ld, partner, as_member):
    ready_product(coop_tq)
    ready_product(coop_ld, sku="LD-LAC-500")

    def post(**data):
        return as_member.post("/exports/push", data=data)

    assert post(marketplace="shopee", cooperative=[coop_tq.id]).status_code == 400  # no API
    assert post(marketplace="province", cooperative=[coop_ld.id]).status_code == 400  # not theirs
    assert post(marketplace="province").status_code == 400
    assert partner.log == []


def test_the_web_route_says_when_no_token_is_configured(
    app, db, coop_tq, partner, as_member, monkeypatch
):
    monkeypatch.setitem(app.config, "PUSH_PROVINCE_TOKEN", None)
    as_member.get("/auth/language/en")
    ready_product(coop_tq)

    response = as_member.post(
        "/exports/push", data={"marketplace": "province", "cooperative": [coop_tq.id]}
    )

    assert response.status_code == 302 and partner.log == []
    page = as_member.get(response.location).get_data(as_text=True)
    assert "PUSH_PROVINCE_TOKEN" in page


def test_the_web_route_is_for_staff_only(client, db, coop_tq, partner):
    response = client.post(
        "/exports/push", data={"marketplace": "province", "cooperative": [coop_tq.id]}
    )
    assert response.status_code == 302 and "/auth/login" in response.location
    assert partner.log == []


def test_the_cli_prints_the_counts(app, db, runner, coop_tq, partner):
    product = ready_product(coop_tq)
    partner.expect_request(PATH, method="POST").respond_with_json({"id": "SP-3"}, status=201)

    result = runner.invoke(args=["export-push", "province", "--cooperative", coop_tq.slug])

    assert result.exit_code == 0, result.output
    assert "1 accepted, 0 conflict, 0 refused, 0 failed, 0 unchanged" in result.output
    assert listing_of(db, product).remote_id == "SP-3"
    again = runner.invoke(args=["export-push", "province", "--cooperative", coop_tq.slug])
    assert "0 accepted" in again.output and "1 unchanged" in again.output
    assert len(partner.log) == 1


def test_the_cli_exits_1_when_a_listing_failed(app, db, runner, coop_tq, partner, monkeypatch):
    with_push(monkeypatch, attempts=1)  # no backoff to wait for
    product = ready_product(coop_tq)
    partner.expect_request(PATH, method="POST").respond_with_data("down", status=502)

    result = runner.invoke(args=["export-push", "province", "--cooperative", coop_tq.slug])

    assert result.exit_code == 1
    assert "1 failed" in result.output and "LB-LAC-500: failed 502" in result.output
    assert listing_of(db, product).push_outcome == "failed"


def test_the_cli_refuses_without_a_token_or_an_api(app, db, runner, coop_tq, partner, monkeypatch):
    monkeypatch.setitem(app.config, "PUSH_PROVINCE_TOKEN", None)
    ready_product(coop_tq)

    result = runner.invoke(args=["export-push", "province", "--cooperative", coop_tq.slug])
    assert result.exit_code == 1 and "PUSH_PROVINCE_TOKEN" in result.output
    other = runner.invoke(args=["export-push", "shopee", "--cooperative", coop_tq.slug])
    assert other.exit_code == 2
    missing = runner.invoke(args=["export-push", "province", "--cooperative", "no-such-htx"])
    assert missing.exit_code == 2 and "no cooperative no-such-htx" in missing.output
    assert partner.log == []


def test_a_live_listing_stays_live_when_the_partner_accepts_it(app, db, coop_tq, partner, waits):
    product = ready_product(coop_tq)
    url = "https://sanphamdiaphuong.example.vn/p/1"
    factories.ListingFactory(
        variant=product.variants[0], marketplace="province", status=ListingStatus.LIVE, live_url=url
    )
    partner.expect_request(PATH, method="POST").respond_with_json({"id": "SP-5"}, status=201)

    push(coop_tq, waits)

    row = listing_of(db, product)
    assert (row.status, row.live_url, row.push_outcome) == (ListingStatus.LIVE, url, "accepted")


def test_other_cooperatives_are_left_alone(app, db, coop_tq, partner, waits):
    other = factories.CooperativeFactory()
    ready_product(other, sku="KHAC-1")
    partner.expect_request(PATH, method="POST").respond_with_json({}, status=201)

    assert push(coop_tq, waits).lines == [] and partner.log == []
