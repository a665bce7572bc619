"""A cooperative's people: its accounts and the invitations not accepted yet."""

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from ..access import STAFF, cooperative_or_403, roles_required
from ..auth.forms import SignOutEverywhereForm
from ..auth.rights import can_invite, can_manage
from ..extensions import db
from ..models import Invitation, InvitationState, Purpose, User
from . import bp


@bp.route("/<int:cooperative_id>/members")
@roles_required(*STAFF)
def members(cooperative_id: int):
    cooperative = cooperative_or_403(cooperative_id)
    me = current_user._get_current_object()
    people = db.session.scalars(
        select(User).where(User.cooperative_id == cooperative.id).order_by(User.name)
    ).all()
    waiting = [
        invitation
        for invitation in db.session.scalars(
            select(Invitation)
            .where(Invitation.cooperative_id == cooperative.id)
            .where(Invitation.purpose == Purpose.INVITE, Invitation.used_at.is_(None))
            .where(Invitation.revoked_at.is_(None))
            .order_by(Invitation.sent_at.desc())
        )
    ]
    return render_template(
        "cooperatives/members.html",
        cooperative=cooperative,
        people=[(person, can_manage(me, person)) for person in people],
        waiting=[(invitation, invitation.state()) for invitation in waiting],
        may_invite=can_invite(me, cooperative),
        button=SignOutEverywhereForm(),
        State=InvitationState,
    )
