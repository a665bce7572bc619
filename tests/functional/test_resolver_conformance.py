"""The GS1-Conformant resolver standard's points, as GS1's own test suite
(gs1/GS1DL-resolver-testsuite) checks them: the request it sends and what it expects back.
Scans through a redirect count once; the serial check survives the redirect."""

import jsonschema
import pytest

from app.extensions import db as _db
from app.labels.services import run_codes
from app.models import Batch, BatchStatus, Scan
from tests.support.labels import make_run
from tests.support.queries import QueryCounter
from tests.support.resolver import GTIN, OTHER_GTIN, gtin_product, make_batch

BASE = "http://127.0.0.1:5000"  # PUBLIC_BASE_URL in the testing configuration
LOT = f"/01/{GTIN}/10/LB-LAC-2026-07"
LINKSET = "application/linkset+json"
VOC = "https://ref.gs1.org/voc/"
# The suite asks with this Origin; the methods it needs declared.
ORIGIN = {"Origin": "https://ref.gs1.org/test-suites/resolver/"}
# GS1's description file schema (https://ref.gs1.org/standards/resolver/description-file-schema,
# draft-07), the properties this resolver writes.
PRIMARY_KEYS = "all 01 8006 8013 8010 410 411 412 413 414 415 417 8017 8018 255 00 253 401 402"
PRIMARY_KEYS = [*PRIMARY_KEYS.split(), "8003", "8004"]
DESCRIPTION_SCHEMA = {
    "type": "object",
    "required": ["resolverRoot", "supportedPrimaryKeys"],
    "properties": {
        "resolverRoot": {"type": "string", "format": "uri", "pattern": "^https?://"},
        "supportedPrimaryKeys": {
            "type": "array",
            "items": {"type": "string", "enum": PRIMARY_KEYS},
        },
        "name": {"type": "string"},
        "supportedLinkType": {
            "type": "array",
            "items": {
                "properties": {
                    "namespace": {"type": "string", "format": "uri"},
                    "prefix": {"type": "string", "pattern": "^[a-zA-Z_][A-Za-z0-9_-]*?:$"},
                }
            },
        },
        "linkTypeDefaultCanBeLinkset": {"type": "boolean"},
        "supportedContextValuesEnumerated": {"type": "array", "items": {"type": "string"}},
        "contact": {"type": "object", "properties": {"fn": {"type": "string"}}},
        "jsonLdContextLocation": {"type": "string"},
    },
}


@pytest.fixture
def lot(db, coop_tq):
    return make_batch(coop_tq, gtin_product(coop_tq), public_code="LBLAC07")


def _linkset_href(anchor_path: str) -> str:
    return f"<{BASE}{anchor_path}?linkType=linkset>"


def test_a_lot_redirects_to_its_trace_page_the_linksets_default_link(client, lot):
    response = client.get(LOT, headers=ORIGIN)
    assert response.status_code == 307
    assert response.headers["Location"] == f"{BASE}/t/LBLAC07"
    link = response.headers["Link"]
    assert link == f'{_linkset_href(LOT)}; rel="linkset"; type="{LINKSET}"'
    assert "public" in response.headers["Cache-Control"]
    # The suite: the default redirect goes exactly to the linkset's gs1:defaultLink.
    (context,) = client.get(LOT, headers={"Accept": LINKSET}).json["linkset"]
    assert context["anchor"] == BASE + LOT
    assert [d["href"] for d in context[VOC + "defaultLink"]] == [response.headers["Location"]]
    # The same answer with a trailing slash; a query string passed on.
    slash = client.get(LOT + "/")
    assert (slash.status_code, slash.headers["Location"]) == (307, response.headers["Location"])
    passed = client.get(LOT + "?foo=bar&lang=en")
    assert passed.headers["Location"] == f"{BASE}/t/LBLAC07?foo=bar&lang=en"


def test_every_link_type_of_the_linkset_redirects_to_its_link(client, lot):
    (context,) = client.get(LOT + "?linkType=linkset").json["linkset"]
    types = [key for key in context if key.startswith(VOC)]
    assert len(types) >= 4
    for key in types:
        for name in (key, "gs1:" + key[len(VOC) :]):
            response = client.get(LOT, query_string={"linkType": name, "foo": "bar"})
            assert response.status_code == 307, name
            assert response.headers["Location"] == context[key][0]["href"] + "?foo=bar", name
            assert 'rel="linkset"' in response.headers["Link"]
    assert client.get(LOT + "?linkType=gs1:nosuchlt").status_code == 404
    assert client.get(LOT + "/foo").status_code == 400


def test_the_linkset_is_answered_never_redirected(client, lot):
    for response in (
        client.get(LOT + "?linkType=linkset"),
        client.get(LOT + "?linkType=all", headers={"Accept": LINKSET}),
        client.get(LOT, headers={"Accept": LINKSET}),
    ):
        assert response.status_code == 200 and response.headers["Content-Type"] == LINKSET
        assert "Accept" in response.headers["Vary"]


def test_head_and_options_carry_the_link_to_the_linkset(client, lot):
    head = client.head(LOT)
    assert head.status_code == 307 and head.data == b""
    assert head.headers["Location"] == f"{BASE}/t/LBLAC07"
    assert 'rel="linkset"' in head.headers["Link"]
    options = client.options(LOT, headers={**ORIGIN, "Access-Control-Request-Method": "GET"})
    assert options.status_code == 204 and options.data == b""
    assert set(options.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert options.headers["Link"] == head.headers["Link"]
    assert (
        client.options(f"/01/{GTIN}/21/S1")
        .headers["Link"]
        .startswith(_linkset_href(f"/01/{GTIN}/21/S1"))
    )
    assert "Link" not in client.options(f"/01/{GTIN[:-1]}8").headers  # no linkset: a 400


def _assert_cors(response, what):
    headers = response.headers
    assert headers["Access-Control-Allow-Origin"] == "*", what
    methods = headers["Access-Control-Allow-Methods"]
    assert all(m in methods for m in ("GET", "HEAD", "OPTIONS")), what
    assert {"Accept", "Accept-Language"} <= set(
        headers["Access-Control-Allow-Headers"].split(", ")
    ), what
    assert {"Link", "Location"} <= set(headers["Access-Control-Expose-Headers"].split(", ")), what


def test_every_resolver_answer_carries_cors_headers(client, lot):
    answers = {
        LOT: 307,
        f"/01/{GTIN}": 307,
        f"/01/{GTIN}/10/UNKNOWN": 307,
        LOT + "?linkType=linkset": 200,
        f"/01/{GTIN[:-1]}8": 400,
        f"/01/{OTHER_GTIN}": 404,
        LOT + "?linkType=gs1:nosuchlt": 404,
        "/.well-known/gs1resolver": 200,
        "/t/LBLAC07/epcis.jsonld": 200,
    }
    for path, status in answers.items():
        for method in ("GET", "HEAD", "OPTIONS"):
            response = client.open(path, method=method, headers=ORIGIN)
            expected = (200, 204) if method == "OPTIONS" else (status,)
            assert response.status_code in expected, (path, method)
            _assert_cors(response, (path, method))
    problem = client.get(f"/01/{OTHER_GTIN}", headers={"Accept": "application/json"})
    _assert_cors(problem, "problem+json")


def test_the_resolver_description_file(app, client, monkeypatch):
    response = client.get("/.well-known/gs1resolver", headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.cache_control.public and response.cache_control.max_age >= 3600
    described = response.json
    jsonschema.validate(described, DESCRIPTION_SCHEMA)
    assert described["resolverRoot"] == BASE
    assert described["supportedPrimaryKeys"] == ["01"]
    assert described["linkTypeDefaultCanBeLinkset"] is False
    assert {"namespace": VOC, "prefix": "gs1:"} in described["supportedLinkType"]
    assert described["name"] and described["contact"]["fn"]
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://truyxuat.example.vn")
    monkeypatch.setitem(app.config, "GS1_RESOLVER_CONTACT_EMAIL", "gs1@example.vn")
    again = client.get("/.well-known/gs1resolver").json
    assert again["resolverRoot"] == "https://truyxuat.example.vn"
    assert again["contact"]["hasEmail"] == "mailto:gs1@example.vn"
    jsonschema.validate(again, DESCRIPTION_SCHEMA)


def test_the_redirect_costs_one_query_and_records_no_scan(app, client, lot):
    client.get(LOT)  # the app's first request on this connection
    with QueryCounter(_db.engine) as counter:
        response = client.get(LOT)
    assert response.status_code == 307 and counter.count == 1
    with QueryCounter(_db.engine) as counter:
        assert client.options(LOT).status_code == 204
    assert counter.count == 0
    assert _db.session.execute(_db.select(_db.func.count(Scan.id))).scalar_one() == 0


def test_a_scan_through_the_redirect_counts_once_and_shows_a_recall(client, lot):
    for _ in range(3):
        page = client.get(LOT, base_url=BASE, follow_redirects=True)
        assert page.status_code == 200 and lot.code in page.get_data(as_text=True)
    scans = _db.session.execute(_db.select(Scan.code)).scalars().all()
    assert scans == ["LBLAC07"] * 3
    stored = _db.session.get(Batch, lot.id)
    stored.status = BatchStatus.RECALLED
    _db.session.commit()
    assert "recall-banner" in client.get(LOT, base_url=BASE, follow_redirects=True).get_data(
        as_text=True
    )


def test_a_genuine_serial_redirects_to_its_page_which_checks_it_again(client, lot, coop_tq):
    genuine, other = list(run_codes(make_run(lot, serialized=True, count=2)))
    response = client.get(f"/01/{GTIN}/21/{genuine}?lang=en")
    assert response.status_code == 307
    assert response.headers["Location"] == f"{BASE}/t/{genuine}?lang=en"
    page = client.get(f"{LOT}/21/{genuine}", base_url=BASE, follow_redirects=True)
    assert page.status_code == 200 and "Mã chính hãng" in page.get_data(as_text=True)
    scans = _db.session.execute(_db.select(Scan.code, Scan.serial_check)).all()
    assert scans == [(genuine, "genuine")]
    # The linkset's default link is where the serial's link redirects (the suite compares).
    serial = f"/01/{GTIN}/21/{genuine}"
    (context,) = client.get(serial, headers={"Accept": LINKSET}).json["linkset"]
    assert context["anchor"] == BASE + serial
    assert context[VOC + "defaultLink"][0]["href"] == client.get(serial).headers["Location"]
    assert client.get(serial + "?linkType=gs1:traceability").headers["Location"] == (
        f"{BASE}/t/{genuine}"
    )
    assert VOC + "epcis" in context and genuine in context["itemDescription"]
    # A forged serial, or a genuine one under another lot, is "not genuine" where it is asked.
    forged = other[:-1] + ("A" if other[-1] != "A" else "B")
    elsewhere = make_batch(coop_tq, lot.product, code="LB-LAC-2026-08")
    for path in (f"{LOT}/21/{forged}", f"/01/{GTIN}/10/{elsewhere.code}/21/{genuine}"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "không chính hãng" in answer.get_data(as_text=True).lower()
    # The trace page itself never takes a forged serial for a genuine one.
    assert client.get(f"/t/{forged}").status_code == 404
