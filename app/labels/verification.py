"""Is this serial genuine, and does it look copied? For its trace page and the cooperative.

A genuine code scanned many times (``LABEL_ALERT_SCANS``, 5 by default), or scanned more than
``LABEL_LATE_DAYS`` (60) after its batch sold out or expired, looks photocopied: one pack is
scanned by its buyer a few times, not by dozens of people, and not months after the last pack
was sold. A code that claims a run's range but fails its MAC is a forgery; its scans are
kept (``serial_check = 'forged'``) so the cooperative sees where its labels are imitated.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..models import Batch, Scan


@dataclass(frozen=True)
class Verification:
    """What the trace page of a genuine serial says about it."""

    code: str
    number: int  # the label's place in its run
    scans: int  # earlier views of this code
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


def verify(code: str, number: int, batch: Batch, today: date, alert_scans: int, late_days: int):
    """The verification of a genuine ``code`` being viewed ``today``."""
    count, first = db.session.execute(
        select(func.count(), func.min(Scan.scanned_at)).where(
            Scan.code == code, Scan.serial_check == "genuine"
        )
    ).one()
    return Verification(
        code=code,
        number=number,
        scans=count,
        first_scan=first,
        many=count + 1 >= alert_scans,
        late=scanned_late(batch, today, late_days),
    )


@dataclass
class SuspiciousCode:
    code: str
    batch: Batch
    scans: int
    first: datetime
    last: datetime
    reasons: set[str] = field(default_factory=set)  # "many", "late", "forged"


def suspicious_codes(cooperative_ids, alert_scans: int, late_days: int, limit: int = 200):
    """Serials of these cooperatives' batches that look copied or forged, most scanned first."""
    per_code = (
        select(
            Scan.code,
            Scan.batch_id,
            Scan.serial_check,
            func.count().label("scans"),
            func.min(Scan.scanned_at).label("first"),
            func.max(Scan.scanned_at).label("last"),
            func.max(Scan.day).label("last_day"),
        )
        .join(Batch, Batch.id == Scan.batch_id)
        .where(Batch.cooperative_id.in_(cooperative_ids), Scan.serial_check.is_not(None))
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
            reasons.add("forged")
        else:
            if row.scans >= alert_scans:
                reasons.add("many")
            if scanned_late(batch, row.last_day, late_days):
                reasons.add("late")
        if reasons:
            item = found.setdefault(
                row.code, SuspiciousCode(row.code, batch, 0, row.first, row.last)
            )
            item.scans += row.scans
            item.first, item.last = min(item.first, row.first), max(item.last, row.last)
            item.reasons |= reasons
    return sorted(found.values(), key=lambda s: (-s.scans, s.code))[:limit]
