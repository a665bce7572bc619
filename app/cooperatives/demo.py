"""Demo change history: HTX Lâm Bình's new bank account recorded, and a move of HTX Xanh Di
Linh that its member asked for, waiting for the Lâm Đồng officer."""

from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import Cooperative, CooperativeChange, User
from ..models.base import utcnow
from .changes import record_changes, request_move

OLD_ACCOUNT = "8700100200300"  # Lâm Bình's account before it moved to the current one
NINH_GIA = (68, 24985)  # Xã Ninh Gia, Lâm Đồng: where Di Linh's member says it now sits


def _coop_and_member(slug: str, email: str):
    coop = db.session.execute(select(Cooperative).where(Cooperative.slug == slug)).scalar_one()
    user = db.session.execute(select(User).where(User.email == email)).scalar_one()
    return coop, user


def _has_history(coop: Cooperative) -> bool:
    stmt = select(CooperativeChange.id).where(CooperativeChange.cooperative_id == coop.id)
    return db.session.execute(stmt.limit(1)).first() is not None


def seed_cooperative_changes() -> list[str]:
    """Record the demo changes once (after the cooperatives' bank accounts are seeded)."""
    lines = []
    coop, member = _coop_and_member("htx-lam-binh", "hoa@htxlambinh.example.vn")
    if not _has_history(coop):
        current = coop.bank_account_number
        coop.bank_account_number = OLD_ACCOUNT
        record_changes(coop, {"bank_account_number": current}, member)
        coop.bank_account_number = current
        db.session.flush()
        for change in _changes(coop):
            change.created_at = utcnow() - timedelta(days=12)
        lines.append("change history htx-lam-binh (bank account)")
    coop, member = _coop_and_member("htx-di-linh", "thuy@xanhdilinh.example.vn")
    if not _has_history(coop):
        request_move(coop, *NINH_GIA, member)
        lines.append("move request htx-di-linh, waiting for the officer")
    db.session.commit()
    return lines


def _changes(coop: Cooperative) -> list[CooperativeChange]:
    stmt = select(CooperativeChange).where(CooperativeChange.cooperative_id == coop.id)
    return list(db.session.execute(stmt).scalars())
