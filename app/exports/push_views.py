"""Send ready listings to a partner's API from the readiness page (app/exports/push.py)."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from ..access import STAFF, roles_required
from ..clock import local_today
from ..models import PushOutcome
from ..services import ServiceError
from . import bp, profiles
from .forms import SelectionForm
from .push import UNCHANGED, push_listings
from .views import chosen_cooperatives

SHOWN_PROBLEMS = 10  # listings named in a flash each; a product's listings page has them all


@bp.route("/push", methods=["POST"])
@roles_required(*STAFF)
def push():
    form = SelectionForm()
    profile = profiles.get(form.marketplace.data) if form.validate() else None
    chosen = chosen_cooperatives(form.cooperative.data or [])
    if profile is None or profile.push is None or not chosen:
        abort(400)
    product_ids = [i for i in form.product.data or [] if i is not None] or None
    back = url_for("exports.check", marketplace=profile.id, cooperative=[c.id for c in chosen])
    try:
        report = push_listings(profile, [c.id for c in chosen], local_today(), product_ids)
    except ServiceError as exc:
        flash(str(exc.message), "error")
        return redirect(back)
    if not report.lines:
        flash(_("No listing is ready to send to %(name)s.", name=profile.name), "warning")
        return redirect(back)
    counts = report.counts
    flash(
        _(
            "Sent to %(name)s: %(accepted)d accepted, %(conflict)d in conflict, %(refused)d "
            "refused, %(failed)d failed; %(unchanged)d unchanged since the last push.",
            name=profile.name,
            **counts,
        ),
        "success" if counts["accepted"] + counts["unchanged"] == len(report.lines) else "warning",
    )
    fine = (PushOutcome.ACCEPTED, UNCHANGED)
    problems = [line for line in report.lines if line.outcome not in fine]
    for line in problems[:SHOWN_PROBLEMS]:
        status = f" ({line.status})" if line.status else ""
        text = f"{line.sku}: {PushOutcome(line.outcome).label}{status}. {line.message}"
        flash(text.strip(), "warning")
    return redirect(back)
