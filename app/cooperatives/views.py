"""Cooperative views: thin wrappers around the services."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import STAFF, cooperative_or_403, roles_required, visible_cooperatives
from ..banks import bank_label
from ..certificates.services import certificate_rows, local_today
from ..models import Role
from ..onboarding.services import summary as onboarding_summary
from ..products.services import cooperative_products
from . import bp
from .forms import CooperativeForm
from .services import (
    CooperativeData,
    CooperativeError,
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
    page = max(request.args.get("page", 1, type=int), 1)
    items, total = search(visible_cooperatives(current_user), query, page)
    return render_template(
        "cooperatives/index.html", items=items, total=total, query=query, page=page, per_page=20
    )


def _save(form, cooperative=None):
    """Validate and save; returns a redirect, or None to re-render the form with errors."""
    if form.refresh.data or not form.validate_on_submit():
        return None
    try:
        saved = save_cooperative(
            current_user,
            CooperativeData.from_form(form),
            cooperative,
            logo=getattr(form, "logo_upload", None),
            remove_logo=form.remove_logo.data,
        )
    except CooperativeError as exc:
        getattr(form, exc.field or "legal_name").errors.append(exc.message)
        return None
    flash(_("Saved %(name)s.", name=saved.display_name), "success")
    return redirect(url_for("cooperatives.show", cooperative_id=saved.id))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create():
    form = CooperativeForm()
    return _save(form) or render_template("cooperatives/form.html", form=form, cooperative=None)


@bp.route("/<int:cooperative_id>")
@roles_required(*STAFF)
def show(cooperative_id: int):
    cooperative = cooperative_or_403(cooperative_id)
    return render_template(
        "cooperatives/show.html",
        cooperative=cooperative,
        certificates=certificate_rows(cooperative, local_today()),
        onboarding=onboarding_summary(cooperative),
        products=cooperative_products(cooperative),
    )


@bp.route("/<int:cooperative_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit(cooperative_id: int):
    cooperative = cooperative_or_403(cooperative_id)
    form = CooperativeForm(obj=cooperative, cooperative_id=cooperative.id)
    return _save(form, cooperative) or render_template(
        "cooperatives/form.html", form=form, cooperative=cooperative
    )


@bp.route("/<int:cooperative_id>/archive", methods=["POST"])
@roles_required(*OFFICE)
def archive(cooperative_id: int):
    cooperative = cooperative_or_403(cooperative_id)
    archive_cooperative(cooperative)
    flash(_("%(name)s was archived.", name=cooperative.display_name), "info")
    return redirect(url_for("cooperatives.index"))
