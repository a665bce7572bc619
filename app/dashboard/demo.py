"""Demo data for the home pages: a member with a few believable next steps, an officer with
a few cooperatives needing help.

- HTX Lâm Bình has a new peanut batch, dug up last week, on which nothing is recorded yet
  (no harvest, no labels) and a new product waiting for its photos.
- Two onboarding steps were left in progress weeks ago (stalled).

Idempotent: the batch is looked up by its public code, the product by its slug; the stalled
steps are only moved back in time while they are still in progress.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..clock import local_today
from ..extensions import db
from ..models import Cooperative, Marketplace, OnboardingStep, Step, StepStatus
from ..products.demo import _variant, demo_product
from ..products.services import ProductData, save_product
from ..services import ServiceError
from ..trace.demo import _plot, demo_batch
from ..trace.services import BatchData, save_batch

NEW_BATCH = "TQPNT2610A"  # LB-LAC-2026-10: the October peanuts, nothing recorded yet
NEW_PRODUCT = ProductData(
    name="Măng khô Lâm Bình",
    category="processed.other",
    unit="túi",
    description="Măng vầu rừng Lâm Bình luộc kỹ, phơi khô trên gác bếp.",
    origin_province_code=8,
    origin_commune_code=2266,
    shelf_life_days=365,
    variants=[_variant(0, "LB-MANG-250", "Túi 250 g", 85_000, "250", "g", 280, (25, 18, 4))],
)
# (cooperative slug, marketplace, step, days since anyone touched it)
STALLED = [
    ("htx-lam-binh", Marketplace.POSTMART, Step.FIRST_LISTING, 19),
    ("htx-minh-xuan", Marketplace.VOSO, Step.SELLER_ACCOUNT, 23),
]


def _cooperative(slug: str) -> Cooperative | None:
    return db.session.execute(
        select(Cooperative).where(Cooperative.slug == slug)
    ).scalar_one_or_none()


def _new_batch(today: date) -> list[str]:
    peanuts = demo_product("htx-lam-binh", "lac-do-lam-binh")
    if peanuts is None or demo_batch(NEW_BATCH) is not None:
        return []
    plot = _plot(peanuts.cooperative_id, "Nương Nà Va")
    data = BatchData(
        code="LB-LAC-2026-10",
        produced_on=date(2026, 10, 28),
        quantity=Decimal("540"),
        unit="kg",
        plot_id=plot.id if plot else None,
        notes="Lạc vụ thu, nhổ xong đang phơi.",
    )
    try:
        save_batch(peanuts, data, today, public_code=NEW_BATCH)
    except ServiceError as exc:  # a user already took the batch code
        return [f"batch {NEW_BATCH} skipped: {exc}"]
    return [f"batch {NEW_BATCH} {data.code}"]


def _new_product(today: date) -> list[str]:
    cooperative = _cooperative("htx-lam-binh")
    if cooperative is None or demo_product("htx-lam-binh", "mang-kho-lam-binh") is not None:
        return []
    try:
        save_product(cooperative, NEW_PRODUCT, today)
    except ServiceError as exc:
        return [f"product htx-lam-binh/mang-kho-lam-binh skipped: {exc}"]
    return ["product htx-lam-binh/mang-kho-lam-binh"]


def _stalled_steps() -> list[str]:
    lines = []
    now = datetime.now(UTC)
    for slug, marketplace, step, days in STALLED:
        row = db.session.execute(
            select(OnboardingStep)
            .join(Cooperative, Cooperative.id == OnboardingStep.cooperative_id)
            .where(Cooperative.slug == slug, OnboardingStep.marketplace == marketplace)
            .where(OnboardingStep.step == step, OnboardingStep.status == StepStatus.IN_PROGRESS)
        ).scalar_one_or_none()
        if row is not None and (now - _aware(row.updated_at)).days < days:
            row.updated_at = now - timedelta(days=days)
            lines.append(f"onboarding {slug} {marketplace} {step} stalled {days} days")
    db.session.commit()
    return lines


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def seed_home() -> list[str]:
    """Add what the home pages' demo needs; return lines to print."""
    today = local_today()
    return _new_batch(today) + _new_product(today) + _stalled_steps()
