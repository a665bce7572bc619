"""Export packs: choose a marketplace and cooperatives, see what blocks each listing (with
a link to fix it), download the ZIP; the exports made. A product's listings and their status:
listing_views.py.
"""

import tempfile

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..access import STAFF, roles_required, visible_cooperatives
from ..certificates.services import valid_certificates
from ..clock import local_today
from ..extensions import db
from ..models import Export, Listing, Role
from . import bp, fixes, profiles
from .forms import ChooseForm, SelectionForm
from .pack_jobs import start_pack
from .services import readiness, run_export
from .template_store import template_notes

RECENT = 30

bp.add_app_template_global(fixes.fix_links, "fix_links")
bp.add_app_template_global(fixes.check_url, "check_url")
bp.add_app_template_global(fixes.first_blocker, "first_blocker")
bp.add_app_template_global(fixes.short_reason, "short_reason")


def _cooperatives():
    return list(db.session.scalars(visible_cooperatives(current_user)))


def chosen_cooperatives(ids) -> list:
    """The cooperatives among ``ids`` the user may act on, in the list's order."""
    wanted = {i for i in ids if i is not None}
    return [c for c in _cooperatives() if c.id in wanted]


def _held_kinds(cooperatives, today) -> dict[int, set[str]]:
    """The certificate kinds each cooperative holds valid today (a claim's third fix)."""
    return {
        c.id: {str(getattr(x.kind, "value", x.kind)) for x in valid_certificates(c, today)}
        for c in cooperatives
    }


@bp.route("/")
@roles_required(*STAFF)
def index():
    cooperatives = _cooperatives()
    form = ChooseForm(cooperatives, formdata=request.args or None)  # "change the choice"
    visible = [c.slug for c in cooperatives]
    exports = db.session.scalars(select(Export).order_by(Export.id.desc()).limit(RECENT * 4))
    shown = [e for e in exports if set(e.cooperatives.split(",")) <= set(visible)][:RECENT]
    return render_template(
        "exports/index.html",
        form=form,
        exports=shown,
        profiles=profiles.all_profiles(),
        names={c.slug: c.display_name for c in cooperatives},  # the record keeps slugs
        can_manage_templates=current_user.role in (Role.ADMIN, Role.OFFICER),
    )


@bp.route("/check")
@roles_required(*STAFF)
def check():
    cooperatives = _cooperatives()
    form = ChooseForm(cooperatives, request.args)
    if not form.validate():
        return render_template(
            "exports/index.html", form=form, exports=[], profiles=profiles.all_profiles()
        )
    profile = profiles.get(form.marketplace.data)
    chosen = chosen_cooperatives(form.cooperative.data)
    today = local_today()
    found = readiness(profile, [c.id for c in chosen], today)
    ready = sum(len(r.ready_variants) for r in found)
    variant_ids = [v.id for r in found for v in r.prepared.product.variants]
    listed = db.session.scalars(
        select(Listing).where(
            Listing.marketplace == profile.id, Listing.variant_id.in_(variant_ids)
        )
    )
    variants = sum(len(r.prepared.product.variants) for r in found)
    return render_template(
        "exports/check.html",
        profile=profile,
        profiles=profiles.all_profiles(),
        cooperatives=chosen,
        found=found,
        ready=ready,
        variants=variants,
        held=_held_kinds(chosen, today),
        listings={x.variant_id: x for x in listed},
        download=SelectionForm(formdata=None),
        template_notes=template_notes(profile),
        can_manage_templates=current_user.role in (Role.ADMIN, Role.OFFICER),
    )


@bp.route("/download", methods=["POST"])
@roles_required(*STAFF)
def download():
    form = SelectionForm()
    profile = profiles.get(form.marketplace.data) if form.validate() else None
    chosen = chosen_cooperatives(form.cooperative.data or [])
    if profile is None or not chosen:
        abort(400)
    product_ids = [i for i in form.product.data or [] if i is not None]
    if not product_ids:
        flash(_("Tick at least one product to export."), "error")
        return redirect(fixes.check_url(profile.id, [c.id for c in chosen]))
    if profile.images.files:  # photos make it long: a job writes it (app/exports/pack_jobs.py)
        app = current_app._get_current_object()
        job = start_pack(app, profile, chosen, product_ids, local_today(), current_user.id)
        return redirect(url_for("background.job", job_id=job.id), 303)
    # Without photos a pack is a sheet and some text, made in well under a second: sent at
    # once, by the same run_export as the job's.
    out = tempfile.TemporaryFile()  # noqa: SIM115 (send_file closes it after sending)
    result = run_export(
        profile, chosen, out, local_today(), user=current_user, via="web", product_ids=product_ids
    )
    out.seek(0)
    return send_file(
        out,
        mimetype="application/zip",
        as_attachment=True,
        download_name=result.export.file_name,
        max_age=0,
    )
