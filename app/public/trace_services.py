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
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cached_property

from flask import current_app, render_template
from flask_babel import format_decimal
from markupsafe import Markup
from sqlalchemy import bindparam, exists, func, or_, select
from sqlalchemy.orm import aliased

from .. import areas
from ..clock import local_day
from ..exports.services import live_links
from ..extensions import db
from ..i18n import current_language, fmt_decimal
from ..models import (
    Batch,
    BatchStatus,
    Cooperative,
    CooperativeStatus,
    EventKind,
    Plot,
    Product,
    ProductStatus,
    TraceEvent,
    batch_inputs,
)
from ..product_images.panel import product_image_alt, product_image_size, product_image_url
from ..products.services import valid_product_certificates
from ..trace.event_history import current_event_rows, phi_warnings
from ..trace.event_rules import InspectionResult
from ..trace.services import lineage
from ..worker_store import WorkerStore
from .services import Shop, shops

SHOWCASES_KEPT = 2000  # per worker: a product's showcase for each day and place it is shown
PAGE_VERSION = "3"  # bump when the template changes what a given batch's page says

# What buyers read for each kind of event (the staff form's labels say more).
# Buyers read the result of a passed or failed inspection; an "other" result, its own words.
PUBLIC_RESULTS = (InspectionResult.PASS, InspectionResult.FAIL)


def kind_label(kind: str) -> str:
    """An event's kind in the words buyers read (``EventKind.public_label``)."""
    member = EventKind.of(kind)
    return str(member.public_label) if member is not None else kind


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


@dataclass(frozen=True)
class InputSummary:
    """Fertiliser and spraying on the batch: how many times, which products, PHI kept?"""

    count: int
    products: list[str]
    phi_checked: bool  # at least one application declared a pre-harvest interval
    phi_respected: bool  # no harvest fell inside an interval
    first_day: date | None = None
    last_day: date | None = None


@dataclass(frozen=True)
class Photo:
    """The product's cover photo as the page shows it."""

    key: str
    url: str
    alt: str
    width: int
    height: int


@dataclass(frozen=True)
class CertificateView:
    """A certificate valid today, as plain values (``certificate_label`` reads it too)."""

    id: int
    kind: str
    ocop_stars: int | None
    number: str
    issuer: str
    expires_on: date | None


@dataclass(frozen=True)
class ProductView:
    id: int
    name: str
    status: str


@dataclass(frozen=True)
class CooperativeView:
    id: int
    slug: str
    legal_name: str
    display_name: str
    status: str


@dataclass(frozen=True)
class Showcase:
    """What every batch of a product shows alike, as plain values safe to keep between
    requests."""

    place: str
    photo: Photo | None
    certificates: tuple[CertificateView, ...]
    shops: tuple[Shop, ...]
    product: ProductView
    cooperative: CooperativeView
    listings: tuple[tuple[str, str], ...] = ()  # (marketplace, live URL) of this product
    # Its part of the page as rendered, per (language, recalled): kept with the showcase.
    fragments: dict = field(default_factory=dict, compare=False, hash=False, repr=False)


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


_CODE = re.compile(r"[0-9A-Za-z]{1,16}")  # what a printed public code can be

# The newest event's number and whether the batch has lineage, read with the batch itself.
_LATEST_SEQ = (
    select(func.max(TraceEvent.seq))
    .where(TraceEvent.batch_id == Batch.id)
    .correlate(Batch)
    .scalar_subquery()
)
_LINKED = or_(  # two EXISTS, each answered by an index (an OR inside one is a table scan)
    exists().where(batch_inputs.c.batch_id == Batch.id).correlate(Batch),
    exists().where(batch_inputs.c.input_batch_id == Batch.id).correlate(Batch),
)
# How many inputs were recorded on the batch's plot, and on the plot's batches: the page's
# pre-harvest-interval line depends on them. Counts, not max(id): events are only ever added,
# and PostgreSQL answers max(id) by walking the primary key backwards through every event.
_SIBLING = aliased(Batch)
_PLOT_INPUT_MARK = (
    select(func.count(TraceEvent.id))
    .where(TraceEvent.kind == EventKind.INPUT, TraceEvent.plot_id == Batch.plot_id)
    .correlate(Batch)
    .scalar_subquery()
)
_SIBLING_INPUT_MARK = (
    select(func.count(TraceEvent.id))
    .join(_SIBLING, _SIBLING.id == TraceEvent.batch_id)
    .where(TraceEvent.kind == EventKind.INPUT, _SIBLING.plot_id == Batch.plot_id)
    .correlate(Batch)
    .scalar_subquery()
)
_MARKS = (
    _LATEST_SEQ.label("latest_event"),
    _LINKED.label("linked"),
    _PLOT_INPUT_MARK.label("plot_input"),
    _SIBLING_INPUT_MARK.label("sibling_input"),
)
_B, _P = Batch.__table__, Plot.__table__
_PRODUCT, _COOP = Product.__table__, Cooperative.__table__
_BATCH_FIELDS = (
    "id",
    "code",
    "public_code",
    "unit",
    "quantity",
    "produced_on",
    "packed_on",
    "expires_on",
    "status",
    "recalled_on",
    "recall_reason",
    "recall_advice",
    "updated_at",
    "plot_id",
    "product_id",
    "cooperative_id",
)
# Built once (a statement made per request costs more than the query it runs), and read as
# plain rows: the ORM's objects would cost more than the rest of the lookup together.
_ROW = select(
    *(_B.c[name] for name in _BATCH_FIELDS),
    _P.c.name.label("plot_name"),
    _P.c.planting_area_code.label("plot_area_code"),
    _P.c.commune_code.label("plot_commune_code"),
    _P.c.province_code.label("plot_province_code"),
    _PRODUCT.c.updated_at.label("product_updated_at"),
    _PRODUCT.c.status.label("product_status"),
    _COOP.c.updated_at.label("coop_updated_at"),
    _COOP.c.status.label("coop_status"),
    _COOP.c.commune_code.label("coop_commune_code"),
    _COOP.c.province_code.label("coop_province_code"),
    *_MARKS,
).select_from(
    _B.join(_PRODUCT, _PRODUCT.c.id == _B.c.product_id)
    .join(_COOP, _COOP.c.id == _B.c.cooperative_id)
    .outerjoin(_P, _P.c.id == _B.c.plot_id)
)
_BY_CODE = _ROW.where(_B.c.public_code == bindparam("code"))
_BY_ID = _ROW.where(_B.c.id == bindparam("batch_id"))


@dataclass(frozen=True)
class PlotView:
    name: str
    planting_area_code: str
    commune_code: int | None
    province_code: int | None


@dataclass(frozen=True)
class BatchView:
    """The batch's own facts, as the page and the interval check read them."""

    id: int
    code: str
    public_code: str
    unit: str
    quantity: Decimal | None
    produced_on: date
    packed_on: date | None
    expires_on: date | None
    status: str
    recalled_on: date | None
    recall_reason: str
    recall_advice: str
    updated_at: object
    plot_id: int | None
    product_id: int
    cooperative_id: int
    plot: PlotView | None


@dataclass(frozen=True)
class Found:
    """A batch found by its printed code, with what decides whether its page changed."""

    batch: BatchView
    product_updated_at: object
    product_status: str
    coop_updated_at: object
    coop_status: str
    coop_commune_code: int | None
    coop_province_code: int | None
    latest_event: int | None  # the newest event's number (events only grow)
    linked: bool  # made from other batches, or went into some
    plot_input: int | None  # input events recorded on the plot itself
    sibling_input: int | None  # input events recorded on the plot's batches


def _found(row) -> Found:
    values = row._mapping
    plot = None
    if values["plot_id"] is not None:
        plot = PlotView(
            values["plot_name"],
            values["plot_area_code"],
            values["plot_commune_code"],
            values["plot_province_code"],
        )
    return Found(
        BatchView(*(values[name] for name in _BATCH_FIELDS), plot),
        values["product_updated_at"],
        values["product_status"],
        values["coop_updated_at"],
        values["coop_status"],
        values["coop_commune_code"],
        values["coop_province_code"],
        values["latest_event"],
        bool(values["linked"]),
        values["plot_input"],
        values["sibling_input"],
    )


def batch_by_public_code(code: str) -> Found | None:
    """The batch a printed code names, with what decides its page, or None."""
    if not _CODE.fullmatch(code or ""):  # never a NUL or a long string to the database
        return None
    row = db.session.connection().execute(_BY_CODE, {"code": code}).first()
    return _found(row) if row is not None else None


def found_batch(batch: Batch) -> Found:
    """The same for a batch already loaded (the GS1 Digital Link resolver finds its own)."""
    return _found(db.session.connection().execute(_BY_ID, {"batch_id": batch.id}).one())


def _place(found: Found) -> str:
    plot = found.batch.plot
    if plot is not None:
        return areas.place_name(plot.commune_code, plot.province_code)
    return areas.place_name(found.coop_commune_code, found.coop_province_code)


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
    )


def input_summary(
    batch: Batch, events: list[TraceEvent], everything: list[TraceEvent] | None = None
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


def _showcase(product: Product, coop: Cooperative, batch_place: str, today: date) -> Showcase:
    """The product's photo (none for a draft: its photos are not public), valid certificates
    and shops, read now."""
    shown = product.images if product.status != ProductStatus.DRAFT else []
    image = shown[0] if shown else None
    photo = None
    if image is not None:
        width, height = product_image_size(image, "thumb")
        photo = Photo(
            image.thumb_key or image.original_key,
            product_image_url(image, "thumb"),
            product_image_alt(image),
            width,
            height,
        )
    certificates = tuple(
        CertificateView(c.id, c.kind, c.ocop_stars, c.number, c.issuer, c.expires_on)
        for c in valid_product_certificates(product, today)
    )
    live = product.status != ProductStatus.ARCHIVED and coop.status == CooperativeStatus.ACTIVE
    return Showcase(
        batch_place,
        photo,
        certificates,
        tuple(shops(coop)) if live else (),
        ProductView(product.id, product.name, product.status),
        CooperativeView(coop.id, coop.slug, coop.legal_name, coop.display_name, coop.status),
        tuple(live_links(product.id)) if live else (),
    )


def _read_showcase(found: Found, place: str, today: date) -> Showcase:
    product = db.session.get(Product, found.batch.product_id)
    coop = db.session.get(Cooperative, found.batch.cooperative_id)
    return _showcase(product, coop, place, today)


def showcase(found: Found, today: date) -> Showcase:
    """The product's showcase, from this worker's store while it is fresh."""
    place = _place(found)
    store = worker_store("trace_showcases", SHOWCASES_KEPT)
    if store is None:
        return _read_showcase(found, place, today)
    key = (
        found.batch.product_id,
        found.product_updated_at,
        found.product_status,
        found.batch.cooperative_id,
        found.coop_updated_at,
        found.coop_status,
        place,
        today,
        current_app.config["PUBLIC_BASE_URL"],
    )
    value = store.get(key, current_app.config["TRACE_CACHE_SECONDS"])
    if value is None:
        value = _read_showcase(found, place, today)
        store.put(key, value)
    return value


def page_lineage(found: Found) -> tuple[list[Batch], list[Batch]]:
    """(made from, went into); no query for the many batches without lineage."""
    if not found.linked:
        return [], []
    return lineage(db.session.get(Batch, found.batch.id))


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
    product, cooperative, plot, showcase or lineage, and a serial's scan count."""
    b = found.batch
    parts = [
        PAGE_VERSION,
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


def worker_store(name: str, size: int) -> WorkerStore | None:
    """This worker's store called ``name``, or None when trace caching is off."""
    if not current_app.config.get("TRACE_CACHE_SECONDS") or not size:
        return None
    store = current_app.extensions.get(name)
    if store is None:
        store = current_app.extensions[name] = WorkerStore(size)
    return store
