"""Cooperative views: thin wrappers around the services."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import (
    STAFF,
    can_act_on_cooperative,
    cooperative_or_403,
    roles_required,
    visible_cooperatives,
)
from ..activity.display import entries as activity_entries
from ..activity.services import may_see_history, recent
from ..banks import bank_label
from ..certificates.services import certificate_rows
from ..clock import local_today
from ..models import Role
from ..onboarding.services import summary as onboarding_summary
from ..paging import page_number
from ..products.services import cooperative_products
from ..redirects import next_or, next_path
from ..services import ServiceError
from . import bp, changes
from .forms import CooperativeForm, MoveAnswerForm
from .services import (
    answer_move,
    archive_cooperative,
    save_cooperative,
    search,
)

OFFICE = (Role.ADMIN, Role.OFFICER)

bp.add_app_template_filter(bank_label, "bank_label")


@bp.route("/")
@roles_required(*OFFICE)
def index():
    query = request.args.get("q", "")[:100]
    page = search(visible_cooperatives(current_user), query, page_number())
    return render_template(
        "cooperatives/index.html",
        query=query,
        page=page,
        moves_waiting=changes.with_pending_moves([c.id for c in page.items]),
    )


def _save(form, cooperative=None):
    """Validate and save; returns a redirect, or None to re-render the form with errors."""
    if form.refresh.data or not form.validate_on_submit():
        form.keep_chosen()
        return None
    try:
        saved = save_cooperative(
            current_user,
            form.to_data(),
            cooperative,
            logo=getattr(form, "logo_upload", None),
            remove_logo=form.remove_logo.data,
        )
    except ServiceError as exc:
        form.add_errors(exc)
        form.keep_chosen()
        return None
    form.used_kept()
    coop = saved.cooperative
    flash(_("Saved %(name)s.", name=coop.display_name), "success")
    if saved.move_held:
        flash(_("The new province and commune wait for your officer's confirmation."), "info")
    return redirect(next_or(url_for("cooperatives.show", cooperative_id=coop.id)))  # the check


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create():
    form = CooperativeForm()
    return _save(form) or render_template("cooperatives/form.html", form=form, cooperative=None)


@bp.route("/<int:cooperative_id>")
@roles_required(*STAFF)
def show(cooperative_id: int):
    cooperative = cooperative_or_403(cooperative_id)
    history = changes.history(cooperative)
    return render_template(
        "cooperatives/show.html",
        cooperative=cooperative,
        certificates=certificate_rows(cooperative, local_today()),
        onboarding=onboarding_summary(cooperative),
        products=cooperative_products(cooperative),
        changes=history,
        waiting=[row for row in history if row.pending],
        answer_form=MoveAnswerForm() if current_user.role in OFFICE else None,
        activity=(
            activity_entries(recent(cooperative))
            if may_see_history(current_user, cooperative)
            else None
        ),
    )


@bp.route("/<int:cooperative_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit(cooperative_id: int):
    cooperative = cooperative_or_403(cooperative_id)
    form = CooperativeForm(obj=cooperative, cooperative_id=cooperative.id)
    place_hint = None
    if current_user.role not in OFFICE:
        place_hint = _("A new province or commune waits for your officer's confirmation.")
    return _save(form, cooperative) or render_template(
        "cooperatives/form.html",
        form=form,
        cooperative=cooperative,
        place_hint=place_hint,
        back_to=next_path(),
    )


@bp.route("/<int:cooperative_id>/archive", methods=["POST"])
@roles_required(*OFFICE)
def archive(cooperative_id: int):
    cooperative = cooperative_or_403(cooperative_id)
    archive_cooperative(cooperative)
    flash(_("%(name)s was archived.", name=cooperative.display_name), "info")
    return redirect(url_for("cooperatives.index"))


@bp.route("/<int:cooperative_id>/moves/<int:change_id>", methods=["POST"])
@roles_required(*OFFICE)
def answer(cooperative_id: int, change_id: int):
    """An officer of the cooperative's current area (or an admin) confirms or rejects a move."""
    cooperative = cooperative_or_403(cooperative_id)
    form = MoveAnswerForm()
    if not form.validate_on_submit() or form.confirm.data == form.reject.data:
        abort(400)  # one of the two buttons, never both or neither
    confirm = form.confirm.data
    try:
        answer_move(current_user, cooperative, change_id, confirm)
    except ServiceError as exc:
        flash(str(exc.message), "warning")
        return redirect(url_for("cooperatives.show", cooperative_id=cooperative.id))
    if not confirm:
        flash(
            _("The move was rejected; %(name)s stays where it is.", name=cooperative.display_name),
            "info",
        )
    elif can_act_on_cooperative(current_user, cooperative):
        flash(_("%(name)s was moved.", name=cooperative.display_name), "success")
    else:  # moved out of this officer's area: their list, not a page they may no longer open
        flash(_("%(name)s was moved out of your area.", name=cooperative.display_name), "success")
        return redirect(url_for("cooperatives.index"))
    return redirect(url_for("cooperatives.show", cooperative_id=cooperative.id) + "#changes")
