"""A batch's history as an EPCIS 2.0 JSON-LD document, for trading partners and portals.

Mapping (CBV 2.0 has no harvesting step; it lists harvesting under ``commissioning``):

- harvest → ObjectEvent ADD, bizStep ``commissioning``, disposition ``active``, ILMD lot/expiry;
- processing of a batch made from input batches → TransformationEvent (the input batches in
  ``inputQuantityList``, this batch in ``outputQuantityList``); when no processing event was
  recorded, one is derived from the lineage at the production date, so the links are never lost;
- packing, inspection, storage, shipping, receiving, sale → ObjectEvent OBSERVE with
  ``packing``, ``inspecting``, ``storing``, ``shipping``, ``receiving``, ``retail_selling``;
- planting, input application, other (and further processing) → ObjectEvent OBSERVE ``other``.

Identifiers are class-level (a lot, not items): ``<PUBLIC_BASE_URL>/01/<gtin14>/10/<lot>`` — a
GS1 Digital Link our resolver answers — when the product has a GTIN, otherwise the batch's trace
page URL ``<PUBLIC_BASE_URL>/t/<public_code>``. Places are ``<base>/plot/<id>`` or
``<base>/commune/<code>`` (identifiers, not pages; coordinates are not published).
``eventID`` is ``ni:///sha-256;<content_hash>?ver=CBV2.0`` from the event's stored hash.

The public document holds the current public events; the staff document holds every event, and
an event superseded by a correction carries an ``errorDeclaration`` naming the correction.
"""

import hashlib
from datetime import UTC, datetime, time, timedelta, timezone
from urllib.parse import quote

from flask import current_app

from ..gs1 import dl_path
from ..models import Batch, EventKind, TraceEvent
from .event_history import current_events

CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
VIETNAM = timezone(timedelta(hours=7))  # Asia/Ho_Chi_Minh, no daylight saving
OFFSET = "+07:00"
MEDIA_TYPE = "application/ld+json"

BIZ_STEPS: dict[str, str] = {
    EventKind.HARVEST: "commissioning",
    EventKind.PACKING: "packing",
    EventKind.INSPECTION: "inspecting",
    EventKind.STORAGE: "storing",
    EventKind.SHIPPING: "shipping",
    EventKind.RECEIVING: "receiving",
    EventKind.SALE: "retail_selling",
}
DISPOSITIONS: dict[str, str] = {EventKind.HARVEST: "active", EventKind.SHIPPING: "in_transit"}
# UN/CEFACT Recommendation 20 codes for the units batches are counted in; others are counts.
UOM = {"kg": "KGM", "g": "GRM", "tấn": "TNE", "t": "TNE", "l": "LTR", "lít": "LTR", "ml": "MLT"}


def batch_document(
    batch: Batch,
    *,
    public_only: bool,
    base_url: str | None = None,
    now: datetime | None = None,
) -> dict:
    """The EPCIS 2.0 EPCISDocument of ``batch``: public events only, or the full history."""
    base = (base_url or current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    events = _chosen_events(batch, public_only)
    corrections = {} if public_only else _corrections(batch.events)
    event_list = []
    transformed = False
    for event in events:
        transform = event.kind == EventKind.PROCESSING and bool(batch.inputs) and not transformed
        transformed = transformed or transform
        item = (
            _transformation(batch, base, event) if transform else _object_event(batch, base, event)
        )
        correction = corrections.get(event.id)
        if correction is not None:
            item["errorDeclaration"] = {
                "declarationTime": _utc(correction.recorded_at),
                "reason": "incorrect_data",
                "correctiveEventIDs": [event_id(correction)],
            }
        event_list.append(item)
    if batch.inputs and not transformed:
        event_list.insert(0, _transformation(batch, base, None))
    return {
        "@context": CONTEXT,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": _utc(now or datetime.now(UTC)),
        "epcisBody": {"eventList": event_list},
    }


def batch_identifier(batch: Batch, base: str) -> str:
    """The batch as an EPC class: its GS1 Digital Link with a GTIN, else its trace page URL."""
    if batch.product is not None and batch.product.gtin:
        return base + dl_path(batch.product.gtin, lot=batch.code)
    return f"{base}/t/{quote(batch.public_code, safe='')}"


def event_id(event: TraceEvent) -> str:
    """The CBV 2.0 hash-based event ID form, from the hash the event chain already stores."""
    return f"ni:///sha-256;{event.content_hash}?ver=CBV2.0"


def _chosen_events(batch: Batch, public_only: bool) -> list[TraceEvent]:
    """Trading partners get the current public events; staff the whole stored history."""
    events = current_events(batch, public_only=True) if public_only else list(batch.events)
    return sorted(events, key=lambda e: (_aware(e.occurred_at), e.seq))


def _corrections(events: list[TraceEvent]) -> dict[int, TraceEvent]:
    """Superseded event id → the (first) event that corrects it."""
    found: dict[int, TraceEvent] = {}
    for event in sorted(events, key=lambda e: e.seq):
        if event.supersedes_id and event.supersedes_id not in found:
            found[event.supersedes_id] = event
    return found


def _common(event_type: str, when: datetime, eid: str, recorded: datetime | None) -> dict:
    item = {
        "type": event_type,
        "eventTime": _local(when),
        "eventTimeZoneOffset": OFFSET,
        "eventID": eid,
    }
    if recorded is not None:
        item["recordTime"] = _utc(recorded)
    return item


def _object_event(batch: Batch, base: str, event: TraceEvent) -> dict:
    item = _common("ObjectEvent", event.occurred_at, event_id(event), event.recorded_at)
    item["quantityList"] = [_quantity(batch, base)]
    item["action"] = "ADD" if event.kind == EventKind.HARVEST else "OBSERVE"
    item["bizStep"] = BIZ_STEPS.get(event.kind, "other")
    if event.kind in DISPOSITIONS:
        item["disposition"] = DISPOSITIONS[event.kind]
    _places(item, batch, base, event)
    if event.kind == EventKind.HARVEST:
        item["ilmd"] = _ilmd(batch)
    return item


def _transformation(batch: Batch, base: str, event: TraceEvent | None) -> dict:
    if event is None:  # derived from the lineage: a stable ID from what it states
        when = datetime.combine(batch.produced_on, time(), VIETNAM)
        inputs = ",".join(sorted(batch_identifier(b, base) for b in batch.inputs))
        digest = hashlib.sha256(f"{batch_identifier(batch, base)}<-{inputs}".encode()).hexdigest()
        item = _common("TransformationEvent", when, f"ni:///sha-256;{digest}?ver=CBV2.0", None)
    else:
        item = _common("TransformationEvent", event.occurred_at, event_id(event), event.recorded_at)
    item["inputQuantityList"] = [{"epcClass": batch_identifier(b, base)} for b in batch.inputs]
    item["outputQuantityList"] = [_quantity(batch, base)]
    item["bizStep"] = "commissioning"
    item["disposition"] = "active"
    if event is not None:
        _places(item, batch, base, event)
    item["ilmd"] = _ilmd(batch)
    return item


def _quantity(batch: Batch, base: str) -> dict:
    element: dict[str, object] = {"epcClass": batch_identifier(batch, base)}
    if batch.quantity is not None:
        element["quantity"] = float(batch.quantity)
        uom = UOM.get((batch.unit or "").strip().lower())
        if uom:
            element["uom"] = uom
    return element


def _places(item: dict, batch: Batch, base: str, event: TraceEvent) -> None:
    place = _place(base, event.plot_id, event.commune_code)
    if place is None and event.kind in (EventKind.PLANTING, EventKind.INPUT, EventKind.HARVEST):
        place = _place(base, batch.plot_id, None)  # field work happens on the batch's plot
    if place is None:
        return
    item["readPoint"] = {"id": place}
    if event.kind != EventKind.SHIPPING:  # goods in transit have no business location
        item["bizLocation"] = {"id": place}


def _place(base: str, plot_id: int | None, commune_code: int | None) -> str | None:
    if plot_id:
        return f"{base}/plot/{plot_id}"
    if commune_code:
        return f"{base}/commune/{commune_code}"
    return None


def _ilmd(batch: Batch) -> dict:
    ilmd = {"cbvmda:lotNumber": batch.code}
    if batch.expires_on:
        ilmd["cbvmda:itemExpirationDate"] = batch.expires_on.isoformat()
    return ilmd


def _aware(value: datetime) -> datetime:
    """Stored times are UTC; SQLite hands them back naive."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _local(value: datetime) -> str:
    return _aware(value).astimezone(VIETNAM).isoformat(timespec="seconds")


def _utc(value: datetime) -> str:
    return _aware(value).astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
