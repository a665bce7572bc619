"""Photo views: the photos page, upload, move, alt text and delete — each a thin wrapper."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from werkzeug.routing import BuildError
from wtforms import ValidationError

from ..access import STAFF, product_or_403, roles_required
from ..redirects import next_or, next_path
from . import bp
from .forms import AltTextForm, DeleteForm, MoveForm, UploadForm
from .jobs import start_renditions
from .panel import product_image_alt, product_image_size, product_image_url, product_photos
from .services import (
    MAX_IMAGES,
    ImageError,
    add_images,
    delete_image,
    image_of,
    is_read_only,
    max_bytes,
    move_image,
    set_alt_text,
)

bp.add_app_template_global(product_image_url, "product_image_url")
bp.add_app_template_global(product_photos, "product_photos")
bp.add_app_template_global(product_image_size, "product_image_size")
bp.add_app_template_filter(product_image_alt, "product_image_alt")


@bp.url_value_preprocessor
def _allow_nine_photos(endpoint, values):
    """Let one upload carry nine full-size photos, for signed-in staff only.

    Runs before anything reads the body (the CSRF check reads the form). Anyone else, and a
    request without this session's CSRF token in its address (the upload form puts it there)
    or header, keeps the app's normal MAX_CONTENT_LENGTH: a larger body is answered 413
    before it is read.
    """
    if endpoint == "product_images.upload" and request.method == "POST" and _may_send_photos():
        request.max_content_length = MAX_IMAGES * max_bytes() + 1024 * 1024


def _may_send_photos() -> bool:
    if not current_user.is_authenticated or current_user.role not in STAFF:
        return False
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    token = request.args.get("csrf_token") or request.headers.get("X-CSRFToken")
    try:
        validate_csrf(token)
    except ValidationError:
        return False
    return True


def _product_url(product) -> str | None:
    """The product's own page, once the product views provide one."""
    try:
        return url_for("products.show", product_id=product.id)
    except BuildError:
        return None


def _back(product):
    """Where to go after a change: the product's page if there is one, else the photos page;
    with ``?next=`` (the readiness check), the photos page again, still carrying it."""
    back = next_path()
    if back:
        return url_for("product_images.index", product_id=product.id, next=back) + "#photos"
    page = _product_url(product) or url_for("product_images.index", product_id=product.id)
    return page + "#photos"


def _writable(product_id: int):
    """The product (403 if not the user's); None when its cooperative is archived."""
    product = product_or_403(product_id)
    if is_read_only(product):
        flash(_("This cooperative is archived: its product photos are read-only."), "warning")
        return None
    return product


def _page(product, **panel):
    back = next_path()
    return render_template(
        "product_images/index.html",
        product=product,
        photos=product_photos(product, manage_page=True, next_url=back, **panel),
        back_url=_product_url(product),
        back_to=back,
    )


@bp.route("/")
@roles_required(*STAFF)
def index(product_id: int):
    return _page(product_or_403(product_id))


@bp.route("/", methods=["POST"])
@roles_required(*STAFF)
def upload(product_id: int):
    product = _writable(product_id)
    if product is None:
        return redirect(url_for("product_images.index", product_id=product_id))
    form = UploadForm()
    if not form.validate_on_submit():
        form.keep_chosen()
        return _page(product, upload_form=form)
    try:
        added = add_images(product, form.files(), renditions_later=True)
    except ImageError as exc:
        form.keep_chosen()
        return _page(product, upload_form=form, problems=exc.problems)
    form.used_kept()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    start_renditions(app, product, added, current_user.id)
    flash(ngettext("Added %(num)d photo.", "Added %(num)d photos.", len(added)), "success")
    return redirect(next_or(_back(product)))  # the upload fixes it: back to the check


def _image(product_id: int, image_id: int):
    product = _writable(product_id)
    if product is None:
        return None, None
    return product, image_of(product, image_id) or abort(404)


@bp.route("/<int:image_id>/move", methods=["POST"])
@roles_required(*STAFF)
def move(product_id: int, image_id: int):
    product, image = _image(product_id, image_id)
    if product is None:
        return redirect(url_for("product_images.index", product_id=product_id))
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    move_image(product, image, -1 if form.direction.data == "up" else 1)
    return redirect(_back(product))


@bp.route("/<int:image_id>/alt", methods=["POST"])
@roles_required(*STAFF)
def alt_text(product_id: int, image_id: int):
    product, image = _image(product_id, image_id)
    if product is None:
        return redirect(url_for("product_images.index", product_id=product_id))
    form = AltTextForm()
    if not form.validate_on_submit():
        error = " ".join(str(e) for e in form.alt_text.errors) or _("Send the form again.")
        return _page(product, alt_error=(image.id, form.alt_text.data or "", error))
    set_alt_text(image, form.alt_text.data)
    flash(_("Saved the description of photo %(num)d.", num=image.position + 1), "success")
    return redirect(_back(product))


@bp.route("/<int:image_id>/delete", methods=["POST"])
@roles_required(*STAFF)
def delete(product_id: int, image_id: int):
    product, image = _image(product_id, image_id)
    if product is None:
        return redirect(url_for("product_images.index", product_id=product_id))
    if not DeleteForm().validate_on_submit():
        abort(400)
    delete_image(product, image)
    flash(_("The photo was deleted."), "info")
    return redirect(_back(product))
