"""Demo history: a few changes by the demo's people, back-dated, so that the log has names in
it and not only the seeding's own "added" entries (which the session hook writes as System).

They are written as the hook would have written them, ending at today's values, so that the
demo data itself stays as the other seeds leave it. Idempotent: skipped once the member has
an entry.
"""

from datetime import timedelta

from sqlalchemy import insert, select

from ..extensions import db
from ..models import Activity, Batch, Cooperative, OnboardingStep, Product, StepStatus, User
from ..models.base import utcnow
from .recorder import json_value

MEMBER = "hoa@htxlambinh.example.vn"
OFFICER = "lan.khuyennong@tuyenquang.example.vn"


def _first(stmt):
    return db.session.execute(stmt.limit(1)).scalars().first()


def _row(days: int, who: User, coop: Cooperative, kind: str, subject, label: str, changes):
    return {
        "at": utcnow() - timedelta(days=days, hours=days % 5),
        "actor_id": who.id,
        "actor_name": who.name,
        "cooperative_id": coop.id,
        "subject_type": kind,
        "subject_id": subject.id,
        "subject_label": label,
        "action": "changed",
        "changes": changes,
    }


def _rows(coop: Cooperative, member: User, officer: User) -> list[dict]:
    rows = []
    product = _first(select(Product).where(Product.cooperative_id == coop.id).order_by(Product.id))
    if product is not None and product.variants:
        variant = product.variants[0]
        price = [variant.price_vnd - 5_000, variant.price_vnd]
        label = f"{variant.name} · {variant.sku}"
        rows.append(_row(9, member, coop, "variant", variant, label, {"price_vnd": price}))
    step = _first(
        select(OnboardingStep)
        .where(OnboardingStep.cooperative_id == coop.id, OnboardingStep.status == StepStatus.DONE)
        .order_by(OnboardingStep.id)
    )
    if step is not None:
        label = f"{json_value(step.marketplace)}/{json_value(step.step)}"
        changes = {"status": ["in_progress", "done"], "done_on": [None, json_value(step.done_on)]}
        rows.append(_row(6, officer, coop, "onboarding_step", step, label, changes))
    batch = _first(select(Batch).where(Batch.cooperative_id == coop.id).order_by(Batch.id))
    if batch is not None and batch.quantity is not None:
        quantity = [json_value(batch.quantity + 20), json_value(batch.quantity)]
        rows.append(_row(3, member, coop, "batch", batch, batch.code, {"quantity": quantity}))
    return rows


def seed_activity() -> list[str]:
    """Write the demo history once (after the other seeds)."""
    member = _first(select(User).where(User.email == MEMBER))
    officer = _first(select(User).where(User.email == OFFICER))
    coop = member.cooperative if member is not None else None
    if coop is None or officer is None:
        return []
    if _first(select(Activity.id).where(Activity.actor_id == member.id)) is not None:
        return []
    rows = _rows(coop, member, officer)
    if rows:
        db.session.execute(insert(Activity), rows)
    db.session.commit()
    return [f"activity history {coop.slug} ({len(rows)} changes by its people)"]
