"""Figures for the dashboard."""

from sqlalchemy import func, select

from ..access import visible_cooperatives
from ..extensions import db
from ..models import Cooperative, CooperativeStatus, User


def overview(user: User) -> dict:
    """The cooperatives the user may act on and a few counts."""
    visible = visible_cooperatives(user).where(Cooperative.status == CooperativeStatus.ACTIVE)
    cooperatives = (
        db.session.execute(
            visible.order_by(Cooperative.province_code, Cooperative.legal_name).limit(50)
        )
        .scalars()
        .all()
    )
    total = db.session.execute(select(func.count()).select_from(visible.subquery())).scalar_one()
    users = db.session.execute(select(func.count(User.id))).scalar_one()
    return {"cooperatives": cooperatives, "cooperative_count": total, "user_count": users}
