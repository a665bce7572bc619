"""Saving, finding and counting support visits and trainings.

Who sees what: :func:`visible_visits` (admins all; an officer the visits in the area they
cover, and their own). For the dashboard and the totals page, every figure takes such a
select() and a date range and runs one grouped query: :func:`totals_by_officer`,
:func:`totals_by_commune`, :func:`totals_by_province`, :func:`overall_totals` (in totals.py).
"""

from dataclasses import dataclass, field, fields
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import joinedload, selectinload

from .. import areas
from ..access import covers_area, in_officer_area, visible_cooperatives
from ..certificates.rules import add_months
from ..extensions import db
from ..models import (
    Cooperative,
    CooperativeStatus,
    Role,
    SupportVisit,
    User,
    VisitKind,
)
from ..services import ServiceError
from ..text import fold
from .totals import (  # noqa: F401  (re-exported: the dashboard imports them from here)
    CommuneTotals,
    OfficerTotals,
    ProvinceTotals,
    Totals,
    overall_totals,
    totals_by_commune,
    totals_by_officer,
    totals_by_province,
)

PAGE_SIZE = 50
OLDEST_MONTHS = 24  # an older date is almost surely a typo in the year
LOGGERS = (Role.ADMIN, Role.OFFICER)


@dataclass
class VisitData:
    kind: str
    visited_on: date
    province_code: int
    commune_code: int
    topic: str
    people_guided: int
    notes: str = ""
    cooperative_ids: list[int] = field(default_factory=list)


# --- who sees and edits what ----------------------------------------------------------------


def visible_visits(user: User) -> Select:
    """A select() of the visits ``user`` may see: admins all, officers their area and own."""
    stmt = select(SupportVisit)
    if user.role == Role.ADMIN:
        return stmt
    if user.role != Role.OFFICER:
        return stmt.where(false())
    in_area = in_officer_area(user, SupportVisit.province_code, SupportVisit.commune_code)
    return stmt.where(or_(SupportVisit.officer_id == user.id, in_area))


def can_edit_visit(user: User, visit: SupportVisit) -> bool:
    """Admins edit any visit; an officer only the visits they logged."""
    return user.role == Role.ADMIN or (user.role == Role.OFFICER and visit.officer_id == user.id)


def cooperative_choices(user: User, province_code: int | None = None) -> list[Cooperative]:
    """Active cooperatives ``user`` may act on (in one province if given), by name."""
    stmt = visible_cooperatives(user).where(Cooperative.status == CooperativeStatus.ACTIVE)
    if province_code is not None:
        stmt = stmt.where(Cooperative.province_code == province_code)
    found = db.session.execute(stmt).scalars()
    return sorted(found, key=lambda c: fold(c.legal_name))


def province_choices(user: User) -> list[areas.Area]:
    """The provinces ``user`` may log visits in: all for admins, the covered ones otherwise."""
    if user.role == Role.ADMIN:
        return list(areas.provinces())
    covered = {a.province_code for a in user.areas}
    return [p for p in areas.provinces() if p.code in covered]


def commune_choices_for(user: User, province_code: int | None) -> list[areas.Area]:
    """The communes of a province that ``user`` may log visits in."""
    return [c for c in areas.communes(province_code) if covers_area(user, province_code, c.code)]


# --- saving ---------------------------------------------------------------------------------


def problems(user: User, data: VisitData, today: date) -> dict[str, object]:
    """What is wrong with ``data`` for ``user`` on ``today``; empty when it may be saved."""
    errors: dict[str, object] = {}
    if data.kind not in set(VisitKind):
        errors["kind"] = _l("Choose a visit or a training.")
    if data.visited_on > today:
        errors["visited_on"] = _l("The date cannot be in the future.")
    elif data.visited_on < add_months(today, -OLDEST_MONTHS):
        errors["visited_on"] = _l("This date is more than 2 years ago. Check the year.")
    if areas.province(data.province_code) is None:
        errors["province_code"] = _l("Unknown province code.")
    elif not areas.commune_in_province(data.commune_code, data.province_code):
        errors["commune_code"] = _l("This commune code is unknown or not in the chosen province.")
    elif user.role != Role.ADMIN and data.province_code not in {
        a.province_code for a in user.areas
    }:
        errors["province_code"] = _l("This province is outside the area you cover.")
    elif not covers_area(user, data.province_code, data.commune_code):
        errors["commune_code"] = _l("This commune is outside the area you cover.")
    return errors


def _chosen_cooperatives(user: User, data: VisitData, errors: dict) -> list[Cooperative]:
    """The cooperatives picked, each one checked: in the user's area and the visit's province."""
    if not data.cooperative_ids:
        return []
    allowed = {c.id: c for c in cooperative_choices(user)}
    if any(i not in allowed for i in data.cooperative_ids):
        errors["cooperative_ids"] = _l(
            "One of the chosen cooperatives is outside your area. Choose from the list."
        )
        return []
    chosen = [allowed[i] for i in dict.fromkeys(data.cooperative_ids)]
    if any(c.province_code != data.province_code for c in chosen):
        errors["cooperative_ids"] = _l("Choose only cooperatives in the province of the visit.")
    return chosen


def save_visit(
    user: User, data: VisitData, today: date, visit: SupportVisit | None = None
) -> SupportVisit:
    """Log a new visit by ``user``, or update ``visit``; all or nothing.

    Cooperatives already on the visit that ``user`` cannot choose (another officer's area,
    archived since) stay on it: the form never showed them, so it cannot have removed them.
    """
    if user.role not in LOGGERS:
        raise ServiceError({"topic": _l("Only officers and administrators log visits.")})
    errors = problems(user, data, today)
    chosen = _chosen_cooperatives(user, data, errors)
    if errors:
        raise ServiceError(errors)
    if visit is None:
        visit = SupportVisit(officer_id=user.id)
        db.session.add(visit)
        hidden = []
    else:
        choosable = {c.id for c in cooperative_choices(user)}
        hidden = [c for c in visit.cooperatives if c.id not in choosable]
    for f in fields(data):
        if f.name != "cooperative_ids":
            setattr(visit, f.name, getattr(data, f.name))
    visit.cooperatives = hidden + chosen
    db.session.commit()
    return visit


def delete_visit(visit: SupportVisit) -> None:
    db.session.delete(visit)
    db.session.commit()


# --- the list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The list's filters; every field optional."""

    start: date | None = None
    end: date | None = None
    commune_code: int | None = None

    def as_args(self) -> dict[str, str]:
        """The query-string form, for the pager's links."""
        args = {"start": self.start, "end": self.end, "commune": self.commune_code}
        return {k: str(v) for k, v in args.items() if v is not None}


@dataclass
class VisitRow:
    visit: SupportVisit
    editable: bool


def filtered_visits(user: User, filters: Filters) -> Select:
    """The visits ``user`` sees under ``filters``, newest first."""
    stmt = visible_visits(user)
    if filters.start:
        stmt = stmt.where(SupportVisit.visited_on >= filters.start)
    if filters.end:
        stmt = stmt.where(SupportVisit.visited_on <= filters.end)
    if filters.commune_code:
        stmt = stmt.where(SupportVisit.commune_code == filters.commune_code)
    return stmt.order_by(SupportVisit.visited_on.desc(), SupportVisit.id.desc())


def with_details(visits: Select) -> Select:
    """Load each visit's officer and cooperatives with it (two queries per page, not 2n)."""
    return visits.options(joinedload(SupportVisit.officer), selectinload(SupportVisit.cooperatives))


def visit_rows(user: User, visits) -> list[VisitRow]:
    return [VisitRow(v, can_edit_visit(user, v)) for v in visits]


def commune_choices(user: User) -> list[tuple[int, int]]:
    """(commune code, province code) of the communes where the viewer sees visits."""
    stmt = (
        visible_visits(user)
        .with_only_columns(SupportVisit.commune_code, SupportVisit.province_code)
        .distinct()
    )
    return sorted(db.session.execute(stmt).all(), key=lambda r: (r[1], r[0]))
