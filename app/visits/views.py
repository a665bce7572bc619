"""Visit views: the list, log / edit / delete a visit or training, and the totals page."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from ..access import roles_required
from ..clock import local_today
from ..extensions import db
from ..models import Role, SupportVisit
from ..paging import page_number, paginate
from ..services import ServiceError
from . import bp
from .forms import DateRangeForm, DeleteForm, FilterForm, VisitForm
from .services import (
    PAGE_SIZE,
    can_edit_visit,
    commune_choices,
    delete_visit,
    filtered_visits,
    overall_totals,
    save_visit,
    totals_by_commune,
    totals_by_officer,
    totals_by_province,
    visible_visits,
    visit_rows,
    with_details,
)

OFFICE = (Role.ADMIN, Role.OFFICER)


def one_decimal(value: float) -> str:
    """12,5 in Vietnamese, 12.5 in English."""
    return format_decimal(value, format="#,##0.0")


bp.add_app_template_filter(one_decimal, "one_decimal")


@bp.route("/")
@roles_required(*OFFICE)
def index():
    form = FilterForm(commune_choices(current_user), formdata=request.args)
    filters = form.to_data()
    page = paginate(with_details(filtered_visits(current_user, filters)), page_number(), PAGE_SIZE)
    return render_template(
        "visits/index.html",
        form=form,
        filters=filters,
        page=page,
        rows=visit_rows(current_user, page.items),
    )


def _editable(visit_id: int) -> SupportVisit:
    """The visit if the current user may change it; 404 if absent, 403 if not theirs."""
    visit = db.session.get(SupportVisit, visit_id) or abort(404)
    if not can_edit_visit(current_user, visit):
        abort(403)
    return visit


def _save(form, visit=None):
    """Validate and save; a redirect, or None to show the form again with its errors."""
    if form.refresh.data or not form.validate_on_submit():
        return None
    try:
        saved = save_visit(current_user, form.to_data(), local_today(), visit)
    except ServiceError as exc:
        form.add_errors(exc)
        return None
    flash(_("Saved: %(topic)s.", topic=saved.topic), "success")
    return redirect(url_for("visits.index"))


def _form_page(form, visit=None):
    return render_template(
        "visits/form.html",
        form=form,
        visit=visit,
        delete_form=DeleteForm() if visit else None,
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create():
    form = VisitForm(current_user, visited_on=local_today())
    return _save(form) or _form_page(form)


@bp.route("/<int:visit_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def edit(visit_id: int):
    visit = _editable(visit_id)
    form = VisitForm(current_user, obj=visit, cooperative_ids=[c.id for c in visit.cooperatives])
    return _save(form, visit) or _form_page(form, visit)


@bp.route("/<int:visit_id>/delete", methods=["POST"])
@roles_required(*OFFICE)
def delete(visit_id: int):
    visit = _editable(visit_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    topic = visit.topic
    delete_visit(visit)
    flash(_("Deleted: %(topic)s.", topic=topic), "info")
    return redirect(url_for("visits.index"))


@bp.route("/totals")
@roles_required(*OFFICE)
def totals():
    """Who did how much, from the start of this year unless another range is asked for."""
    today = local_today()
    form = DateRangeForm(formdata=request.args)
    start, end = date(today.year, 1, 1), today
    if form.validate():
        start, end = form.start.data or start, form.end.data or max(end, form.start.data or end)
        form.start.data, form.end.data = start, end
    visits = visible_visits(current_user)
    return render_template(
        "visits/totals.html",
        form=form,
        start=start,
        end=end,
        overall=overall_totals(visits, start, end),
        by_officer=totals_by_officer(visits, start, end),
        by_commune=totals_by_commune(visits, start, end),
        by_province=totals_by_province(visits, start, end),
    )
