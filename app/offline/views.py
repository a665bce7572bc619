"""The offline app's pages and endpoints.

``/sw.js`` and ``/manifest.webmanifest`` sit at the root so the service worker's scope is the
whole site; ``/m/`` is the shell a phone opens without signal (recent batches and plots, and
what waits to be sent); ``/m/api/...`` receive what was recorded offline, behind the session and
its CSRF token like every form, and rate-limited per user.
"""

import json
from functools import cache
from pathlib import Path

from flask import Response, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..access import STAFF, batch_or_403, product_or_403, public, roles_required
from ..extensions import limiter
from ..forms import Form
from ..services import ServiceError
from ..trace.event_forms import EventForm
from ..trace.events import offline_record
from ..trace.forms import BatchForm
from . import bp
from .services import (
    Received,
    asset_version,
    batch_form_parts,
    client_stamp,
    receive_batch,
    receive_event,
    recent_batches,
    recent_plots,
    recent_products,
)

SW_SOURCE = "js/sw.js"
PRECACHED = ("css", "js", "img", "vendor")  # static folders the app needs without signal
THEME = "#1d6b3a"


@cache
def _assets(static_folder: str) -> tuple[list[str], str]:
    """The static files to keep on the phone (names under static/) and their version."""
    root = Path(static_folder)
    names = sorted(
        str(path.relative_to(root))
        for folder in PRECACHED
        for path in (root / folder).rglob("*")
        if path.is_file()
        and path.suffix in {".css", ".js", ".png", ".svg"}
        and path.name != "sw.js"
    )
    return names, asset_version(root, [*names, SW_SOURCE])


@bp.route("/sw.js")
@public
def service_worker():
    """The service worker, at the root so it may keep any page of the site."""
    static = current_app.static_folder or ""
    names, version = _assets(static)
    settings = {
        "version": version,
        "assets": [url_for("static", filename=name) for name in names],
        "shell": url_for("offline.shell"),
        "fallback": url_for("offline.fallback"),
    }
    source = (Path(static) / SW_SOURCE).read_text(encoding="utf-8")
    body = f"self.LENSAN = {json.dumps(settings)};\n{source}"
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/manifest.webmanifest")
@public
def manifest():
    """What a phone needs to install the members' app on its home screen."""
    icons = [
        {"src": url_for("static", filename=f"img/icon-{size}.png"), "sizes": f"{size}x{size}",
         "type": "image/png", "purpose": "any"}
        for size in (192, 512)
    ]  # fmt: skip
    body = {
        "name": "Lên Sàn",
        "short_name": "Lên Sàn",
        "description": _("Record batches and their events, even without a signal."),
        "start_url": url_for("offline.shell"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f6f8f6",
        "theme_color": THEME,
        "icons": icons,
    }
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")


@bp.route("/m/")
@roles_required(*STAFF)
def shell():
    """Recent batches and plots, and what waits to be sent: the page a phone keeps."""
    return render_template(
        "offline/shell.html",
        batches=recent_batches(current_user),
        plots=recent_plots(current_user),
        products=recent_products(current_user),
    )


@bp.route("/m/offline")
@roles_required(*STAFF)
def fallback():
    """Shown without signal for a page the phone has not kept."""
    return render_template("offline/fallback.html")


@bp.route("/m/api/token")
@roles_required(*STAFF)
def token():
    """A fresh CSRF token for sending what waited (the one in a kept page may be old)."""
    return jsonify(csrf_token=generate_csrf())


def _user_key() -> str:
    return f"offline-sync:{current_user.get_id()}"


def _answer(received: Received):
    """What the phone is told: recorded now (201) or already (200), with the words to show."""
    record = received.record
    event, batch = record.event, record.batch
    if event is not None:
        batch = event.batch
        words = {"seq": event.seq, "code": batch.code}
        if received.created:
            message = _("Sent: event #%(seq)d of batch %(code)s.", **words)
        else:
            message = _("Already received: event #%(seq)d of batch %(code)s.", **words)
    else:
        assert batch is not None
        if received.created:
            message = _("Sent: batch %(code)s.", code=batch.code)
        else:
            message = _("Already received: batch %(code)s.", code=batch.code)
    body = {
        "status": "recorded" if received.created else "already",
        "client_id": record.client_id,
        "seq": event.seq if event is not None else None,
        "batch": batch.code,
        "recalled": record.batch_recalled,
        "message": message,
        "url": url_for("trace.batch", batch_id=batch.id) + ("#events" if event else ""),
    }
    if record.batch_recalled:
        body["warning"] = _("The batch had been recalled when the event was sent.")
    return jsonify(body), 201 if received.created else 200


def _refused(form: Form, errors: dict):
    """422 with one line per problem, each named by its field's label."""
    lines = []
    for name, messages in errors.items():
        field = form.error_field(name) if name else None
        for message in messages if isinstance(messages, list) else [messages]:
            lines.append(f"{field.label.text}: {message}" if field is not None else str(message))
    return jsonify(status="refused", errors=lines), 422


@bp.route("/m/api/batches/<int:batch_id>/events", methods=["POST"])
@roles_required(*STAFF)
@limiter.limit(lambda: current_app.config["OFFLINE_SYNC_RATE_LIMIT"], key_func=_user_key)
def send_event(batch_id: int):
    """Receive a trace event recorded offline: the event form's fields, a client id, and the
    phone's clock when saved. A repeated client id answers with what was recorded."""
    batch = batch_or_403(batch_id)
    client = client_stamp(request.form.get("client_id"), request.form.get("saved_at"))
    if client is None:
        return jsonify(status="refused", errors=[_("The record has no valid client id.")]), 400
    found = offline_record(batch.cooperative_id, client.client_id)
    if found is not None:  # a retry: answer before judging the fields again
        return _answer(Received(found, False))
    form = EventForm(batch)
    if not form.validate_on_submit():
        return _refused(form, form.errors)
    try:
        received = receive_event(batch, form.to_data(), current_user, form.files(), client)
    except ServiceError as exc:
        return _refused(form, {k: [v] for k, v in exc.errors.items()})
    return _answer(received)


@bp.route("/m/api/products/<int:product_id>/batches", methods=["POST"])
@roles_required(*STAFF)
@limiter.limit(lambda: current_app.config["OFFLINE_SYNC_RATE_LIMIT"], key_func=_user_key)
def send_batch(product_id: int):
    """Receive a batch recorded offline: the batch form's fields, a client id, the phone's
    clock when saved. A repeated client id answers with the batch already made."""
    product = product_or_403(product_id)
    client = client_stamp(request.form.get("client_id"), request.form.get("saved_at"))
    if client is None:
        return jsonify(status="refused", errors=[_("The record has no valid client id.")]), 400
    found = offline_record(product.cooperative_id, client.client_id)
    if found is not None:
        return _answer(Received(found, False))
    form = BatchForm(**batch_form_parts(product))
    if not form.validate_on_submit():
        return _refused(form, form.errors)
    try:
        received = receive_batch(product, form.to_data(), current_user, client)
    except ServiceError as exc:
        return _refused(form, {k: [v] for k, v in exc.errors.items()})
    return _answer(received)


@bp.app_template_global("offline_app")
def offline_app() -> dict:
    """What static/js/offline.js needs on a signed-in page: addresses, the user, its words."""
    return {
        "worker": url_for("offline.service_worker"),
        "shell": url_for("offline.shell"),
        "token": url_for("offline.token"),
        "send": url_for("offline.send_event", batch_id=0).replace("/0/", "/{batch}/"),
        "send_batch": url_for("offline.send_batch", product_id=0).replace("/0/", "/{product}/"),
        "user": current_user.get_id(),
        "words": {
            "waiting": _("waiting to send"),
            "refused": _("not accepted"),
            "sent": _("sent"),
            "sending": _("Sending what waits…"),
            "kept": _("Saved on this phone. It will be sent when the signal returns."),
            "offline": _("No signal: what you record waits on this phone."),
            "failed": _("Could not send now: it stays on this phone and is tried again."),
            "signin": _("Sign in again to send what waits."),
            "forbidden": _("You may not record events on this batch."),
            "photos": _("Photos:"),
            "discard": _("Discard"),
            "edit": _("Correct and send again"),
            "confirm": _("Discard this record? It was not sent."),
            "new_batch": _("New batch"),
        },
    }
