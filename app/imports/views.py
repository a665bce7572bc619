"""Import views: upload → preview (every problem, every row to create) → confirm."""

import io

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from ..access import roles_required
from ..cooperatives.forms import KIND_LABELS
from ..importing import ImportFileError
from ..importing.template import cooperative_template
from ..models import Role
from . import bp
from .forms import ConfirmForm, UploadForm
from .services import (
    ImportRefused,
    discard_upload,
    import_caps,
    import_cooperatives,
    keep_upload,
    load_upload,
    preview_for,
    upload_token,
)

OFFICE = (Role.ADMIN, Role.OFFICER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _preview_page(preview, token: str, filename: str):
    # formdata=None: after a POST, show this preview's digest, not the one sent back.
    form = ConfirmForm(formdata=None, token=token, fingerprint=preview.fingerprint())
    return render_template(
        "imports/preview.html",
        preview=preview,
        form=form,
        filename=filename,
        valid_count=len(preview.valid),
        invalid_count=len(preview.invalid),
        kind_labels=KIND_LABELS,
    )


def _upload_page(form, caps):
    return render_template(
        "imports/upload.html",
        form=form,
        max_mb=f"{caps['max_bytes'] / 1024 / 1024:g}",
        max_rows=format_number(caps["max_rows"]),
    )


@bp.route("/cooperatives", methods=["GET", "POST"])
@roles_required(*OFFICE)
def cooperatives():
    form = UploadForm()
    caps = import_caps(current_app.config)
    if form.validate_on_submit():
        data = form.file.data.read(caps["max_bytes"] + 1)
        filename = form.file.data.filename or ""
        try:
            preview = preview_for(current_user, data, **caps)
        except ImportFileError as exc:
            form.file.errors.extend(exc.messages)
        else:
            if not preview.valid:  # nothing to confirm, so nothing to keep
                return _preview_page(preview, "", filename)
            token = upload_token(
                current_app.config["SECRET_KEY"], keep_upload(data), current_user.id, filename
            )
            # Post/Redirect/Get: reloading the preview on a slow line never sends the file again.
            return redirect(url_for(".preview_cooperatives", token=token))
    return _upload_page(form, caps)


@bp.route("/cooperatives/preview")
@roles_required(*OFFICE)
def preview_cooperatives():
    """The preview of a kept upload, checked again against today's data."""
    try:
        _key, data, filename = load_upload(
            current_app.config["SECRET_KEY"], request.args.get("token", ""), current_user.id
        )
        preview = preview_for(current_user, data, **import_caps(current_app.config))
    except ImportRefused as exc:
        flash(str(exc.message), "warning")
        return redirect(url_for(".cooperatives"))
    except ImportFileError as exc:
        flash(" ".join(str(m) for m in exc.messages), "warning")
        return redirect(url_for(".cooperatives"))
    return _preview_page(preview, request.args["token"], filename)


@bp.route("/cooperatives/template.xlsx")
@roles_required(*OFFICE)
def cooperative_template_file():
    return send_file(
        io.BytesIO(cooperative_template()),
        mimetype=XLSX,
        as_attachment=True,
        download_name="Mẫu nhập hợp tác xã.xlsx",
    )


@bp.route("/cooperatives/confirm", methods=["POST"])
@roles_required(*OFFICE)
def confirm_cooperatives():
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("This upload has expired. Upload the file again."), "warning")
        return redirect(url_for(".cooperatives"))
    try:
        key, data, filename = load_upload(
            current_app.config["SECRET_KEY"], form.token.data, current_user.id
        )
        preview = preview_for(current_user, data, **import_caps(current_app.config))
    except ImportRefused as exc:
        flash(str(exc.message), "warning")
        return redirect(url_for(".cooperatives"))
    except ImportFileError as exc:
        flash(" ".join(str(m) for m in exc.messages), "warning")
        return redirect(url_for(".cooperatives"))
    if preview.fingerprint() != form.fingerprint.data:
        flash(_("The data changed since your preview. Check it again, then confirm."), "warning")
        return _preview_page(preview, form.token.data, filename)
    try:
        created = import_cooperatives(current_user, preview)
    except ImportRefused as exc:
        flash(str(exc.message), "danger")
        return _preview_page(preview, form.token.data, filename)
    discard_upload(key)
    flash(
        ngettext("Imported %(num)d cooperative.", "Imported %(num)d cooperatives.", len(created)),
        "success",
    )
    if preview.invalid:
        flash(
            ngettext(
                "%(num)d row with problems was skipped.",
                "%(num)d rows with problems were skipped.",
                len(preview.invalid),
            ),
            "warning",
        )
    return redirect(url_for("cooperatives.index"))
