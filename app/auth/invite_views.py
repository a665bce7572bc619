"""Invitations and resets, the staff's side: invite, see, send again, revoke; and what an
officer or a cooperative's manager does to a person's account (rights, deactivation, sign out
everywhere, a reset code). Who may do what: app/auth/rights.py."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..access import STAFF, cooperative_or_403, roles_required, visible_cooperatives
from ..extensions import db
from ..models import Cooperative, Invitation, InvitationState, Purpose, Role, User
from ..paging import get_or_404
from ..services import ServiceError
from . import bp
from .forms import SignOutEverywhereForm
from .invitations import Issued, create_invitation, issue_reset, may_handle, resend, revoke
from .invite_forms import InvitationForm
from .rights import can_invite, can_manage, rank, rank_of
from .services import change_rights, end_all_sessions, set_active
from .slip import slip


def _me() -> User:
    return current_user._get_current_object()


def _members_page(cooperative_id: int | None):
    if cooperative_id is None:
        return redirect(url_for("dashboard.index"))
    return redirect(url_for("cooperatives.members", cooperative_id=cooperative_id))


def _issued_page(issued: Issued):
    response = render_template("auth/issued.html", invitation=issued.invitation, slip=slip(issued))
    return response, 200, {"Referrer-Policy": "no-referrer"}


@bp.route("/cooperatives/<int:cooperative_id>/invite", methods=["GET", "POST"])
@roles_required(*STAFF)
def invite(cooperative_id: int):
    """Invite a person into the cooperative; the link and code are shown once, here."""
    cooperative = cooperative_or_403(cooperative_id)
    if not can_invite(_me(), cooperative):
        abort(403)
    form = InvitationForm(may_grant_manager=rank_of(_me()) >= rank(Role.MEMBER, True))
    if form.validate_on_submit():
        try:
            issued = create_invitation(form.to_data(cooperative.id), by=_me())
        except ServiceError as exc:
            db.session.rollback()
            form.add_errors(exc)
        else:
            return _issued_page(issued)
    return render_template("auth/invite.html", form=form, cooperative=cooperative)


def _invitation_or_403(invitation_id: int) -> Invitation:
    invitation = get_or_404(Invitation, invitation_id)
    if not may_handle(_me(), invitation):
        abort(403)
    return invitation


@bp.route("/invitations/<int:invitation_id>")
@roles_required(*STAFF)
def invitation(invitation_id: int):
    """Where an invitation stands; send it again or revoke it."""
    item = _invitation_or_403(invitation_id)
    return render_template("auth/invitation.html", invitation=item, state=item.state())


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
@roles_required(*STAFF)
def resend_invitation(invitation_id: int):
    """New link and code (the old ones stop working), valid 7 days, shown once."""
    item = _invitation_or_403(invitation_id)
    try:
        issued = resend(item, by=_me())
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc.message), "warning")
        return redirect(url_for("auth.invitation", invitation_id=item.id))
    return _issued_page(issued)


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@roles_required(*STAFF)
def revoke_invitation(invitation_id: int):
    item = _invitation_or_403(invitation_id)
    try:
        revoke(item, by=_me())
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc.message), "warning")
    else:
        flash(_("The invitation for %(name)s is revoked: its link and code no longer work.",
                name=item.name), "success")  # fmt: skip
    return redirect(url_for("auth.invitation", invitation_id=item.id))


@bp.route("/invitations")
@roles_required(Role.ADMIN, Role.OFFICER)
def invitations():
    """Invitations not accepted yet, in the cooperatives the officer covers."""
    cooperative_ids = visible_cooperatives(_me()).with_only_columns(Cooperative.id)
    rows = db.session.scalars(
        select(Invitation)
        .where(Invitation.purpose == Purpose.INVITE, Invitation.used_at.is_(None))
        .where(Invitation.revoked_at.is_(None))
        .where(Invitation.cooperative_id.in_(cooperative_ids))
        .order_by(Invitation.sent_at.desc())
        .limit(500)
    ).all()
    return render_template("auth/invitations.html", invitations=rows, State=InvitationState)


# --- A person's account, from the cooperative's members page -----------------------------------


def _person_or_403(user_id: int) -> User:
    person = get_or_404(User, user_id)
    if not can_manage(_me(), person):
        abort(403)
    return person


@bp.route("/people/<int:user_id>/active", methods=["POST"])
@roles_required(*STAFF)
def person_active(user_id: int):
    """Deactivate (``active=0``: every session ends) or reactivate (``active=1``)."""
    person = _person_or_403(user_id)
    active = request.form.get("active") == "1"
    if not SignOutEverywhereForm().validate_on_submit():
        abort(400)
    try:
        set_active(person, active, by=_me())
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc.message), "warning")
    else:
        flash(_("%(name)s can sign in again.", name=person.name) if active else
              _("%(name)s is deactivated and signed out everywhere.", name=person.name),
              "success")  # fmt: skip
    return _members_page(person.cooperative_id)


@bp.route("/people/<int:user_id>/manager", methods=["POST"])
@roles_required(*STAFF)
def person_manager(user_id: int):
    """Give (``manager=1``) or take (``manager=0``) the manager right, never beyond one's own."""
    person = _person_or_403(user_id)
    manager = request.form.get("manager") == "1"
    if not SignOutEverywhereForm().validate_on_submit():
        abort(400)
    try:
        change_rights(person, person.role, manager, by=_me())
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc.message), "warning")
    else:
        flash(_("The rights of %(name)s are saved.", name=person.name), "success")
    return _members_page(person.cooperative_id)


@bp.route("/people/<int:user_id>/sign-out", methods=["POST"])
@roles_required(*STAFF)
def person_sign_out(user_id: int):
    """End every session of a person (a lost phone, a shared computer)."""
    person = _person_or_403(user_id)
    if not SignOutEverywhereForm().validate_on_submit():
        abort(400)
    end_all_sessions(person)
    flash(_("%(name)s is signed out on every device.", name=person.name), "success")
    return _members_page(person.cooperative_id)


@bp.route("/people/<int:user_id>/reset", methods=["POST"])
@roles_required(*STAFF)
def person_reset(user_id: int):
    """A reset link and code for someone who cannot get back in (no email, say)."""
    person = _person_or_403(user_id)
    if not SignOutEverywhereForm().validate_on_submit():
        abort(400)
    return _issued_page(issue_reset(person, by=_me()))
