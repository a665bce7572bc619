"""Certificate views: add, edit, delete, and the staff-only download of the scan."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import storage
from ..access import STAFF, cooperative_or_403, roles_required
from ..clock import local_today
from ..filenames import content_disposition, scan_filename
from ..models import CertificateKind
from ..paging import id_arg
from ..redirects import next_or, next_path
from ..services import ServiceError
from . import bp
from .forms import CertificateForm, DeleteForm
from .rules import CertificateStatus, status_on
from .services import (
    certificate_label,
    certificate_of,
    delete_certificate,
    product_of,
    save_certificate,
    scan_mimetype,
)

bp.add_app_template_filter(certificate_label, "certificate_label")


def _back(cooperative):
    """The page that sent here (``?next=``, e.g. the readiness check), else the cooperative's."""
    default = url_for("cooperatives.show", cooperative_id=cooperative.id) + "#certificates"
    return redirect(next_or(default))


def _save(form, cooperative, certificate=None, product=None):
    """Validate and save; a redirect, or None to show the form again with its errors."""
    if not form.validate_on_submit():
        form.keep_chosen()
        return None
    today = local_today()
    try:
        saved = save_certificate(
            cooperative,
            form.to_data(),
            today,
            actor_id=current_user.id,
            scan=getattr(form, "scan_upload", None),
            remove_scan=form.remove_scan.data,
            certificate=certificate,
            product=product,
        )
    except ServiceError as exc:
        form.add_errors(exc)
        form.keep_chosen()
        return None
    form.used_kept()
    flash(_("Saved the certificate %(number)s.", number=saved.number), "success")
    if status_on(saved.issued_on, saved.expires_on, today) == CertificateStatus.EXPIRED:
        flash(_("This certificate has expired: buyers will not see it as valid."), "warning")
    return _back(cooperative)


def _form_page(form, cooperative, certificate=None, product=None):
    return render_template(
        "certificates/form.html",
        form=form,
        cooperative=cooperative,
        certificate=certificate,
        product=product,
        back_to=next_path(),
        delete_form=DeleteForm() if certificate else None,
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def create(cooperative_id: int):
    """A new certificate; ``?kind=`` chooses its kind and ``?product=`` (one of the
    cooperative's) links it to that product on saving: the readiness check's claim fix."""
    cooperative = cooperative_or_403(cooperative_id)
    product = product_of(cooperative, id_arg("product"))
    kind = request.args.get("kind")
    form = CertificateForm(data={"kind": kind} if kind in set(CertificateKind) else None)
    return _save(form, cooperative, product=product) or _form_page(form, cooperative, None, product)


@bp.route("/<int:certificate_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit(cooperative_id: int, certificate_id: int):
    cooperative = cooperative_or_403(cooperative_id)
    certificate = certificate_of(cooperative, certificate_id) or abort(404)
    form = CertificateForm(obj=certificate)
    return _save(form, cooperative, certificate) or _form_page(form, cooperative, certificate)


@bp.route("/<int:certificate_id>/delete", methods=["POST"])
@roles_required(*STAFF)
def delete(cooperative_id: int, certificate_id: int):
    cooperative = cooperative_or_403(cooperative_id)
    certificate = certificate_of(cooperative, certificate_id) or abort(404)
    if not DeleteForm().validate_on_submit():
        abort(400)
    number = certificate.number
    delete_certificate(certificate)
    flash(_("Deleted the certificate %(number)s.", number=number), "info")
    return _back(cooperative)


@bp.route("/<int:certificate_id>/scan")
@roles_required(*STAFF)
def scan(cooperative_id: int, certificate_id: int):
    """The scan, only to staff of this cooperative, under the name it was uploaded with."""
    cooperative = cooperative_or_403(cooperative_id)
    certificate = certificate_of(cooperative, certificate_id) or abort(404)
    key = certificate.document_key
    if not storage.is_valid_key(key) or not storage.exists(key):
        abort(404)
    response = storage.send(key, scan_mimetype(key), max_age=0)
    name = certificate.document_name or scan_filename(None, key.rsplit(".", 1)[-1])
    response.headers["Content-Disposition"] = content_disposition(name)
    response.headers["Cache-Control"] = "private, no-store"
    return response
