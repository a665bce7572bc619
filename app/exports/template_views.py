"""Marketplace templates and category mappings: officers upload the seller centre's
mass-upload template (packs then fill it) and map our categories to the marketplace's.

Templates and mappings are platform-wide (every cooperative's packs use them), so officers
and administrators keep them; cooperative members may read the mapping (their check page
links to it) but not change it.
"""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ..access import STAFF, roles_required
from ..extensions import db
from ..models import Product, Role
from ..products import categories
from ..redirects import next_or
from ..services import ServiceError
from ..text import clean
from . import bp, profiles
from .template_forms import MappingForm, TemplateForm
from .template_store import (
    category_list,
    current_templates,
    mappings,
    save_mappings,
    save_template,
    takes_template,
    template_profiles,
)

OFFICE = (Role.ADMIN, Role.OFFICER)


def _profile_or_404(marketplace: str):
    profile = profiles.get(marketplace)
    if not takes_template(profile):
        abort(404)
    return profile


@bp.route("/templates/")
@roles_required(*OFFICE)
def templates():
    shown = [(p, current_templates(p.id)) for p in template_profiles()]
    return render_template("exports/templates.html", shown=shown)


@bp.route("/templates/<marketplace>", methods=["GET", "POST"])
@roles_required(*OFFICE)
def template(marketplace: str):
    profile = _profile_or_404(marketplace)
    listed = category_list(profile.id)
    form = TemplateForm(listed)
    if form.validate_on_submit():
        limit = current_app.config["TEMPLATE_MAX_BYTES"]
        data = form.file.data.read(limit + 1)
        if len(data) > limit:
            form.file.errors.append(
                _("The file is larger than %(mb)s MB.", mb=f"{limit / 1024 / 1024:g}")
            )
        else:
            try:
                save_template(
                    profile,
                    data,
                    form.file.data.filename or "",
                    current_user,
                    form.marketplace_category.data or None,
                )
            except ServiceError as exc:
                form.add_errors(exc)
            else:
                flash(_("Saved the template: the next packs fill it."), "success")
                return redirect(url_for("exports.template", marketplace=profile.id), 303)
    return render_template(
        "exports/template.html",
        profile=profile,
        form=form,
        current=current_templates(profile.id),
        listed=listed,
        mapped=len(mappings(profile.id)),
    )


def _our_categories() -> tuple[list, dict[str, int]]:
    """Our leaf categories, those products use first (most used first), then the others;
    and how many products each has."""
    stmt = select(Product.category, func.count()).group_by(Product.category)
    used = dict(db.session.execute(stmt).all())
    leaves = list(categories.LEAVES)
    return sorted(leaves, key=lambda c: (-used.get(c.code, 0), leaves.index(c))), used


def _mapping_page(profile, form, chosen=None, errors=None, status=200):
    ours, used = _our_categories()
    existing = mappings(profile.id)
    current = {code: m.marketplace_category for code, m in existing.items()}
    return render_template(
        "exports/categories.html",
        profile=profile,
        form=form,
        ours=ours,
        used=used,
        listed=category_list(profile.id),
        chosen={**current, **(chosen or {})},
        existing=existing,
        errors=errors or {},
        can_map=current_user.role in OFFICE,
    ), status


@bp.get("/templates/<marketplace>/categories")
@roles_required(*STAFF)
def categories_page(marketplace: str):
    profile = _profile_or_404(marketplace)
    return _mapping_page(profile, MappingForm(formdata=None))


@bp.post("/templates/<marketplace>/categories")
@roles_required(*OFFICE)
def save_categories(marketplace: str):
    profile = _profile_or_404(marketplace)
    form = MappingForm()
    if not form.validate():
        abort(400)
    chosen = {
        code: clean(request.form.get(f"category-{code}"))
        for code in (c.code for c in categories.LEAVES)
        if f"category-{code}" in request.form
    }
    try:
        changed = save_mappings(profile, chosen, current_user)
    except ServiceError as exc:
        return _mapping_page(profile, form, chosen, exc.errors, 400)
    flash(_("Saved the mapping (%(num)d changed).", num=changed), "success")
    back = url_for("exports.categories_page", marketplace=profile.id)
    return redirect(next_or(back), 303)  # the readiness check, when it sent here
