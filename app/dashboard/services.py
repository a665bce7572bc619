"""Figures for the dashboard: the cooperatives in the viewer's area under the chosen filters,
the onboarding funnel, key counts and the rows of the cooperatives table.

Everything starts from ``access.visible_cooperatives(user)``, so an officer's figures only
ever count their own area. Each figure is one grouped query, whatever the number of
cooperatives.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, distinct, exists, func, select

from ..access import visible_cooperatives
from ..certificates.rules import EXPIRING_DAYS
from ..certificates.services import valid_on_clause
from ..enums import LabelledEnum
from ..extensions import db
from ..models import (
    Batch,
    Certificate,
    Cooperative,
    CooperativeStatus,
    LabelRun,
    Marketplace,
    OnboardingStep,
    Product,
    ProductImage,
    ProductStatus,
    RunStatus,
    Step,
    StepStatus,
    SupportVisit,
    User,
    visit_cooperatives,
)
from ..onboarding.services import progress, reached_steps

PAGE_SIZE = 50


class Stage(LabelledEnum):
    """The funnel, in the order a cooperative reaches its stages."""

    REGISTERED = "registered", _l("Registered")
    PRODUCTS_READY = "products_ready", _l("Products ready")
    LABELS_PRINTED = "labels_printed", _l("Labels printed")
    SELLER_ACCOUNT = "seller_account", _l("Seller account")
    FIRST_LISTING = "first_listing", _l("First listing live")
    FIRST_ORDER = "first_order", _l("First order")


# Stages read from the onboarding checklist; the others come from the features that own them.
STAGE_STEPS = {
    Stage.SELLER_ACCOUNT: Step.SELLER_ACCOUNT,
    Stage.FIRST_LISTING: Step.FIRST_LISTING,
    Stage.FIRST_ORDER: Step.FIRST_ORDER,
}
# Stages Lên Sàn does not record (their count is None, drawn as "not recorded"): none today.
UNTRACKED_STAGES: set[Stage] = set()


@dataclass(frozen=True)
class Filters:
    """What the officer narrowed the dashboard to; every field optional."""

    commune_code: int | None = None
    marketplace: str | None = None
    step: str | None = None
    step_done: bool = False  # with ``step``: done (True) or still to do (False)
    expiring: bool = False  # only cooperatives with a certificate expiring soon

    def as_args(self) -> dict[str, str]:
        """The query-string form, for links (the report download keeps the filters)."""
        args = {
            "commune": self.commune_code,
            "marketplace": self.marketplace,
            "step": self.step,
            "state": ("done" if self.step_done else "todo") if self.step else None,
            "expiring": "1" if self.expiring else None,
        }
        return {key: str(value) for key, value in args.items() if value is not None}


@dataclass(frozen=True)
class FunnelStage:
    stage: Stage
    label: str
    count: int | None  # None: not recorded in Lên Sàn yet

    @property
    def tracked(self) -> bool:
        return self.count is not None


@dataclass
class CooperativeRow:
    cooperative: Cooperative
    progress: dict[Marketplace, tuple[int, int]] = field(default_factory=dict)  # done, of
    expiring: int = 0  # certificates expiring within EXPIRING_DAYS


@dataclass(frozen=True)
class KeyCounts:
    cooperatives: int
    with_listing: int
    with_order: int
    expiring_certificates: int
    visits: int
    people_guided: int


def _step_done(step: str, marketplace: str | None):
    """EXISTS: the cooperative has ``step`` done (on ``marketplace``, or on any)."""
    condition = and_(
        OnboardingStep.cooperative_id == Cooperative.id,
        OnboardingStep.step == step,
        OnboardingStep.status == StepStatus.DONE,
    )
    if marketplace:
        condition = and_(condition, OnboardingStep.marketplace == marketplace)
    return exists().where(condition)


def _expiring_soon(today: date, days: int = EXPIRING_DAYS):
    return (
        exists()
        .where(Certificate.cooperative_id == Cooperative.id)
        .where(valid_on_clause(today))
        .where(Certificate.expires_on <= today + timedelta(days=days))
    )


def filtered_cooperatives(user: User, filters: Filters, today: date):
    """A select() of the active cooperatives ``user`` may act on, narrowed by ``filters``."""
    stmt = visible_cooperatives(user).where(Cooperative.status == CooperativeStatus.ACTIVE)
    if filters.commune_code:
        stmt = stmt.where(Cooperative.commune_code == filters.commune_code)
    if filters.step:
        done = _step_done(filters.step, filters.marketplace)
        stmt = stmt.where(done if filters.step_done else ~done)
    if filters.expiring:
        stmt = stmt.where(_expiring_soon(today))
    return stmt


def _ids(cooperatives):
    return cooperatives.with_only_columns(Cooperative.id).order_by(None)


def _count(cooperatives) -> int:
    return db.session.execute(
        select(func.count()).select_from(_ids(cooperatives).subquery())
    ).scalar_one()


def products_ready(cooperatives) -> int:
    """How many of ``cooperatives`` have a product on sale with at least one photo."""
    ready = (
        select(func.count(distinct(Product.cooperative_id)))
        .where(Product.cooperative_id.in_(_ids(cooperatives)))
        .where(Product.status == ProductStatus.ACTIVE)
        .where(exists().where(ProductImage.product_id == Product.id))
    )
    return db.session.execute(ready).scalar_one()


def labels_printed(cooperatives) -> int:
    """How many of ``cooperatives`` printed labels from Lên Sàn: at least one label run of
    one of their batches that did not fail (the member's to-dos count a batch as printed the
    same way, app/dashboard/todo.py)."""
    printed = (
        select(func.count(distinct(Batch.cooperative_id)))
        .where(Batch.cooperative_id.in_(_ids(cooperatives)))
        .where(exists().where(LabelRun.batch_id == Batch.id, LabelRun.status != RunStatus.FAILED))
    )
    return db.session.execute(printed).scalar_one()


def funnel(cooperatives, marketplace: str | None = None) -> list[FunnelStage]:
    """The onboarding funnel of ``cooperatives``; stages not recorded yet have count None."""
    reached = reached_steps(cooperatives, marketplace)
    total = _count(cooperatives)
    stages = []
    for stage in Stage:
        if stage == Stage.REGISTERED:
            count = total
        elif stage == Stage.PRODUCTS_READY:
            count = products_ready(cooperatives)
        elif stage == Stage.LABELS_PRINTED:
            count = labels_printed(cooperatives)
        elif stage in UNTRACKED_STAGES:
            count = None
        else:
            count = reached.get(STAGE_STEPS[stage], 0)
        stages.append(FunnelStage(stage, str(stage.label), count))
    return stages


def visit_totals(cooperatives, start: date, end: date) -> tuple[int, int]:
    """(visits, people guided) from ``start`` to ``end`` that reached any of ``cooperatives``.

    Counted through the cooperatives a visit reached, so the figure follows the dashboard's
    filters and never counts work outside the viewer's area.
    """
    stmt = select(
        func.count(SupportVisit.id), func.coalesce(func.sum(SupportVisit.people_guided), 0)
    )
    stmt = stmt.where(SupportVisit.visited_on.between(start, end))
    reached = (
        select(visit_cooperatives.c.visit_id)
        .where(visit_cooperatives.c.cooperative_id.in_(_ids(cooperatives)))
        .scalar_subquery()
    )
    stmt = stmt.where(SupportVisit.id.in_(reached))
    visits, people = db.session.execute(stmt).one()
    return visits, people


def key_counts(cooperatives, funnel_stages: list[FunnelStage], today: date) -> KeyCounts:
    # These three stages are always recorded: their counts are numbers.
    counts = {stage.stage: stage.count or 0 for stage in funnel_stages}
    visits, people = visit_totals(cooperatives, date(today.year, 1, 1), today)
    return KeyCounts(
        cooperatives=counts[Stage.REGISTERED],
        with_listing=counts[Stage.FIRST_LISTING],
        with_order=counts[Stage.FIRST_ORDER],
        expiring_certificates=_expiring_total(cooperatives, today),
        visits=visits,
        people_guided=people,
    )


def _expiring_certificates(today: date):
    """Certificates valid today that expire within EXPIRING_DAYS (the dashboard's warning)."""
    return (
        select(Certificate.cooperative_id, func.count(Certificate.id))
        .where(valid_on_clause(today))
        .where(Certificate.expires_on <= today + timedelta(days=EXPIRING_DAYS))
    )


def _expiring_total(cooperatives, today: date) -> int:
    stmt = _expiring_certificates(today).with_only_columns(func.count(Certificate.id))
    return db.session.execute(
        stmt.where(Certificate.cooperative_id.in_(_ids(cooperatives)))
    ).scalar_one()


def expiring_counts(cooperative_ids: list[int], today: date) -> dict[int, int]:
    if not cooperative_ids:
        return {}
    rows = db.session.execute(
        _expiring_certificates(today)
        .where(Certificate.cooperative_id.in_(cooperative_ids))
        .group_by(Certificate.cooperative_id)
    ).all()
    return dict(rows)


def cooperative_rows(cooperatives: list[Cooperative], today: date) -> list[CooperativeRow]:
    ids = [c.id for c in cooperatives]
    steps = progress(ids)
    expiring = expiring_counts(ids, today)
    return [CooperativeRow(c, steps.get(c.id, {}), expiring.get(c.id, 0)) for c in cooperatives]


def ordered(cooperatives):
    return cooperatives.order_by(
        Cooperative.province_code, Cooperative.commune_code, Cooperative.legal_name
    )


def commune_choices(user: User) -> list[tuple[int, int]]:
    """(commune code, province code) of the communes where the viewer has cooperatives."""
    stmt = (
        visible_cooperatives(user)
        .where(Cooperative.status == CooperativeStatus.ACTIVE)
        .with_only_columns(Cooperative.commune_code, Cooperative.province_code)
        .where(Cooperative.commune_code.is_not(None))
        .distinct()
        .order_by(None)
    )
    return sorted(db.session.execute(stmt).all(), key=lambda r: (r[1], r[0]))
