"""Send ready listings to a partner's API from the readiness page: the request checks what
it can and queues the push as a job (app/exports/push_jobs.py), whose page shows each
listing's outcome."""

from flask import abort, current_app, flash, redirect, url_for
from flask_login import current_user

from ..access import STAFF, roles_required
from ..clock import local_today
from ..services import ServiceError
from . import bp, profiles
from .forms import SelectionForm
from .push import push_target
from .push_jobs import start_push
from .views import chosen_cooperatives


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
        push_target(profile)
    except ServiceError as exc:
        flash(str(exc.message), "error")
        return redirect(back)
    app = current_app._get_current_object()
    job = start_push(
        app, profile, [c.id for c in chosen], product_ids, local_today(), back, current_user.id
    )
    return redirect(url_for("background.job", job_id=job.id), 303)
