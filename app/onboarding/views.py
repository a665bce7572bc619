"""Checklist views: the cooperative's checklist, the step form and the evidence download."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import storage
from ..access import STAFF, cooperative_or_403, roles_required
from ..clock import local_today
from ..filenames import content_disposition, scan_filename
from ..models import StepStatus
from ..services import ServiceError
from . import bp
from .forms import StepForm
from .rules import NEEDS_EVIDENCE, marketplace_or_none, step_or_none
from .services import (
    checklist,
    evidence_mimetype,
    is_read_only,
    marketplace_name,
    may_confirm,
    overall,
    save_step,
    step_of,
)


def _checklist_url(cooperative, marketplace=None):
    anchor = f"#{marketplace}" if marketplace else ""
    return url_for("onboarding.index", cooperative_id=cooperative.id) + anchor


def _load(cooperative_id: int, marketplace: str, step: str):
    """The cooperative (403 if not the user's), then the step (404 if unknown)."""
    cooperative = cooperative_or_403(cooperative_id)
    market, which = marketplace_or_none(marketplace), step_or_none(step)
    if market is None or which is None:
        abort(404)
    return cooperative, market, which


@bp.route("/")
@roles_required(*STAFF)
def index(cooperative_id: int):
    cooperative = cooperative_or_403(cooperative_id)
    lists = checklist(cooperative)
    return render_template(
        "onboarding/index.html",
        cooperative=cooperative,
        checklist=lists,
        overall=overall(lists),
        read_only=is_read_only(cooperative),
    )


@bp.route("/<marketplace>/<step>", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit(cooperative_id: int, marketplace: str, step: str):
    cooperative, market, which = _load(cooperative_id, marketplace, step)
    if is_read_only(cooperative):
        flash(_("This cooperative is archived: its checklist is read-only."), "warning")
        return redirect(_checklist_url(cooperative, market))
    row = step_of(cooperative, market, which)
    form = StepForm(obj=row)
    if not form.is_submitted() and form.done_on.data is None:
        form.done_on.data = local_today()  # the usual case: confirming on the day
    if form.validate_on_submit():
        try:
            save_step(
                cooperative,
                market,
                which,
                form.to_data(),
                local_today(),
                actor=current_user,
                evidence=getattr(form, "evidence_upload", None),
                remove_evidence=form.remove_evidence.data,
            )
        except ServiceError as exc:
            form.add_errors(exc)
        else:
            form.used_kept()
            flash(
                _(
                    "Saved “%(step)s” on %(marketplace)s.",
                    step=which.label,
                    marketplace=marketplace_name(market),
                ),
                "success",
            )
            return redirect(_checklist_url(cooperative, market))
    form.keep_chosen()
    return render_template(
        "onboarding/form.html",
        form=form,
        cooperative=cooperative,
        row=row,
        marketplace=market,
        marketplace_label=marketplace_name(market),
        step=which,
        step_label=which.label,
        step_hint=which.hint,
        needs_evidence=which in NEEDS_EVIDENCE,
        may_confirm=may_confirm(current_user),
        confirmed=bool(row and row.status == StepStatus.DONE),
    )


@bp.route("/<marketplace>/<step>/evidence")
@roles_required(*STAFF)
def evidence(cooperative_id: int, marketplace: str, step: str):
    """The evidence file, only to staff of this cooperative, under its uploaded name."""
    cooperative, market, which = _load(cooperative_id, marketplace, step)
    row = step_of(cooperative, market, which)
    key = row.evidence_key if row else None
    if not storage.is_valid_key(key) or not storage.exists(key):
        abort(404)
    response = storage.send(key, evidence_mimetype(key), max_age=0)
    name = (row.evidence_name if row else None) or scan_filename(
        None, key.rsplit(".", 1)[-1], "minh-chung"
    )
    response.headers["Content-Disposition"] = content_disposition(name)
    response.headers["Cache-Control"] = "private, no-store"
    return response
