"""Demo accounts' part of ``flask seed-demo``: one invitation the officer has not seen
accepted yet (its link and code were never shown: "send again" gives new ones)."""

from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import Cooperative, Invitation, Purpose, Role, User
from .invitations import INVITE_DAYS, issue_secrets

INVITED = dict(name="Nông Văn Thắng", phone="0912345622")


def seed_invitations(officer_email: str = "lan.khuyennong@tuyenquang.example.vn") -> list[str]:
    exists = db.session.scalar(select(Invitation.id).where(Invitation.phone == INVITED["phone"]))
    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == "htx-lam-binh"))
    officer = db.session.scalar(select(User).where(User.email == officer_email))
    if exists or cooperative is None or officer is None:
        return []
    invitation = Invitation(purpose=Purpose.INVITE, role=Role.MEMBER, cooperative=cooperative,
                            created_by_id=officer.id, **INVITED)  # fmt: skip
    issue_secrets(invitation, timedelta(days=INVITE_DAYS))
    db.session.add(invitation)
    db.session.commit()
    return [f"invitation {INVITED['name']} → {cooperative.slug} (waiting)"]
