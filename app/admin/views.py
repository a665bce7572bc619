"""Account administration views."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..access import roles_required
from ..auth.services import create_user, set_active
from ..extensions import db
from ..models import Cooperative, Role, User
from ..services import ServiceError
from . import bp
from .forms import UserForm


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    items = db.session.execute(select(User).order_by(User.role, User.name)).scalars().all()
    return render_template("admin/users.html", users=items)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create_user_view():
    cooperatives = db.session.execute(
        select(Cooperative).order_by(Cooperative.legal_name)
    ).scalars()
    form = UserForm(cooperatives=cooperatives)
    if form.validate_on_submit():
        try:
            user = create_user(form.to_data())
        except ServiceError as exc:
            db.session.rollback()
            form.add_errors(exc)
        else:
            flash(_("Account created for %(name)s.", name=user.name), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form)


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
