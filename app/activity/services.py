"""Reading the activity log: who may see a cooperative's history, the filtered list, the
latest entries of a cooperative."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, select

from ..access import can_act_on_cooperative
from ..clock import LOCAL
from ..extensions import db
from ..models import Activity, Cooperative, Role, User
from ..paging import paginate

PER_PAGE = 50
RECENT = 10  # entries the cooperative's page shows


@dataclass(frozen=True)
class Filters:
    cooperative_id: int | None = None
    actor_id: int | None = None
    kind: str | None = None
    start: date | None = None
    end: date | None = None

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments (for the pager and the download link)."""
        args = {
            "cooperative": self.cooperative_id,
            "person": self.actor_id,
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }
        return {name: str(value) for name, value in args.items() if value}


def may_see_history(user: User, cooperative: Cooperative) -> bool:
    """Admins, the officers of its area, and its members with the manager right."""
    if not can_act_on_cooperative(user, cooperative):
        return False
    return user.role != Role.MEMBER or user.is_manager


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), LOCAL).astimezone(UTC)


def filtered(filters: Filters) -> Select:
    """The log's rows the filters keep, newest first (days are Vietnamese days)."""
    stmt = select(Activity).order_by(Activity.id.desc())  # the order recorded
    if filters.cooperative_id is not None:
        stmt = stmt.where(Activity.cooperative_id == filters.cooperative_id)
    if filters.actor_id is not None:
        stmt = stmt.where(Activity.actor_id == filters.actor_id)
    if filters.kind:
        stmt = stmt.where(Activity.subject_type == filters.kind)
    if filters.start is not None:
        stmt = stmt.where(Activity.at >= _local_midnight(filters.start))
    if filters.end is not None:
        stmt = stmt.where(Activity.at < _local_midnight(filters.end + timedelta(days=1)))
    return stmt


def page_of(filters: Filters, page: int):
    return paginate(filtered(filters), page, PER_PAGE)


def recent(cooperative: Cooperative, limit: int = RECENT) -> list[Activity]:
    stmt = filtered(Filters(cooperative_id=cooperative.id)).limit(limit)
    return list(db.session.execute(stmt).scalars())


def choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(cooperatives, people) to filter by, by name."""
    cooperatives = db.session.execute(
        select(Cooperative.id, Cooperative.legal_name).order_by(Cooperative.legal_name)
    ).all()
    people = db.session.execute(select(User.id, User.name).order_by(User.name)).all()
    return [(r[0], r[1]) for r in cooperatives], [(r[0], r[1]) for r in people]
