"""Trace event views: add an event to a batch, correct one, download an inspection document.

URLs read ``/trace/batches/<batch_id>/events/...`` (the blueprint's url_prefix). The staff
batch page shows the events with the ``trace/_events.html`` partial (``event_panel``).
"""

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import storage
from ..access import STAFF, batch_or_403, roles_required
from ..extensions import db
from ..filenames import content_disposition
from ..models import Batch, BatchStatus, EventKind, LabelRun, RunStatus
from ..services import ServiceError
from .event_forms import EventForm, chosen_kind, correction_data, initial_data
from .event_history import event_of, phi_warnings, status_notice
from .event_panel import event_panel
from .events import DOCUMENT_TYPES, is_superseded, record_event

events_bp = Blueprint("trace_events", __name__, url_prefix="/trace/batches/<int:batch_id>/events")
events_bp.add_app_template_global(event_panel, "event_panel")

BATCH_PAGE = "trace.batch"  # the staff batch page (blueprint "trace")


def batch_url(batch: Batch) -> str:
    """The staff batch page, at its events section."""
    return url_for(BATCH_PAGE, batch_id=batch.id) + "#events"


def _flash_after(batch, event) -> None:
    flash(_("Recorded event #%(seq)d.", seq=event.seq), "success")
    for warning in phi_warnings(batch):
        own_input = warning.application.seq == event.seq and not warning.application.batch_code
        if warning.harvest.seq == event.seq or own_input:
            flash(warning.message(), "warning")
    if status_notice(batch) == "recalled":
        flash(_("This batch is recalled: the event was recorded all the same."), "warning")


def _save(form, batch, supersedes=None):
    """Validate and record; a redirect, or None to show the form again with its errors."""
    if not form.validate_on_submit():
        form.keep_chosen()
        return None
    try:
        event = record_event(
            batch, form.to_data(), current_user, photos=form.files(), supersedes=supersedes
        )
    except ServiceError as exc:
        form.add_errors(exc)
        form.keep_chosen()
        return None
    form.used_kept()
    _flash_after(batch, event)
    return redirect(_next_page(batch, event))


def _next_page(batch: Batch, event) -> str:
    """Where a recorded event leads: a packing of an open batch with no labels yet goes on
    to printing them (the packs wait for their labels; issue 18), any other to the batch."""
    if event.kind == EventKind.PACKING and batch.status == BatchStatus.OPEN:
        printed = select(LabelRun.id).where(
            LabelRun.batch_id == batch.id, LabelRun.status != RunStatus.FAILED
        )
        if db.session.execute(printed.limit(1)).first() is None:
            return url_for("labels.new", batch=batch.id)
    return batch_url(batch)


def _form_page(form, batch, event=None):
    return render_template(
        "trace/event_form.html",
        form=form,
        batch=batch,
        event=event,
        notice=status_notice(batch),
        back=batch_url(batch),
    )


@events_bp.route("/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def create(batch_id: int):
    """What happened first (a link per kind, ``?kind=``), then only that kind's fields. A
    submitted form is judged by the kind it sends, whatever the link said."""
    batch = batch_or_403(batch_id)
    kind = chosen_kind(request.args.get("kind"))
    if kind is None and request.method == "GET":
        return render_template(
            "trace/event_kind.html",
            batch=batch,
            kinds=list(EventKind),
            notice=status_notice(batch),
            back=batch_url(batch),
        )
    form = EventForm(batch, data=initial_data(batch, current_user, datetime.now(UTC), kind))
    return _save(form, batch) or _form_page(form, batch)


@events_bp.route("/<int:event_id>/correct", methods=["GET", "POST"])
@roles_required(*STAFF)
def correct(batch_id: int, event_id: int):
    """A prefilled form; saving records a new event that supersedes this one."""
    batch = batch_or_403(batch_id)
    event = event_of(batch, event_id) or abort(404)
    if is_superseded(event):
        flash(
            _("Event #%(seq)d was corrected already: correct the latest one.", seq=event.seq),
            "warning",
        )
        return redirect(batch_url(batch))
    form = EventForm(batch, data=correction_data(event))
    return _save(form, batch, event) or _form_page(form, batch, event)


@events_bp.route("/<int:event_id>/document")
@roles_required(*STAFF)
def document(batch_id: int, event_id: int):
    """An inspection's document, only to staff of the batch's cooperative."""
    batch = batch_or_403(batch_id)
    event = event_of(batch, event_id) or abort(404)
    key = (event.details or {}).get("document_key")
    if not storage.is_valid_key(key) or not storage.exists(key):
        abort(404)
    ext = key.rsplit(".", 1)[-1]
    response = storage.send(key, DOCUMENT_TYPES.get(ext, "application/octet-stream"), max_age=0)
    name = event.details.get("document_name") or f"bien-ban-kiem-nghiem.{ext}"
    response.headers["Content-Disposition"] = content_disposition(name)
    response.headers["Cache-Control"] = "private, no-store"
    return response
