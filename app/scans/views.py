"""Staff pages about scans: ``/scans/`` shows scans per day and per batch for the
cooperatives the viewer may act on (``?cooperative=<id>`` narrows to one).

The per-batch partial ``templates/trace/_scans.html`` (context ``batch``) calls
:func:`batch_scans` through a template global, so the staff batch page only includes it.
"""

import os

import click
from flask import current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user

from ..access import STAFF, cooperative_or_403, roles_required, visible_cooperatives
from ..clock import local_today
from ..extensions import db
from ..models import Batch, Cooperative
from ..paging import id_arg
from . import bp
from .chart import scans_svg
from .queue import drain, drain_now, queued, start_drainer
from .services import DAYS, ScanSummary, scan_summary, scans_per_batch


def batch_scans(batch: Batch) -> dict:
    """What the batch partial shows: the summary and its chart."""
    drain_now()
    summary = scan_summary([batch.id], local_today())
    title = _("Scans per day of batch %(code)s, last %(days)d days", code=batch.code, days=DAYS)
    return {"summary": summary, "chart": scans_svg(summary.days, title, f"scans-{batch.id}")}


bp.add_app_template_global(batch_scans, "batch_scans")


@bp.route("/")
@roles_required(*STAFF)
def index():
    """Scans of the viewer's cooperatives' batches: a chart per day and a table per batch."""
    chosen = id_arg("cooperative")
    if chosen is not None:
        cooperatives = [cooperative_or_403(chosen)]
    else:
        cooperatives = list(
            db.session.execute(
                visible_cooperatives(current_user).order_by(Cooperative.legal_name)
            ).scalars()
        )
    ids = [c.id for c in cooperatives]
    batch_ids = db.session.execute(
        db.select(Batch.id).where(Batch.cooperative_id.in_(ids))
    ).scalars()
    today = local_today()
    drain_now()
    summary: ScanSummary = scan_summary(list(batch_ids), today)
    return render_template(
        "scans/index.html",
        cooperatives=cooperatives,
        chosen=chosen,
        summary=summary,
        chart=scans_svg(summary.days, _("Scans per day, last %(days)d days", days=DAYS)),
        rows=scans_per_batch(ids, today),
        days=DAYS,
    )


@bp.before_app_request
def _drainer():
    """Every web worker drains the Redis list of scans (app/scans/queue.py), from its first
    request on, whatever that request is."""
    app = current_app._get_current_object()
    if app.extensions.get("scan_drainer_pid") != os.getpid() and queued(app) is not None:
        start_drainer(app)


@bp.cli.command("drain")
def drain_command():
    """Write the scans waiting in Redis into the database now."""
    app = current_app._get_current_object()
    if queued(app) is None:
        raise click.ClickException("scans go through Redis only with REDIS_URL set")
    click.echo(f"{drain(app)} scans written")
