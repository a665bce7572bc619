"""EPCIS 2.0 export: documents valid against GS1's JSON schema, public and staff views."""

import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from sqlalchemy import select

from app.models import Batch, Role
from tests.support import factories
from tests.support.clients import sign_in
from tests.support.products import make_product
from tests.support.resolver import (
    GTIN,
    add_event,
    gtin_product,
    make_batch,
    make_plot,
)

BASE = "http://127.0.0.1:5000"
SCHEMA = json.loads(
    (Path(__file__).parent.parent / "data" / "epcis-2.0-json-schema.json").read_text("utf-8")
)
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")

FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("uri")
def _uri(value) -> bool:
    return not isinstance(value, str) or bool(URI.match(value))


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        assert parsed.tzinfo is not None, value
    return True


VALIDATOR = jsonschema.Draft7Validator(SCHEMA, format_checker=FORMATS)


def assert_valid(document: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_the_validator_rejects_what_the_schema_forbids():
    bad = {"@context": "x", "type": "EPCISDocument", "schemaVersion": "2.0"}
    assert list(VALIDATOR.iter_errors(bad))  # no creationDate, no epcisBody
    event = {"type": "ObjectEvent", "action": "ADD", "eventTime": "2026-07-01T08:00:00+07:00"}
    document = {
        "@context": "https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-07-01T08:00:00Z",
        "epcisBody": {"eventList": [dict(event, eventTimeZoneOffset="+07:00", bizStep="harvest")]},
    }
    assert list(VALIDATOR.iter_errors(document))  # no epcList/quantityList, bizStep unknown


@pytest.fixture
def lineage(db, coop_tq):
    """Peanuts (GTIN, on a plot) pressed into oil (no GTIN), with public and internal events."""
    plot = make_plot(coop_tq)
    peanuts = gtin_product(coop_tq)
    oil = make_product(coop_tq, name="Dầu lạc Lâm Bình", sku="LB-DAU", status="active")
    nuts = make_batch(coop_tq, peanuts, code="LB-LAC-2026-07", public_code="LAC07", plot=plot)
    wrong = add_event(nuts, "harvest", (2026, 6, 30, 1, 0))
    add_event(nuts, "harvest", (2026, 7, 1, 1, 0), supersedes=wrong, notes="đúng ngày")
    add_event(nuts, "input", (2026, 5, 1, 2, 0), public=False, details={"product": "NPK"})
    add_event(nuts, "inspection", (2026, 7, 2, 3, 0), commune_code=2266)
    add_event(nuts, "shipping", (2026, 7, 3, 3, 0), plot_id=plot.id)
    pressed = make_batch(
        coop_tq, oil, code="LB-DAU-2026-07", public_code="DAU07", inputs=[nuts], unit="chai"
    )
    add_event(pressed, "processing", (2026, 7, 5, 2, 0))
    add_event(pressed, "packing", (2026, 7, 6, 2, 0))
    add_event(pressed, "storage", (2026, 7, 7, 2, 0), public=False)
    return nuts, pressed


def document(client, batch, **headers):
    response = client.get(f"/t/{batch.public_code}/epcis.jsonld", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    return response


def test_public_document_is_valid_and_holds_only_current_public_events(client, lineage):
    nuts, _ = lineage
    doc = document(client, nuts).json
    assert_valid(doc)
    assert doc["@context"] == "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
    assert doc["type"] == "EPCISDocument" and doc["schemaVersion"] == "2.0"
    events = doc["epcisBody"]["eventList"]
    assert [e.get("bizStep") for e in events] == ["commissioning", "inspecting", "shipping"]
    harvest = events[0]
    assert harvest["type"] == "ObjectEvent" and harvest["action"] == "ADD"
    assert harvest["eventTime"] == "2026-07-01T08:00:00+07:00"
    assert harvest["eventTimeZoneOffset"] == "+07:00"
    lot = f"{BASE}/01/{GTIN}/10/LB-LAC-2026-07"
    assert harvest["quantityList"] == [{"epcClass": lot, "quantity": 120.5, "uom": "KGM"}]
    assert harvest["ilmd"]["cbvmda:lotNumber"] == "LB-LAC-2026-07"
    assert harvest["readPoint"]["id"] == f"{BASE}/plot/{nuts.plot_id}"
    corrected = next(e for e in nuts.events if e.supersedes_id)
    assert harvest["eventID"] == f"ni:///sha-256;{corrected.content_hash}?ver=CBV2.0"
    assert events[1]["readPoint"]["id"] == f"{BASE}/commune/2266"
    assert "bizLocation" not in events[2]  # in transit
    text = json.dumps(doc, ensure_ascii=False)
    assert "NPK" not in text and "đúng ngày" not in text and "errorDeclaration" not in text


def test_transformation_lists_the_input_batches(client, lineage):
    nuts, oil = lineage
    events = document(client, oil).json["epcisBody"]["eventList"]
    assert [e["type"] for e in events] == ["TransformationEvent", "ObjectEvent"]
    transformation = events[0]
    assert transformation["inputQuantityList"] == [
        {"epcClass": f"{BASE}/01/{GTIN}/10/LB-LAC-2026-07"}
    ]
    assert transformation["outputQuantityList"] == [
        {"epcClass": f"{BASE}/t/{oil.public_code}", "quantity": 120.5}
    ]
    assert events[1]["bizStep"] == "packing"
    assert_valid(document(client, oil).json)


def test_lineage_without_a_processing_event_still_gives_a_transformation(db, client, coop_tq):
    product = make_product(coop_tq, name="Lạc rang", sku="LR", status="active")
    source = make_batch(coop_tq, product, code="LR-1", public_code="LR1")
    made = make_batch(coop_tq, product, code="LR-2", public_code="LR2", inputs=[source])
    doc = document(client, made).json
    assert_valid(doc)
    (event,) = doc["epcisBody"]["eventList"]
    assert event["type"] == "TransformationEvent"
    assert event["inputQuantityList"] == [{"epcClass": f"{BASE}/t/LR1"}]
    assert event["eventTime"] == "2026-07-01T00:00:00+07:00"
    assert document(client, made).json["epcisBody"] == doc["epcisBody"]  # a stable event ID


def test_public_document_is_cached_like_the_trace_page(client, lineage):
    nuts, _ = lineage
    first = document(client, nuts)
    assert (
        "public" in first.headers["Cache-Control"] and "no-cache" in first.headers["Cache-Control"]
    )
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get(
        f"/t/{nuts.public_code}/epcis.jsonld", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    assert client.get("/t/NOPE/epcis.jsonld").status_code == 404


def test_staff_get_the_full_history_with_corrections(client, lineage, member):
    nuts, _ = lineage
    sign_in(client, member)
    response = client.get(f"/trace/epcis/{nuts.id}.jsonld")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    doc = response.json
    assert_valid(doc)
    events = doc["epcisBody"]["eventList"]
    assert len(events) == 5  # both harvests, the internal input, inspection, shipping
    wrong, right = (e for e in events if e.get("bizStep") == "commissioning")
    assert wrong["errorDeclaration"]["reason"] == "incorrect_data"
    assert wrong["errorDeclaration"]["correctiveEventIDs"] == [right["eventID"]]
    assert "errorDeclaration" not in right
    assert any(e["bizStep"] == "other" and e["action"] == "OBSERVE" for e in events)


def test_staff_document_is_refused_to_others(client, lineage, coop_ld):
    nuts, _ = lineage
    url = f"/trace/epcis/{nuts.id}.jsonld"
    assert "/auth/login" in client.get(url).headers["Location"]
    sign_in(client, factories.UserFactory(role=Role.MEMBER, cooperative=coop_ld))
    assert client.get(url).status_code == 403
    assert client.get("/trace/epcis/999999.jsonld").status_code == 404


def test_demo_batches_give_valid_documents(app, db, demo):
    from app.trace.epcis import batch_document

    batches = db.session.execute(select(Batch)).scalars().all()
    if not batches:
        pytest.skip("the demo has no batches yet")
    with app.test_request_context():
        for batch in batches:
            for public_only in (True, False):
                doc = batch_document(batch, public_only=public_only)
                assert_valid(doc)
                for event in doc["epcisBody"]["eventList"]:
                    assert urlsplit(event["eventID"]).scheme == "ni"
