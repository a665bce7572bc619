"""What the staff batch page shows about events: the timeline with its corrections, the PHI
warnings and the chain check, gathered once so the template only prints.
"""

from dataclasses import dataclass, field
from datetime import UTC, time
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import areas
from ..clock import LOCAL
from ..enums import LabelledEnum
from ..extensions import db
from ..i18n import fmt_date, fmt_datetime, fmt_decimal
from ..models import Batch, BatchStatus, EventKind, OfflineRecord, Plot, TraceEvent
from . import chain
from .event_history import phi_warnings, status_notice, verify_batch
from .event_photos import thumb_key
from .event_rules import InspectionResult


def _amount(text) -> str:
    """A stored quantity ("1250.5") in the reader's format ("1.250,5"); odd text as it is."""
    try:
        return fmt_decimal(Decimal(str(text))) if text not in (None, "") else ""
    except InvalidOperation:
        return str(text)


class ChainProblem(LabelledEnum):
    """What the chain check found wrong (``chain.VerifyReport.problem``), as staff read it."""

    SEQUENCE = "sequence", _l("an event is missing or out of order")
    LINK = "link", _l("the link to the previous event does not match")
    CONTENT = "content", _l("the stored content was changed after it was recorded")
    SUPERSEDES = "supersedes", _l("the event corrects an event that does not come before it")


@dataclass
class EventRow:
    """One event as staff see it: what it says, and how it relates to corrections."""

    event: TraceEvent
    corrected_by: TraceEvent | None = None
    corrects: TraceEvent | None = None
    plot_name: str = ""
    thumbs: list[str] = field(default_factory=list)
    offline: OfflineRecord | None = None  # recorded on a phone without signal, sent later

    @property
    def kind_label(self) -> str:
        return EventKind.label_of(self.event.kind)

    @property
    def when(self) -> str:
        """When it happened; a date alone when no time was given (kept at 00:00, Vietnam)."""
        stored = self.event.occurred_at
        local = (stored if stored.tzinfo else stored.replace(tzinfo=UTC)).astimezone(LOCAL)
        return fmt_date(local) if local.time() == time(0, 0) else fmt_datetime(stored)

    @property
    def commune_name(self) -> str:
        found = areas.commune(self.event.commune_code)
        return found.name if found else ""

    @property
    def facts(self) -> list[tuple[str, str]]:
        """The kind-specific details as (label, value) pairs, empty values left out."""
        d = self.event.details or {}
        kind = self.event.kind
        pairs = []
        if kind == EventKind.INPUT:
            pairs = [
                (_("Product"), d.get("product")),
                (_("Active ingredient"), d.get("active_ingredient")),
                (_("Dose"), d.get("dose")),
                (_("Pre-harvest interval"), _days(d.get("phi_days"))),
            ]
        elif kind == EventKind.HARVEST:
            pairs = [(_("Quantity"), f"{_amount(d.get('quantity'))} {d.get('unit', '')}".strip())]
        elif kind == EventKind.INSPECTION:
            result = InspectionResult.of(d.get("result"))
            pairs = [
                (_("Result"), str(result.label) if result else ""),
                (_("Details of the result"), d.get("result_text")),
                (_("Laboratory or inspector"), d.get("lab")),
            ]
        elif kind in (EventKind.SHIPPING, EventKind.RECEIVING):
            pairs = [
                (_("Departure place"), d.get("from")),
                (_("Destination"), d.get("to")),
                (_("Carrier"), d.get("carrier")),
            ]
        return [(label, str(value)) for label, value in pairs if value not in (None, "")]

    @property
    def document_name(self) -> str:
        d = self.event.details or {}
        return d.get("document_name", "") if d.get("document_key") else ""


def _days(value) -> str | None:
    if not isinstance(value, int):
        return None
    return _("%(num)d days", num=value)


@dataclass
class EventPanel:
    batch: Batch
    rows: list[EventRow]
    report: chain.VerifyReport
    phi: list[str]
    notice: str | None  # "recalled", "closed" or None

    @property
    def latest_hash(self) -> str:
        """The hash of the last event recorded: it seals the whole history before it."""
        events = [row.event for row in self.rows]
        return max(events, key=lambda e: e.seq).content_hash if events else ""

    @property
    def next_kind(self) -> EventKind | None:
        """The step an open batch waits for, one tap from its page: the harvest of a batch
        grown by the cooperative (made from no other batch), then its packing (issue 18)."""
        if self.batch.status != BatchStatus.OPEN:
            return None
        kinds = {row.event.kind for row in self.rows}
        if EventKind.HARVEST not in kinds and not self.batch.inputs:
            return EventKind.HARVEST
        return EventKind.PACKING if EventKind.PACKING not in kinds else None

    @property
    def problem_label(self) -> str:
        problem = ChainProblem.of(self.report.problem)
        return str(problem.label) if problem else ""


def timeline(batch: Batch) -> list[EventRow]:
    """All events of the batch, in the order they happened, corrections linked both ways."""
    events = list(
        db.session.execute(
            select(TraceEvent)
            .where(TraceEvent.batch_id == batch.id)
            .order_by(TraceEvent.occurred_at, TraceEvent.seq)
        ).scalars()
    )
    by_id = {e.id: e for e in events}
    plots = {
        p.id: p.name
        for p in db.session.execute(
            select(Plot).where(Plot.id.in_({e.plot_id for e in events if e.plot_id}))
        ).scalars()
    }
    rows = {
        e.id: EventRow(
            e,
            plot_name=plots.get(e.plot_id, "") if e.plot_id is not None else "",
            thumbs=[thumb_key(k) for k in e.photo_keys or []],
        )
        for e in events
    }
    for record in db.session.execute(
        select(OfflineRecord).where(OfflineRecord.event_id.in_(list(by_id)))
    ).scalars():
        if record.event_id is not None:
            rows[record.event_id].offline = record
    for e in events:
        if e.supersedes_id in by_id:
            rows[e.id].corrects = by_id[e.supersedes_id]
            rows[e.supersedes_id].corrected_by = e
    return [rows[e.id] for e in events]


def event_panel(batch: Batch) -> EventPanel:
    """Everything the ``trace/_events.html`` partial shows for ``batch``."""
    return EventPanel(
        batch=batch,
        rows=timeline(batch),
        report=verify_batch(batch),
        phi=[w.message() for w in phi_warnings(batch)],
        notice=status_notice(batch),
    )
