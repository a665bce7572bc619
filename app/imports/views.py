"""Import views: upload → preview (every problem, everything to create) → confirm.

Cooperatives and products go through the same three steps; what differs (who may import,
how a file is checked and saved, the pages) is described once per kind in :mod:`.kinds`.
"""

import io

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user

from ..access import STAFF, roles_required
from ..models import Role
from ..services import ServiceError
from ..text import clean
from . import bp
from .forms import ConfirmForm, UploadForm
from .kinds import COOPERATIVES, PRODUCTS, Kind
from .problems import ImportFileError
from .services import import_caps, keep_upload, load_upload, upload_token

OFFICE = (Role.ADMIN, Role.OFFICER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _preview_page(kind: Kind, preview, token: str, filename: str):
    # formdata=None: after a POST, show this preview's digest, not the one sent back.
    form = ConfirmForm(formdata=None, token=token, fingerprint=preview.fingerprint())
    form.submit.label.text = kind.confirm_label
    return render_template(
        kind.preview_template,
        kind=kind,
        preview=preview,
        form=form,
        filename=filename,
        valid_count=len(preview.valid),
        invalid_count=len(preview.invalid),
        **kind.page_extras(),
    )


def _upload(kind: Kind):
    form = UploadForm()
    caps = import_caps(current_app.config)
    if form.validate_on_submit():
        data = form.file.data.read(caps["max_bytes"] + 1)
        filename = clean(form.file.data.filename)[:200]  # shown on the preview: no bidi tricks
        try:
            preview = kind.preview(current_user, data, **caps)
        except ImportFileError as exc:
            form.file.errors.extend(exc.messages)
        except ServiceError as exc:
            form.add_errors(exc)
        else:
            if not preview.valid:  # nothing to confirm, so nothing to keep
                return _preview_page(kind, preview, "", filename)
            token = upload_token(
                current_app.config["SECRET_KEY"], keep_upload(data), current_user.id, filename
            )
            # Post/Redirect/Get: reloading the preview on a slow line never sends the file again.
            return redirect(url_for(f".preview_{kind.name}", token=token))
    return render_template(
        "imports/upload.html",
        kind=kind,
        form=form,
        max_mb=f"{caps['max_bytes'] / 1024 / 1024:g}",
        max_rows=format_number(caps["max_rows"]),
    )


def _load_and_check(kind: Kind, token: str):
    """(key, preview, filename) of the user's kept upload, checked again; None if refused."""
    try:
        key, data, filename = load_upload(current_app.config["SECRET_KEY"], token, current_user.id)
        preview = kind.preview(current_user, data, **import_caps(current_app.config))
    except ServiceError as exc:
        flash(str(exc.message), "warning")
        return None
    except ImportFileError as exc:
        flash(" ".join(str(m) for m in exc.messages), "warning")
        return None
    return key, preview, filename


def _preview(kind: Kind):
    """The preview of a kept upload, checked again against today's data."""
    token = request.args.get("token", "")
    loaded = _load_and_check(kind, token)
    if loaded is None:
        return redirect(url_for(f".{kind.name}"))
    _key, preview, filename = loaded
    return _preview_page(kind, preview, token, filename)


def _confirm(kind: Kind):
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("This upload has expired. Upload the file again."), "warning")
        return redirect(url_for(f".{kind.name}"))
    loaded = _load_and_check(kind, form.token.data)
    if loaded is None:
        return redirect(url_for(f".{kind.name}"))
    key, preview, filename = loaded
    if preview.fingerprint() != form.fingerprint.data:
        flash(_("The data changed since your preview. Check it again, then confirm."), "warning")
        return _preview_page(kind, preview, form.token.data, filename)
    if kind.in_background is not None:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        user = current_user._get_current_object()
        job = kind.in_background(app, user, key, preview, filename, kind.next_url())
        flash(_("The import runs in the background: this page shows how far it is."), "info")
        if preview.invalid:
            flash(kind.skipped_message(len(preview.invalid)), "warning")
        return redirect(url_for("background.job", job_id=job.id))
    try:
        created = kind.save(current_user, preview)
    except ServiceError as exc:
        flash(str(exc.message), "danger")
        return _preview_page(kind, preview, form.token.data, filename)
    kind.discard(key)
    flash(kind.done_message(len(created)), "success")
    if preview.invalid:
        flash(kind.skipped_message(len(preview.invalid)), "warning")
    return redirect(kind.next_url())


def _template(kind: Kind):
    return send_file(
        io.BytesIO(kind.template()), mimetype=XLSX, as_attachment=True,
        download_name=kind.template_name,
    )  # fmt: skip


@bp.route("/cooperatives", methods=["GET", "POST"])
@roles_required(*OFFICE)
def cooperatives():
    return _upload(COOPERATIVES)


@bp.route("/cooperatives/preview")
@roles_required(*OFFICE)
def preview_cooperatives():
    return _preview(COOPERATIVES)


@bp.route("/cooperatives/template.xlsx")
@roles_required(*OFFICE)
def cooperative_template_file():
    return _template(COOPERATIVES)


@bp.route("/cooperatives/confirm", methods=["POST"])
@roles_required(*OFFICE)
def confirm_cooperatives():
    return _confirm(COOPERATIVES)


@bp.route("/products", methods=["GET", "POST"])
@roles_required(*STAFF)
def products():
    return _upload(PRODUCTS)


@bp.route("/products/preview")
@roles_required(*STAFF)
def preview_products():
    return _preview(PRODUCTS)


@bp.route("/products/template.xlsx")
@roles_required(*STAFF)
def product_template_file():
    return _template(PRODUCTS)


@bp.route("/products/confirm", methods=["POST"])
@roles_required(*STAFF)
def confirm_products():
    return _confirm(PRODUCTS)
