"""Visit and training totals: one grouped query per figure, whatever the number of visits.

Each function takes a select() of SupportVisit — ``services.visible_visits(user)``, with any
filters — and an inclusive date range. ``services`` re-exports them for the dashboard.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, distinct, func, select

from .. import areas
from ..extensions import db
from ..models import SupportVisit, User, VisitKind, visit_cooperatives
from ..text import fold


@dataclass(frozen=True)
class OfficerTotals:
    officer_id: int
    name: str
    visits: int
    trainings: int
    people_guided: int
    cooperatives: int  # distinct cooperatives reached


@dataclass(frozen=True)
class CommuneTotals:
    province_code: int
    commune_code: int
    visits: int
    trainings: int
    people_guided: int

    @property
    def place(self) -> str:
        return areas.place_name(self.commune_code, self.province_code)


@dataclass(frozen=True)
class ProvinceTotals:
    province_code: int
    people_guided: int
    officers: int  # officers with at least one visit or training in the range

    @property
    def name(self) -> str:
        found = areas.province(self.province_code)
        return found.name if found else str(self.province_code)

    @property
    def per_officer(self) -> float:
        """People guided per team member: total people over officers with visits."""
        return self.people_guided / self.officers if self.officers else 0.0


@dataclass(frozen=True)
class Totals:
    visits: int = 0
    trainings: int = 0
    people_guided: int = 0
    cooperatives: int = 0
    officers: int = 0


def _name(area: areas.Area | None) -> str:
    return fold(area.name) if area else ""


def _ids(visits: Select, start: date, end: date):
    """The ids of ``visits`` dated from ``start`` to ``end``, as a subquery."""
    return (
        visits.with_only_columns(SupportVisit.id)
        .where(SupportVisit.visited_on.between(start, end))
        .order_by(None)
    )


def _counts():
    is_visit = case((SupportVisit.kind == VisitKind.VISIT.value, 1), else_=0)
    is_training = case((SupportVisit.kind == VisitKind.TRAINING.value, 1), else_=0)
    return (
        func.coalesce(func.sum(is_visit), 0),
        func.coalesce(func.sum(is_training), 0),
        func.coalesce(func.sum(SupportVisit.people_guided), 0),
    )


def _reached(ids, group):
    """Distinct cooperatives reached, grouped by ``group`` (a SupportVisit column)."""
    stmt = (
        select(group, func.count(distinct(visit_cooperatives.c.cooperative_id)))
        .join(visit_cooperatives, visit_cooperatives.c.visit_id == SupportVisit.id)
        .where(SupportVisit.id.in_(ids))
        .group_by(group)
    )
    return dict(db.session.execute(stmt).all())


def totals_by_officer(visits: Select, start: date, end: date) -> list[OfficerTotals]:
    """Per officer, from ``start`` to ``end`` inclusive: visits, trainings, people, cooperatives.

    ``visits`` is a select() of SupportVisit such as :func:`visible_visits` (with any
    filters). Sorted by the officer's name.
    """
    ids = _ids(visits, start, end)
    stmt = (
        select(SupportVisit.officer_id, User.name, *_counts())
        .join(User, User.id == SupportVisit.officer_id)
        .where(SupportVisit.id.in_(ids))
        .group_by(SupportVisit.officer_id, User.name)
    )
    reached = _reached(ids, SupportVisit.officer_id)
    rows = [
        OfficerTotals(officer_id, name, visits_, trainings, people, reached.get(officer_id, 0))
        for officer_id, name, visits_, trainings, people in db.session.execute(stmt)
    ]
    return sorted(rows, key=lambda r: (fold(r.name), r.officer_id))


def totals_by_commune(visits: Select, start: date, end: date) -> list[CommuneTotals]:
    """Per commune, from ``start`` to ``end`` inclusive: visits, trainings, people guided.

    Sorted by province, then most people guided first.
    """
    stmt = (
        select(SupportVisit.province_code, SupportVisit.commune_code, *_counts())
        .where(SupportVisit.id.in_(_ids(visits, start, end)))
        .group_by(SupportVisit.province_code, SupportVisit.commune_code)
    )
    rows = [CommuneTotals(*row) for row in db.session.execute(stmt)]
    return sorted(rows, key=lambda r: (_name(areas.province(r.province_code)), -r.people_guided))


def totals_by_province(visits: Select, start: date, end: date) -> list[ProvinceTotals]:
    """Per province: people guided and officers with visits (for people per team member)."""
    stmt = (
        select(
            SupportVisit.province_code,
            func.coalesce(func.sum(SupportVisit.people_guided), 0),
            func.count(distinct(SupportVisit.officer_id)),
        )
        .where(SupportVisit.id.in_(_ids(visits, start, end)))
        .group_by(SupportVisit.province_code)
    )
    rows = [ProvinceTotals(*row) for row in db.session.execute(stmt)]
    return sorted(rows, key=lambda r: fold(r.name))


def overall_totals(visits: Select, start: date, end: date) -> Totals:
    """All of ``visits`` from ``start`` to ``end``: the line above the tables."""
    ids = _ids(visits, start, end)
    row = db.session.execute(
        select(*_counts(), func.count(distinct(SupportVisit.officer_id))).where(
            SupportVisit.id.in_(ids)
        )
    ).one()
    visits_, trainings, people, officers = tuple(row)
    cooperatives = db.session.execute(
        select(func.count(distinct(visit_cooperatives.c.cooperative_id))).where(
            visit_cooperatives.c.visit_id.in_(ids)
        )
    ).scalar_one()
    return Totals(visits_, trainings, people, cooperatives, officers)
