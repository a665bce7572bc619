"""Account administration views: the list of accounts (administrators), the new-account form
(administrators, and officers for the members of their cooperatives) and an account's rights.
What each may do is app/auth/rights.py's rule, checked by the services."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..access import roles_required, visible_cooperatives
from ..auth.rights import can_manage
from ..auth.services import change_rights, create_user, set_active
from ..extensions import db
from ..models import Cooperative, Role, User
from ..services import ServiceError
from . import bp
from .forms import RightsForm, UserForm


def _grantable_roles(user: User) -> tuple[Role, ...]:
    """The roles the form offers: all to administrators, members to everyone else."""
    return tuple(Role) if user.role == Role.ADMIN else (Role.MEMBER,)


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    items = db.session.execute(select(User).order_by(User.role, User.name)).scalars().all()
    return render_template("admin/users.html", users=items)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.OFFICER)
def create_user_view():
    """A new account; officers create members of the cooperatives in their area only."""
    me = current_user._get_current_object()
    cooperatives = db.session.execute(
        visible_cooperatives(me).order_by(Cooperative.legal_name)
    ).scalars()
    form = UserForm(cooperatives=cooperatives, roles=_grantable_roles(me))
    if request.method == "GET" and request.args.get("cooperative"):
        form.cooperative.data = request.args["cooperative"][:100]
    if form.validate_on_submit():
        try:
            user = create_user(form.to_data(), by=me)
        except ServiceError as exc:
            db.session.rollback()
            form.add_errors(exc)
        else:
            flash(_("Account created for %(name)s.", name=user.name), "success")
            if me.role == Role.ADMIN or user.cooperative_id is None:
                return redirect(url_for("admin.users"))
            return redirect(url_for("cooperatives.members", cooperative_id=user.cooperative_id))
    return render_template("admin/user_form.html", form=form)


@bp.route("/users/<int:user_id>/rights", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_rights(user_id: int):
    """Change an account's role or manager right (never beyond one's own, never the last
    administrator's)."""
    user = db.session.get(User, user_id) or abort(404)
    me = current_user._get_current_object()
    form = RightsForm(roles=_grantable_roles(me), data={"role": user.role.value,
                                                        "is_manager": user.is_manager})  # fmt: skip
    if form.validate_on_submit():
        try:
            change_rights(user, form.role.data, form.is_manager.data, by=me)
        except ServiceError as exc:
            db.session.rollback()
            form.add_errors(exc)
        else:
            flash(_("The rights of %(name)s are saved.", name=user.name), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/rights.html", form=form, user=user)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@roles_required(Role.ADMIN)
def set_user_active(user_id: int):
    """Deactivate an account (its sessions end at once) or reactivate it."""
    user = db.session.get(User, user_id) or abort(404)
    active = request.form.get("active") == "1"
    try:
        set_active(user, active, by=current_user._get_current_object())
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc.message), "warning")
    else:
        message = (
            _("%(name)s can sign in again.", name=user.name)
            if active
            else _("%(name)s is deactivated and signed out everywhere.", name=user.name)
        )
        flash(message, "success")
    return redirect(url_for("admin.users"))


bp.add_app_template_global(can_manage, "can_manage")
