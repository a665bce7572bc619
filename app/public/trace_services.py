"""What the public trace page ``/t/<code>`` shows, gathered in one place, and its ETag.

Only what buyers may see: the batch's current public events (a superseded or internal event
never appears), input applications summarised with the pre-harvest interval check,
certificates linked to the product and valid today, shops an officer confirmed, the batches
it was made from and went into (one step back, one step forward). A recalled batch's page
answers, and says so first; an archived product's page answers and says it is discontinued.

Speed: a buyer's scan costs two SELECTs (the batch with its product, cooperative, plot, latest
event number and lineage flag in one; its public events in the other) and the scan's INSERT.
What every batch of a product shares (photo, valid certificates, shops, place) is the
product's *showcase*, kept per worker for ``TRACE_CACHE_SECONDS`` (60 by default) as plain
values: a certificate or a shop appears within a minute; a recall, an edit of the batch or a
new event at once, since they are read on every view. The ETag is computed from the batch's
row and these marks before anything else is read: a phone's repeat scan is answered 304, and
a page another buyer opened a moment ago comes from the worker's :class:`WorkerStore`.
The lookup is in :mod:`.trace_lookup`, the showcase in :mod:`.trace_showcase`.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path

from flask import current_app, render_template, url_for
from flask_babel import format_decimal
from jinja2 import Environment, meta
from markupsafe import Markup

from .. import areas
from ..clock import local_day
from ..extensions import db
from ..i18n import current_language, fmt_decimal
from ..models import (
    Batch,
    BatchStatus,
    Cooperative,
    CooperativeStatus,
    EventKind,
    Product,
    ProductStatus,
    TraceEvent,
)
from ..trace.event_history import HarvestedBatch, current_event_rows, phi_warnings
from ..trace.event_photos import thumb_key
from ..trace.event_rules import InspectionResult
from ..trace.services import lineage
from .services import Shop
from .trace_lookup import BatchView, Found
from .trace_showcase import CertificateView, CooperativeView, Photo, ProductView, Showcase, showcase

# The templates the page renders (the page, and its showcase part rendered apart): their text,
# that of any template they extend, include or import, and the translations are the page's
# version in its ETag, so a deployed change of wording is never answered 304 with the old page.
PAGE_TEMPLATES = ("public/trace.html", "public/_trace_showcase.html")
PAGE_VERSION_KEY = "trace_page_version"  # where the app keeps it (app.extensions)


def page_version(
    env: Environment, names: tuple[str, ...] = PAGE_TEMPLATES, catalogues: Iterable[Path] = ()
) -> str:
    """A digest of the templates ``names``, of every template they name, read through ``env``'s
    loader, and of the translation ``catalogues`` their words come from: worked out once when
    the app starts."""
    digest = hashlib.sha256()
    for path in sorted(catalogues):
        digest.update(f"{path.parent.parent.name}\0".encode() + path.read_bytes() + b"\0")
    seen: set[str] = set()
    waiting = list(names)
    while waiting:
        name = waiting.pop(0)
        if name in seen:
            continue
        seen.add(name)
        source = env.loader.get_source(env, name)[0] if env.loader else ""
        digest.update(f"{name}\0{source}\0".encode())
        named = meta.find_referenced_templates(env.parse(source))
        waiting += [n for n in named if n is not None]  # a computed name cannot be followed
    return digest.hexdigest()[:16]


# What buyers read for each kind of event (the staff form's labels say more).
# Buyers read the result of a passed or failed inspection; an "other" result, its own words.
PUBLIC_RESULTS = (InspectionResult.PASS, InspectionResult.FAIL)


def kind_label(kind: str) -> str:
    """An event's kind in the words buyers read (``EventKind.public_label``)."""
    member = EventKind.of(kind)
    return str(member.public_label) if member is not None else kind


STEP_PHOTOS = 4  # at most this many of an event's photos on the journey


@dataclass(frozen=True)
class Step:
    """One event of the journey, as a buyer reads it."""

    kind: str
    label: str
    day: date
    place: str
    actor: str
    notes: str
    detail: str  # kind-specific: harvested quantity, inspection result and lab, route
    photos: tuple[str, ...] = ()  # the public event's photos: their thumbnails' URLs


@dataclass(frozen=True)
class InputSummary:
    """Fertiliser and spraying on the batch: how many times, which products, PHI kept?"""

    count: int
    products: list[str]
    phi_checked: bool  # at least one application declared a pre-harvest interval
    phi_respected: bool  # no harvest fell inside an interval
    first_day: date | None = None
    last_day: date | None = None


@dataclass
class TracePage:
    """What the page shows. The public page fills it with plain views; the Circular 02 record
    puts the ORM objects in (it reads more of them)."""

    batch: "BatchView | Batch"
    product: "ProductView | Product"
    cooperative: "CooperativeView | Cooperative"
    code_seen: str
    recalled: bool
    discontinued: bool
    shown: Showcase  # what every batch of the product shows alike
    steps: list[Step] = field(default_factory=list)
    inputs: InputSummary | None = None
    made_from: list[Batch] = field(default_factory=list)
    went_into: list[Batch] = field(default_factory=list)
    latest_event: int | None = None  # the batch's highest event number (events only grow)

    @property
    def place(self) -> str:
        return self.shown.place

    @property
    def photo(self) -> Photo | None:
        return self.shown.photo

    @property
    def certificates(self) -> tuple[CertificateView, ...]:
        return self.shown.certificates

    @property
    def shops(self) -> tuple[Shop, ...]:
        """Where to buy; none while the batch is recalled."""
        return () if self.recalled else self.shown.shops

    @property
    def listings(self) -> tuple[tuple[str, str], ...]:
        """The product's live marketplace listings; none while the batch is recalled."""
        return () if self.recalled else self.shown.listings

    @cached_property
    def quantity(self) -> str:
        """The batch's quantity in the reader's number format ("1.250,5"), or ""."""
        return fmt_decimal(self.batch.quantity)


def _detail(event: TraceEvent) -> str:
    details = event.details or {}
    if event.kind == EventKind.HARVEST and details.get("quantity"):
        try:
            amount = format_decimal(Decimal(str(details["quantity"])))
        except InvalidOperation:
            amount = str(details["quantity"])
        return f"{amount} {details.get('unit', '')}".strip()
    if event.kind == EventKind.INSPECTION:
        result = InspectionResult.of(details.get("result"))
        shown = result.label if result in PUBLIC_RESULTS else None
        parts = [str(shown) if shown else details.get("result_text", ""), details.get("lab", "")]
        return " · ".join(p for p in parts if p)
    if event.kind in (EventKind.SHIPPING, EventKind.RECEIVING):
        return " → ".join(p for p in (details.get("from", ""), details.get("to", "")) if p)
    return ""


def _step(event: TraceEvent) -> Step:
    return Step(
        kind=event.kind,
        label=kind_label(event.kind),
        day=local_day(event.occurred_at),
        place=event.place or areas.place_name(event.commune_code, None),
        actor=event.actor,
        notes=event.notes,
        detail=_detail(event),
        photos=tuple(
            url_for("public.media", key=thumb_key(key))
            for key in (event.photo_keys or ())[:STEP_PHOTOS]
        ),
    )


def input_summary(
    batch: HarvestedBatch, events: list[TraceEvent], everything: list[TraceEvent] | None = None
) -> InputSummary | None:
    """The public input applications in one line; None when there were none. ``everything``:
    all the batch's current events, internal ones too, when the caller has them."""
    applied = [e for e in events if e.kind == EventKind.INPUT]
    if not applied:
        return None
    names = []
    for event in applied:
        name = (event.details or {}).get("product", "")
        if name and name not in names:
            names.append(name)
    checked = any(isinstance((e.details or {}).get("phi_days"), int) for e in applied)
    days = [local_day(e.occurred_at) for e in applied]
    return InputSummary(
        count=len(applied),
        products=names,
        phi_checked=checked,
        phi_respected=not phi_warnings(batch, everything),
        first_day=min(days),
        last_day=max(days),
    )


def page_lineage(found: Found) -> tuple[list[Batch], list[Batch]]:
    """(made from, went into); no query for the many batches without lineage."""
    if not found.linked:
        return [], []
    return lineage(db.session.get_one(Batch, found.batch.id))


def trace_page(
    found: Found,
    code_seen: str,
    today: date,
    shown: Showcase | None = None,
    related: tuple[list[Batch], list[Batch]] | None = None,
) -> TracePage:
    """Everything the trace page shows for ``found.batch`` (opened by ``code_seen``);
    ``shown`` and ``related`` when the caller has them already."""
    batch = found.batch
    # One read of the batch's current events serves the journey and the interval check.
    events = current_event_rows(batch.id) if found.latest_event is not None else []
    public = [e for e in events if e.public]
    made_from, went_into = related if related is not None else page_lineage(found)
    shown = shown or showcase(found, today)
    product, coop = shown.product, shown.cooperative
    discontinued = (
        found.product_status == ProductStatus.ARCHIVED
        or found.coop_status != CooperativeStatus.ACTIVE
    )
    recalled = batch.status == BatchStatus.RECALLED
    return TracePage(
        batch=batch,
        product=product,
        cooperative=coop,
        code_seen=code_seen,
        recalled=recalled,
        discontinued=discontinued,
        shown=shown,
        steps=[_step(e) for e in public if e.kind != EventKind.INPUT],
        inputs=input_summary(batch, public, events),
        made_from=made_from,
        went_into=went_into,
        latest_event=found.latest_event,
    )


def showcase_html(page: TracePage) -> Markup:
    """The certificates and shops sections, rendered once per showcase, language and recall
    state (a recalled batch lists no shops)."""
    key = (current_language(), page.recalled)
    html = page.shown.fragments.get(key)
    if html is None:
        html = Markup(render_template("public/_trace_showcase.html", page=page))
        page.shown.fragments[key] = html
    return html


def page_etag(
    found: Found,
    shown: Showcase,
    related: tuple[list[Batch], list[Batch]],
    language: str,
    today: date,
    code_seen: str,
    verification=None,
) -> str:
    """A strong validator of what the page says, known before it is built: it changes when
    the batch is recalled or edited, when an event is recorded on the batch or an input on
    its plot, with the language, the day (certificates expire), any change of the
    product, cooperative, plot, showcase or lineage, a serial's scan count, and the page's
    templates (:func:`page_version`)."""
    b = found.batch
    parts = [
        current_app.extensions[PAGE_VERSION_KEY],
        language,
        today.isoformat(),
        code_seen,
        str(b.id),
        b.status,
        str(b.updated_at),
        str(found.latest_event),
        str(found.plot_input),
        str(found.sibling_input),
        str(found.product_updated_at),
        found.product_status,
        str(found.coop_updated_at),
        found.coop_status,
        repr(b.plot),
        shown.place,
        ",".join(f"{c.id}:{c.number}:{c.expires_on}" for c in shown.certificates),
        ",".join(s.url for s in shown.shops),
        ",".join(url for _, url in shown.listings),
        shown.photo.key if shown.photo else "",
        ",".join(f"{x.id}:{x.status}:{x.code}:{x.product_id}" for x in related[0] + related[1]),
        repr(verification),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
