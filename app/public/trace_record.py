"""A batch's traceability record with the ten items of Circular 02/2024/TT-BKHCN, as data.

``/t/<code>/record`` shows it as a page and ``/t/<code>/record.json`` serves it as JSON so a
provincial or national traceability portal can take it. The JSON format (version 1):

.. code-block:: text

    {
      "circular": "02/2024/TT-BKHCN",        marker: which rule the items follow
      "format_version": 1,
      "generated_at": "2026-07-20T08:00:00+07:00",
      "status": "open" | "closed" | "recalled",
      "recall": null | {"reason", "advice", "recalled_on"},
      "name": "Dầu lạc Lâm Bình",              item 1: product name
      "images": ["https://…/media/….webp"],  item 2: absolute URLs, cover first
      "producer": {"name", "short_name", "registration_number", "tax_code"},   item 3
      "address": {"text", "street", "commune_code", "commune", "province_code",
                  "province"},                  item 4: official 2025 codes
      "stages": [                               item 5: public, current events, in time order
        {"stage": "harvest", "time": ISO 8601 with +07:00,
         "product_code": GTIN-14 or "LENSAN-P<product id>",
         "location_code": planting-area code, or "VN-<commune code>", or "",
         "location": text, "actor": text, "notes": text}
      ],
      "production_time": {"produced_on", "packed_on"},      item 6: ISO dates or null
      "traceability_code": {"code", "lot", "url", "gs1_digital_link"},   item 7
      "brand": {"brand", "gtin", "serial"},                 item 8: serial null (batch level)
      "shelf_life": {"days", "expires_on"},                 item 9
      "applied_standards": [{"kind": "tcvn" | "qcvn" | "in_house" | "certificate", "number",
                              "name", "issuer", "expires_on"}]       item 10
    }

Keys are English snake_case; values are as recorded (Vietnamese text stays Vietnamese).
Dates are local (Asia/Ho_Chi_Minh) calendar days. "Product code" follows the GS1 practice the
notes recommend for TCVN 13274: the GTIN where the product has one, otherwise Lên Sàn's own
product number, prefixed so it cannot be mistaken for a GTIN.
"""

from datetime import UTC, date, datetime

from flask_babel import gettext as _

from .. import areas
from ..certificates.services import certificate_label
from ..clock import LOCAL
from ..extensions import db
from ..gs1 import dl_path
from ..models import Batch, BatchStatus, Cooperative, Plot, Product, ProductStatus, TraceEvent
from ..trace.event_history import current_events
from .trace_services import TracePage, kind_label

CIRCULAR = "02/2024/TT-BKHCN"
FORMAT_VERSION = 1


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _local_time(value: datetime) -> str:
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL).isoformat(timespec="seconds")


def product_code(batch: Batch) -> str:
    return batch.product.gtin or f"LENSAN-P{batch.product_id}"


def _location(event: TraceEvent, batch: Batch) -> tuple[str, str]:
    """(location code, place): the planting-area code of the event's plot (else the batch's),
    else the official code of the event's commune (else the plot's, else the cooperative's)."""
    plot = db.session.get(Plot, event.plot_id) if event.plot_id else batch.plot
    place = event.place or (plot.name if plot else "")
    if plot is not None and plot.planting_area_code:
        return plot.planting_area_code, place
    commune = event.commune_code or (plot.commune_code if plot else None)
    commune = commune or batch.cooperative.commune_code
    if commune:
        return f"VN-{commune}", place or areas.place_name(commune, None)
    return "", place


def _stages(batch: Batch) -> list[dict]:
    """Item 5: the batch's public, current events in time order."""
    code = product_code(batch)
    stages = []
    for event in current_events(batch, public_only=True):
        location_code, location = _location(event, batch)
        stages.append(
            {
                "stage": event.kind,
                "stage_name": kind_label(event.kind),
                "time": _local_time(event.occurred_at),
                "product_code": code,
                "location_code": location_code,
                "location": location,
                "actor": event.actor,
                "notes": event.notes,
            }
        )
    return stages


def _standards(product: Product, page: TracePage) -> list[dict]:
    """Item 10: the product's declared standard, then the certificates valid today."""
    standards: list[dict[str, str | None]] = []
    if product.standard_number:
        standards.append(
            {"kind": product.standard_kind or "", "number": product.standard_number, "name": ""}
        )
    for cert in page.certificates:
        standards.append(
            {
                "kind": "certificate",
                "number": cert.number,
                "name": certificate_label(cert),
                "issuer": cert.issuer,
                "expires_on": _iso(cert.expires_on),
            }
        )
    return standards


def _address(coop) -> dict:
    """Item 4: the producer's address with the official 2025 codes."""
    commune, province = areas.commune(coop.commune_code), areas.province(coop.province_code)
    place = areas.place_name(coop.commune_code, coop.province_code)
    return {
        "text": ", ".join(p for p in (coop.street, place) if p),
        "street": coop.street,
        "commune_code": coop.commune_code,
        "commune": commune.name if commune else None,
        "province_code": coop.province_code,
        "province": province.name if province else None,
    }


def record(page: TracePage, base_url: str, media_url, page_url: str) -> dict:
    """The ten items for ``page``'s batch. ``media_url(image)`` gives a photo's absolute URL."""
    batch, product, coop = page.batch, page.product, page.cooperative
    if not (
        isinstance(batch, Batch) and isinstance(product, Product) and isinstance(coop, Cooperative)
    ):
        raise TypeError("the record reads the batch, product and cooperative rows themselves")
    recalled = batch.status == BatchStatus.RECALLED
    return {
        "circular": CIRCULAR,
        "format_version": FORMAT_VERSION,
        "generated_at": datetime.now(LOCAL).isoformat(timespec="seconds"),
        "status": batch.status,
        "recall": {
            "reason": batch.recall_reason,
            "advice": batch.recall_advice,
            "recalled_on": _iso(batch.recalled_on),
        }
        if recalled
        else None,
        "name": product.name,
        "images": [media_url(image) for image in product.images]
        if product.status != ProductStatus.DRAFT  # a draft's photos are not public
        else [],
        "producer": {
            "name": coop.legal_name,
            "short_name": coop.short_name,
            "registration_number": coop.registration_number,
            "tax_code": coop.tax_code,
        },
        "address": _address(coop),
        "stages": _stages(batch),
        "production_time": {
            "produced_on": _iso(batch.produced_on),
            "packed_on": _iso(batch.packed_on),
        },
        "traceability_code": {
            "code": batch.public_code,
            "lot": batch.code,
            "url": page_url,
            "gs1_digital_link": base_url + dl_path(product.gtin, lot=batch.code)
            if product.gtin
            else None,
        },
        "brand": {
            "brand": coop.short_name or coop.legal_name,
            "gtin": product.gtin,
            "serial": None,
        },
        "shelf_life": {"days": product.shelf_life_days, "expires_on": _iso(batch.expires_on)},
        "applied_standards": _standards(product, page),
    }


def item_titles() -> list[tuple[str, str]]:
    """(JSON key, heading) of the ten items, in the circular's order, for the HTML page."""
    return [
        ("name", _("Product name")),
        ("images", _("Images")),
        ("producer", _("Producer")),
        ("address", _("Producer's address")),
        ("stages", _("Production and business stages")),
        ("production_time", _("Production time")),
        ("traceability_code", _("Traceability code")),
        ("brand", _("Brand, GTIN and serial")),
        ("shelf_life", _("Shelf life")),
        ("applied_standards", _("Applied standards")),
    ]
