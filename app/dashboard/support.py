"""For officers: the cooperatives in their area that need help, each with its reasons.

Starts from ``access.visible_cooperatives(user)``, so an officer never sees another area's
cooperatives. One grouped query per reason, then one to load the cooperatives shown: the
same few queries whatever the size of the area.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import distinct, exists, func, select

from ..certificates.services import certificate_label
from ..enums import LabelledEnum
from ..extensions import db
from ..i18n import fmt_date
from ..models import (
    Batch,
    BatchStatus,
    Certificate,
    Cooperative,
    LabelRun,
    Listing,
    ListingStatus,
    OnboardingStep,
    Product,
    ProductStatus,
    RunStatus,
    StepStatus,
)
from ..onboarding.services import marketplace_name
from .todo import certificates_due

STALLED_DAYS = 14  # a step in progress untouched this long is stalled
SHOWN = 10


class HelpReason(LabelledEnum):
    """In order of urgency."""

    CERTIFICATE_EXPIRED = "certificate_expired", _l("Certificate expired")
    STALLED_STEP = "stalled_step", _l("Onboarding stalled")
    CERTIFICATE_EXPIRING = "certificate_expiring", _l("Certificate expiring")
    NO_PRODUCT = "no_product", _l("No product yet")
    BLOCKED = "blocked", _l("Listings blocked")
    NO_LABELS = "no_labels", _l("No labels printed")


_RANK = {reason: n for n, reason in enumerate(HelpReason)}


@dataclass(frozen=True)
class Need:
    """One reason a cooperative needs help, and where to help."""

    reason: HelpReason
    params: dict[str, Any]
    endpoint: str
    args: dict[str, Any]
    weight: int = 0  # within a reason: the larger, the more urgent (days stalled, overdue)

    @property
    def text(self) -> str:
        p = self.params
        if self.reason == HelpReason.CERTIFICATE_EXPIRED:
            return _("%(certificate)s certificate expired on %(date)s", **p)
        if self.reason == HelpReason.CERTIFICATE_EXPIRING:
            return _("%(certificate)s certificate expires on %(date)s", **p)
        if self.reason == HelpReason.STALLED_STEP:
            return _("“%(step)s” on %(marketplace)s in progress for %(days)d days", **p)
        if self.reason == HelpReason.NO_PRODUCT:
            return _("No product registered yet")
        if self.reason == HelpReason.BLOCKED:
            return ngettext(
                "%(num)d variant blocked on %(marketplace)s (readiness check)",
                "%(num)d variants blocked on %(marketplace)s (readiness check)",
                p["num"],
                marketplace=p["marketplace"],
            )
        return _("Open batches, but no labels printed yet")


@dataclass
class NeedyCooperative:
    cooperative: Cooperative
    needs: list[Need] = field(default_factory=list)


@dataclass
class NeedsHelp:
    cooperatives: list[NeedyCooperative] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.cooperatives)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _certificates(ids, today: date) -> list[tuple[int, Need]]:
    rows = db.session.execute(
        select(Certificate).where(Certificate.cooperative_id.in_(ids), certificates_due(today))
    ).scalars()
    found = []
    for cert in rows:
        expires = cert.expires_on or today  # a due certificate always has its expiry
        found.append(
            (
                cert.cooperative_id,
                Need(
                    HelpReason.CERTIFICATE_EXPIRED
                    if expires < today
                    else HelpReason.CERTIFICATE_EXPIRING,
                    {"certificate": certificate_label(cert), "date": fmt_date(expires)},
                    "certificates.edit",
                    {"cooperative_id": cert.cooperative_id, "certificate_id": cert.id},
                    (today - expires).days,
                ),
            )
        )
    return found


def _stalled(ids, now: datetime) -> list[tuple[int, Need]]:
    rows = db.session.execute(
        select(OnboardingStep).where(
            OnboardingStep.cooperative_id.in_(ids),
            OnboardingStep.status == StepStatus.IN_PROGRESS,
            OnboardingStep.updated_at <= now - timedelta(days=STALLED_DAYS),
        )
    ).scalars()
    found = []
    for row in rows:
        days = (now - _aware(row.updated_at)).days
        params = {"step": row.step.label, "marketplace": marketplace_name(row.marketplace)}
        params["days"] = days
        args = {"cooperative_id": row.cooperative_id, "marketplace": row.marketplace.value}
        args["step"] = row.step.value
        found.append(
            (
                row.cooperative_id,
                Need(HelpReason.STALLED_STEP, params, "onboarding.edit", args, days),
            )
        )
    return found


def _without_products(ids) -> list[tuple[int, Need]]:
    has_product = exists().where(
        Product.cooperative_id == Cooperative.id, Product.status != ProductStatus.ARCHIVED
    )
    rows = db.session.execute(select(Cooperative.id).where(Cooperative.id.in_(ids), ~has_product))
    return [
        (cid, Need(HelpReason.NO_PRODUCT, {}, "products.create", {"cooperative": cid}))
        for (cid,) in rows
    ]


def _blocked(ids) -> list[tuple[int, Need]]:
    """Variants a readiness check left in draft (something blocks them), per marketplace."""
    rows = db.session.execute(
        select(
            Product.cooperative_id, Listing.marketplace, func.count(distinct(Listing.variant_id))
        )
        .join(Product, Product.id == Listing.product_id)
        .where(Product.cooperative_id.in_(ids), Listing.status == ListingStatus.DRAFT)
        .where(Product.status != ProductStatus.ARCHIVED)
        .group_by(Product.cooperative_id, Listing.marketplace)
    )
    return [
        (
            cid,
            Need(
                HelpReason.BLOCKED,
                {"num": count, "marketplace": marketplace_name(marketplace)},
                "exports.check",
                {"cooperative": cid, "marketplace": marketplace},
                count,
            ),
        )
        for cid, marketplace, count in rows
    ]


def _without_labels(ids) -> list[tuple[int, Need]]:
    open_batch = exists().where(
        Batch.cooperative_id == Cooperative.id, Batch.status == BatchStatus.OPEN
    )
    printed = (
        select(Batch.cooperative_id)
        .join(LabelRun, LabelRun.batch_id == Batch.id)
        .where(LabelRun.status != RunStatus.FAILED)
    )
    rows = db.session.execute(
        select(Cooperative.id).where(
            Cooperative.id.in_(ids), open_batch, Cooperative.id.not_in(printed)
        )
    )
    args = {"status": BatchStatus.OPEN.value}
    return [
        (cid, Need(HelpReason.NO_LABELS, {}, "trace.batches", {**args, "cooperative": cid}))
        for (cid,) in rows
    ]


def _urgency(needs: list[Need]) -> tuple:
    top = needs[0]
    return (_RANK[top.reason], -top.weight)


def needs_help(cooperatives, today: date, now: datetime | None = None) -> NeedsHelp:
    """The cooperatives of ``cooperatives`` (a select()) that need help, most urgent first."""
    now = now or datetime.now(UTC)
    ids = cooperatives.with_only_columns(Cooperative.id).order_by(None)
    by_cooperative: dict[int, list[Need]] = {}
    for cid, need in (
        _certificates(ids, today)
        + _stalled(ids, now)
        + _without_products(ids)
        + _blocked(ids)
        + _without_labels(ids)
    ):
        by_cooperative.setdefault(cid, []).append(need)
    for needs in by_cooperative.values():
        needs.sort(key=lambda need: (_RANK[need.reason], -need.weight))
    ranked = sorted(by_cooperative, key=lambda cid: (_urgency(by_cooperative[cid]), cid))
    shown = ranked[:SHOWN]
    loaded = (
        {
            c.id: c
            for c in db.session.execute(
                select(Cooperative).where(Cooperative.id.in_(shown))
            ).scalars()
        }
        if shown
        else {}
    )
    return NeedsHelp(
        [NeedyCooperative(loaded[cid], by_cooperative[cid]) for cid in shown], len(ranked)
    )
