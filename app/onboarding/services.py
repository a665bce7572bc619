"""Reading and saving the onboarding checklist; progress figures for other features.

For the dashboard and reports: :func:`progress` (per cooperative and marketplace) and
:func:`reached_steps` (per step, cooperatives that reached it). For the pages:
:func:`checklist`, :func:`summary` and :func:`save_step`. Each figure is one grouped query.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, distinct, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from .. import storage
from ..extensions import db
from ..models import (
    Cooperative,
    CooperativeStatus,
    Marketplace,
    OnboardingStep,
    Role,
    Step,
    StepStatus,
    User,
)
from ..services import ServiceError
from .rules import NATIONAL, is_web_url, marketplace_or_none, problems

# Private: served only by the view that checks who asks. Short, because the key column is 80
# characters: "proofs/aa/<64 hex>.webp" is 79.
EVIDENCE_FOLDER = "proofs"
EVIDENCE_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}
CONFIRMERS = (Role.ADMIN, Role.OFFICER)


@dataclass
class StepData:
    status: str
    done_on: date | None = None
    evidence_url: str | None = ""  # None once checked and empty, as the row stores it
    evidence_note: str = ""


@dataclass
class EvidenceFile:
    """An uploaded file already judged by its content: bytes, real extension, file name."""

    data: bytes
    ext: str
    name: str


@dataclass
class StepRow:
    """One step of one marketplace as the checklist shows it; ``row`` is None until saved."""

    step: Step
    row: OnboardingStep | None = None

    @property
    def status(self) -> str:
        return self.row.status if self.row else StepStatus.TODO

    @property
    def label(self) -> str:
        return str(self.step.label)

    @property
    def status_label(self) -> str:
        return StepStatus.label_of(self.status)

    @property
    def link(self) -> str | None:
        """The evidence URL, only if it is a web address (never ``javascript:``)."""
        url = self.row.evidence_url if self.row else None
        return url if is_web_url(url) else None


@dataclass
class MarketplaceChecklist:
    marketplace: Marketplace
    steps: list[StepRow] = field(default_factory=list)

    @property
    def name(self) -> str:
        return marketplace_name(self.marketplace)

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.status == StepStatus.DONE)

    @property
    def applicable(self) -> int:
        return sum(1 for s in self.steps if s.status != StepStatus.NOT_APPLICABLE)

    @property
    def in_play(self) -> bool:
        """Voso.vn and Postmart.vn always; another marketplace once a step was recorded."""
        return self.marketplace in NATIONAL or any(s.row is not None for s in self.steps)


@dataclass(frozen=True)
class Progress:
    """Steps done out of the steps that apply, on one marketplace or on several."""

    marketplace: str | None
    done: int
    applicable: int

    @property
    def name(self) -> str:
        return marketplace_name(self.marketplace) if self.marketplace else ""

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.applicable) if self.applicable else 0


def marketplace_name(marketplace: str) -> str:
    return Marketplace.label_of(marketplace)


def is_read_only(cooperative: Cooperative) -> bool:
    """Archived cooperatives keep their checklist as it was."""
    return cooperative.status == CooperativeStatus.ARCHIVED


def may_confirm(user: User) -> bool:
    """Officers and administrators confirm steps as done; members record progress."""
    return user.role in CONFIRMERS


def step_of(cooperative: Cooperative, marketplace: str, step: str) -> OnboardingStep | None:
    """The saved row of one step, or None while it is still an untouched "to do"."""
    return db.session.execute(
        select(OnboardingStep).where(
            OnboardingStep.cooperative_id == cooperative.id,
            OnboardingStep.marketplace == marketplace,
            OnboardingStep.step == step,
        )
    ).scalar_one_or_none()


def checklist(cooperative: Cooperative) -> list[MarketplaceChecklist]:
    """Every marketplace with its seven steps in order, Voso.vn and Postmart.vn first."""
    rows = db.session.execute(
        select(OnboardingStep)
        .options(joinedload(OnboardingStep.confirmed_by))
        .where(OnboardingStep.cooperative_id == cooperative.id)
    ).scalars()
    saved = {(r.marketplace, r.step): r for r in rows}
    return [
        MarketplaceChecklist(m, [StepRow(s, saved.get((m, s))) for s in Step]) for m in Marketplace
    ]


def overall(lists: list[MarketplaceChecklist]) -> Progress:
    """The sum over the marketplaces in play."""
    playing = [m for m in lists if m.in_play]
    return Progress(None, sum(m.done for m in playing), sum(m.applicable for m in playing))


def summary(cooperative: Cooperative) -> list[Progress]:
    """Progress on each marketplace in play, for the cooperative's page."""
    found = progress([cooperative.id])[cooperative.id]
    return [
        Progress(m, *found.get(m, (0, len(Step))))
        for m in Marketplace
        if m in NATIONAL or m in found
    ]


def _changed(row: OnboardingStep, data: StepData) -> bool:
    return any(getattr(row, name) != value for name, value in vars(data).items())


def _apply(row, data, actor, evidence, remove_evidence) -> None:
    changed = _changed(row, data) or evidence is not None or remove_evidence
    for name, value in vars(data).items():
        setattr(row, name, value)
    if evidence is not None:
        row.evidence_key = storage.save(evidence.data, EVIDENCE_FOLDER, evidence.ext)
        row.evidence_name = evidence.name
    elif remove_evidence:
        row.evidence_key = row.evidence_name = None
    if data.status != StepStatus.DONE:
        row.confirmed_by_id = None
    elif changed or row.confirmed_by_id is None:
        row.confirmed_by_id = actor.id  # whoever last vouched for what the row says


def save_step(
    cooperative: Cooperative,
    marketplace: Marketplace,
    step: Step,
    data: StepData,
    today: date,
    *,
    actor: User,
    evidence: EvidenceFile | None = None,
    remove_evidence: bool = False,
) -> OnboardingStep:
    """Record one step of ``cooperative`` on ``marketplace``; all or nothing.

    The row is created on first save. Every rule is checked before anything is touched; a
    file is written only when the whole step is valid. ``confirmed_by`` is ``actor`` whenever
    a done step is saved with a change, and is cleared when the step is no longer done.
    """
    if is_read_only(cooperative):
        raise ServiceError(
            {"status": _l("This cooperative is archived: its checklist is read-only.")}
        )
    row = step_of(cooperative, marketplace, step)
    data.evidence_url = data.evidence_url or ""
    if data.status != StepStatus.DONE:
        data.done_on = None  # the date says when it was done; nothing else
    kept = bool(row and row.evidence_key) and not remove_evidence
    errors = problems(
        step,
        data.status,
        data.done_on,
        data.evidence_url,
        bool(data.evidence_note or evidence or kept),
        today,
        may_confirm=may_confirm(actor),
        was_done=bool(row and row.status == StepStatus.DONE),
    )
    if errors:
        raise ServiceError(errors)
    data.evidence_url = data.evidence_url or None
    for _attempt in range(2):
        if row is None:
            row = OnboardingStep(cooperative_id=cooperative.id, marketplace=marketplace, step=step)
            db.session.add(row)
        _apply(row, data, actor, evidence, remove_evidence)
        try:
            db.session.commit()
            return row
        except IntegrityError:  # someone created the same row a moment ago: update theirs
            db.session.rollback()
            row = step_of(cooperative, marketplace, step)
            if row is None:
                raise
    raise RuntimeError("unreachable")


def _made_row(cooperative: Cooperative, marketplace: Marketplace, step: Step) -> OnboardingStep:
    """The step's row, made "to do" if missing; a row another request makes meanwhile is
    the one returned (ON CONFLICT DO NOTHING, SQLite and PostgreSQL), so a first listing
    marked live by two officers at once never fails the whole submission."""
    dialect = db.session.get_bind().dialect.name
    insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert_(OnboardingStep)
        .values(cooperative_id=cooperative.id, marketplace=marketplace, step=step)
        .on_conflict_do_nothing(index_elements=["cooperative_id", "marketplace", "step"])
    )
    row = step_of(cooperative, marketplace, step)
    assert row is not None  # made above, or by the other request
    return row


def listing_went_live(
    cooperative: Cooperative, marketplace: str, url: str, today: date, actor: User | None
) -> OnboardingStep | None:
    """A listing of ``cooperative`` went live at ``url``: its "first listing live" step on
    that marketplace follows, in the caller's transaction (nothing is committed here).

    An officer's or administrator's word makes it done (``done_on`` today, ``confirmed_by``
    them, the live address as evidence), as their tick would; a member's records it in
    progress with the address, for the officer to confirm (app/onboarding/rules.py). A step
    done already is never touched, nor is an archived cooperative's checklist or a
    marketplace without a checklist (Google, Shopify...).
    """
    market = marketplace_or_none(marketplace)
    if market is None or actor is None or is_read_only(cooperative):
        return None
    row = step_of(cooperative, market, Step.FIRST_LISTING)
    if row is not None and row.status == StepStatus.DONE:
        return row
    if not may_confirm(actor) and row is not None and row.status != StepStatus.TODO:
        return row  # the member's own record stands until an officer confirms it
    if row is None:
        row = _made_row(cooperative, market, Step.FIRST_LISTING)
        if row.status == StepStatus.DONE:
            return row  # another request ticked it a moment ago
    row.evidence_url = url
    if may_confirm(actor):
        row.status, row.done_on, row.confirmed_by_id = StepStatus.DONE, today, actor.id
    else:
        row.status = StepStatus.IN_PROGRESS
    return row


def evidence_mimetype(key: str) -> str:
    return EVIDENCE_TYPES.get(key.rsplit(".", 1)[-1], "application/octet-stream")


def _ids_filter(cooperatives):
    """A select() of cooperatives (or of their ids) becomes an id subquery; ids stay a list."""
    if isinstance(cooperatives, Select):
        return cooperatives.with_only_columns(Cooperative.id).order_by(None)
    return list(cooperatives)


def progress(
    cooperative_ids: Iterable[int] | Select,
) -> dict[int, dict[Marketplace, tuple[int, int]]]:
    """Per cooperative and marketplace with a recorded step: (steps done, steps that apply).

    One grouped query. A marketplace without any recorded step is left out (it stands at
    ``(0, len(Step))``); every id given as a list is a key, with ``{}`` when nothing is
    recorded. ``cooperative_ids`` may also be a select() of cooperatives (keys then only for
    those with steps). Steps marked not applicable do not count in either figure; marketplaces
    come in the order of :class:`Marketplace` (Voso.vn, Postmart.vn first).
    """
    ids = _ids_filter(cooperative_ids)
    result: dict[int, dict[Marketplace, tuple[int, int]]] = (
        {i: {} for i in ids} if isinstance(ids, list) else {}
    )
    if isinstance(ids, list) and not ids:
        return result
    done = func.sum(case((OnboardingStep.status == StepStatus.DONE, 1), else_=0))
    not_applicable = func.sum(
        case((OnboardingStep.status == StepStatus.NOT_APPLICABLE, 1), else_=0)
    )
    rows = db.session.execute(
        select(OnboardingStep.cooperative_id, OnboardingStep.marketplace, done, not_applicable)
        .where(OnboardingStep.cooperative_id.in_(ids))
        .group_by(OnboardingStep.cooperative_id, OnboardingStep.marketplace)
    ).all()
    order = {m.value: n for n, m in enumerate(Marketplace)}
    for coop_id, market, done_count, na_count in sorted(
        rows, key=lambda r: (r[0], order.get(r[1], len(order)))
    ):
        if market not in order:
            continue  # a value no longer in the enum: nothing to show it under
        result.setdefault(coop_id, {})[Marketplace(market)] = (
            int(done_count or 0),
            len(Step) - int(na_count or 0),
        )
    return result


def reached_steps(
    cooperatives: Select | Iterable[int], marketplace: str | None = None
) -> dict[Step, int]:
    """For each step, how many of ``cooperatives`` have it done on any marketplace.

    ``cooperatives`` is a select() of the cooperatives to count (for example
    ``access.visible_cooperatives(user)`` with filters) or a list of ids; ``marketplace``
    narrows the count to one. One grouped query; every step is a key, 0 when none reached it.
    A cooperative with the step done on two marketplaces counts once.
    """
    stmt = (
        select(OnboardingStep.step, func.count(distinct(OnboardingStep.cooperative_id)))
        .where(OnboardingStep.cooperative_id.in_(_ids_filter(cooperatives)))
        .where(OnboardingStep.status == StepStatus.DONE)
        .group_by(OnboardingStep.step)
    )
    if marketplace:
        stmt = stmt.where(OnboardingStep.marketplace == marketplace)
    counts = dict(db.session.execute(stmt).all())
    return {s: int(counts.get(s, 0)) for s in Step}
