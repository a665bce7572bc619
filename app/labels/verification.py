"""Is this serial genuine, and does it look copied? For its trace page and the cooperative.

A genuine code seen by many visitors (``LABEL_ALERT_SCANS``, 5 by default), or scanned more
than ``LABEL_LATE_DAYS`` (60) after its batch sold out or expired, looks photocopied: one pack
is scanned by its buyer a few times, not by dozens of people, and not months after the last
pack was sold. A visitor is a network on a day (app/scans/services.py ``network_hash``): the buyer
reloading the page twenty times, or sending it with another User-Agent, is one; bots and the
link previews of chat apps are not people and are not counted (their views record no scan,
app/scans/services.py ``is_link_preview``; rows marked ``device = 'bot'`` from before are
left out).

A code that claims a run's range but fails its MAC is a forgery; its scans are kept
(``serial_check = 'forged'``) so the cooperative sees where its labels are imitated, but only
a few a day: ``LABEL_FORGED_PER_VISITOR`` (3) distinct codes per visitor and
``LABEL_FORGED_PER_BATCH`` (100) per batch, so guessing cannot fill the cooperative's list.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnClause, String, case, distinct, func, literal_column, or_, select

from ..enums import LabelledEnum
from ..extensions import db
from ..models import Batch, Scan
from ..scans.services import BOT, record_scan


@dataclass(frozen=True)
class Verification:
    """What the trace page of a genuine serial says about it."""

    code: str
    number: int  # the label's place in its run
    scans: int  # visitor-days that opened this code before, the viewer's own one left out
    first_scan: datetime | None
    many: bool
    late: bool

    @property
    def suspicious(self) -> bool:
        return self.many or self.late


def sold_out_since(batch: Batch) -> date | None:
    """The day after which the batch's packs should no longer be on sale."""
    days = [d for d in (batch.closed_on, batch.expires_on) if d is not None]
    return min(days) if days else None


def scanned_late(batch: Batch, day: date, late_days: int) -> bool:
    """Whether a scan on ``day`` came more than ``late_days`` after the batch sold out."""
    since = sold_out_since(batch)
    return since is not None and day > since + timedelta(days=late_days)


def _visitor_day():
    """A scan's visitor-day: its day and network (its visitor hash on scans made before the
    network was kept)."""
    return Scan.day.cast(String) + func.coalesce(Scan.network, Scan.visitor)


def _counted():
    """Scans that count for a code: forged ones (recorded within limits), and genuine ones
    opened by a person (no bot, no link preview)."""
    return or_(Scan.serial_check == "forged", Scan.device != BOT)


def verify(
    code: str,
    number: int,
    batch: Batch,
    today: date,
    alert_scans: int,
    late_days: int,
    network: str | None = None,
):
    """The verification of a genuine ``code`` being viewed ``today`` from ``network`` (the
    viewer's network hash): copied when ``alert_scans`` visitor-days, the viewer's included,
    opened it."""
    mine = (Scan.day == today) & (Scan.network == network)
    visitors, seen, first = db.session.execute(
        select(
            func.count(distinct(_visitor_day())),
            func.count(case((mine, 1))),
            func.min(Scan.scanned_at),
        ).where(Scan.code == code, Scan.serial_check == "genuine", Scan.device != BOT)
    ).one()
    others = visitors - (1 if seen else 0)
    return Verification(
        code=code,
        number=number,
        scans=others,
        first_scan=first,
        many=others + 1 >= alert_scans,
        late=scanned_late(batch, today, late_days),
    )


# Written into the SQL, not bound, so the partial index ix_scans_forged_day can be chosen.
FORGED_LITERAL: ColumnClause[str] = literal_column("'forged'")


def record_forged(row: dict, per_visitor: int, per_batch: int) -> bool:
    """Record the scan ``row`` (app/scans/services.py ``scan_row``) of a forged code, unless its
    visitor already recorded this code or ``per_visitor`` codes today, or its batch
    ``per_batch`` forged scans today, or it is a bot. Written at once, so the next guess is
    counted against it; two guesses at the same instant may both pass (a soft limit)."""
    if row["device"] == BOT:
        return False
    mine = Scan.network == row["network"]
    in_batch, codes, again = db.session.execute(
        select(
            func.count(case((Scan.batch_id == row["batch_id"], 1))),
            func.count(distinct(case((mine, Scan.code)))),
            func.count(case((mine & (Scan.code == row["code"]), 1))),
        ).where(Scan.day == row["day"], Scan.serial_check == FORGED_LITERAL)
    ).one()
    if again or codes >= per_visitor or in_batch >= per_batch:
        return False
    record_scan(row)
    return True


class Suspicion(LabelledEnum):
    """Why a serial looks copied or forged."""

    MANY = "many", _l("scanned many times")
    LATE = "late", _l("scanned long after sell-out or expiry")
    FORGED = "forged", _l("forged code")


@dataclass
class SuspiciousCode:
    code: str
    batch: Batch
    scans: int
    visitors: int  # distinct visitor-days
    first: datetime
    last: datetime
    reasons: set[Suspicion] = field(default_factory=set)


def suspicious_codes(cooperative_ids, alert_scans: int, late_days: int, limit: int = 200):
    """Serials of these cooperatives' batches that look copied or forged, with how many
    visitor-days and scans (bots left out) saw each, most visitors first."""
    per_code = (
        select(
            Scan.code,
            Scan.batch_id,
            Scan.serial_check,
            func.count().label("scans"),
            func.count(distinct(_visitor_day())).label("visitors"),
            func.min(Scan.scanned_at).label("first"),
            func.max(Scan.scanned_at).label("last"),
            func.max(Scan.day).label("last_day"),
        )
        .join(Batch, Batch.id == Scan.batch_id)
        .where(Batch.cooperative_id.in_(cooperative_ids), Scan.serial_check.is_not(None))
        .where(_counted())
        .group_by(Scan.code, Scan.batch_id, Scan.serial_check)
    )
    rows = db.session.execute(per_code).all()
    batches = {
        b.id: b
        for b in db.session.scalars(select(Batch).where(Batch.id.in_({r.batch_id for r in rows})))
    }
    found: dict[str, SuspiciousCode] = {}
    for row in rows:
        batch = batches[row.batch_id]
        reasons = set()
        if row.serial_check == "forged":
            reasons.add(Suspicion.FORGED)
        else:
            if row.visitors >= alert_scans:
                reasons.add(Suspicion.MANY)
            if scanned_late(batch, row.last_day, late_days):
                reasons.add(Suspicion.LATE)
        if reasons:
            item = found.setdefault(
                row.code, SuspiciousCode(row.code, batch, 0, 0, row.first, row.last)
            )
            item.scans += row.scans
            item.visitors += row.visitors
            item.first, item.last = min(item.first, row.first), max(item.last, row.last)
            item.reasons |= reasons
    return sorted(found.values(), key=lambda s: (-s.visitors, -s.scans, s.code))[:limit]
