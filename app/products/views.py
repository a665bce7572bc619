"""Product views: the staff list, add, view, edit, archive and restore."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import STAFF, cooperative_or_403, product_or_403, roles_required, visible_cooperatives
from ..certificates.services import certificate_label, valid_certificates
from ..clock import local_today
from ..models import Cooperative, ProductStatus
from ..paging import id_arg, page_number
from ..redirects import next_or, next_path
from ..services import ServiceError
from . import bp, categories
from .forms import ArchiveForm, FilterForm, ProductForm, initial_data
from .rules import gtin_info, net_quantity_label, title_warning, unit_label
from .services import (
    active_cooperatives,
    product_certificate_rows,
    product_ocop_stars,
    save_product,
    search_products,
    set_status,
)

bp.add_app_template_filter(unit_label, "unit_label")
bp.add_app_template_filter(net_quantity_label, "net_quantity")
bp.add_app_template_filter(categories.path_label, "category_label")


def _active_cooperatives() -> list[Cooperative]:
    """The cooperatives the user may add products to, by name."""
    return active_cooperatives(visible_cooperatives(current_user))


@bp.route("/")
@roles_required(*STAFF)
def index():
    cooperatives = _active_cooperatives()
    form = FilterForm(cooperatives=cooperatives, formdata=request.args)
    filters = form.to_data()
    return render_template(
        "products/index.html",
        form=form,
        filters=filters,
        page=search_products(visible_cooperatives(current_user), filters, page_number()),
        show_cooperative=len(cooperatives) > 1,
    )


def _form(cooperative, today, product=None) -> ProductForm:
    gtin = gtin_info(product.gtin) if product else None
    return ProductForm(
        data=initial_data(product, cooperative, gtin.digits if gtin else ""),
        certificates=valid_certificates(cooperative, today),
        certificate_label=certificate_label,
    )


def _save(form, cooperative, today, product=None):
    """Validate and save; a redirect, or None to show the form again (errors, a new row)."""
    if form.add_variant.data:
        form.add_row()
        return None
    if form.refresh.data or not form.validate_on_submit():
        return None
    data = form.to_data()
    try:
        saved = save_product(cooperative, data, today, actor_id=current_user.id, product=product)
    except ServiceError as exc:
        form.add_errors(exc)
        return None
    flash(_("Saved the product %(name)s.", name=saved.name), "success")
    made = [v.sku for v in data.variants if v.sku_generated]
    if made:
        flash(
            _(
                "SKU made for the variants left without one: %(skus)s. You can change it "
                "when you edit the product.",
                skus=", ".join(made),
            ),
            "info",
        )
    warning = title_warning(saved.name)
    if warning:
        flash(str(warning), "warning")
    return redirect(next_or(url_for("products.show", product_id=saved.id)))  # e.g. the check


def _form_page(form, cooperative, product=None):
    return render_template(
        "products/form.html",
        form=form,
        cooperative=cooperative,
        product=product,
        back_to=next_path(),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def create():
    """Add a product to the cooperative in ``?cooperative=``; ask which one when it is not
    given and the user has several."""
    cooperative_id = id_arg("cooperative")
    if cooperative_id is None:
        cooperatives = _active_cooperatives()
        if len(cooperatives) == 1:
            return redirect(url_for("products.create", cooperative=cooperatives[0].id))
        return render_template("products/choose.html", cooperatives=cooperatives)
    cooperative = cooperative_or_403(cooperative_id)
    today = local_today()
    form = _form(cooperative, today)
    return _save(form, cooperative, today) or _form_page(form, cooperative)


@bp.route("/<int:product_id>")
@roles_required(*STAFF)
def show(product_id: int):
    product = product_or_403(product_id)
    today = local_today()
    return render_template(
        "products/show.html",
        product=product,
        cooperative=product.cooperative,
        certificates=product_certificate_rows(product, today),
        ocop_stars=product_ocop_stars(product, today),
        gtin=gtin_info(product.gtin),
        archive_form=ArchiveForm(),
    )


@bp.route("/<int:product_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit(product_id: int):
    product = product_or_403(product_id)
    cooperative = product.cooperative
    today = local_today()
    form = _form(cooperative, today, product)
    return _save(form, cooperative, today, product) or _form_page(form, cooperative, product)


def _set_status(product_id: int, status: ProductStatus):
    """Load the product (403 if not the user's), check the POST, change its status."""
    product = product_or_403(product_id)
    if not ArchiveForm().validate_on_submit():
        abort(400)
    set_status(product, status)
    return product


@bp.route("/<int:product_id>/archive", methods=["POST"])
@roles_required(*STAFF)
def archive(product_id: int):
    product = _set_status(product_id, ProductStatus.ARCHIVED)
    flash(
        _(
            "%(name)s was archived: lists no longer show it; its page and codes still work.",
            name=product.name,
        ),
        "info",
    )
    return redirect(url_for("products.show", product_id=product.id))


@bp.route("/<int:product_id>/unarchive", methods=["POST"])
@roles_required(*STAFF)
def unarchive(product_id: int):
    product = _set_status(product_id, ProductStatus.DRAFT)
    flash(
        _("%(name)s is back, as a draft: check it and put it on sale.", name=product.name), "info"
    )
    return redirect(url_for("products.show", product_id=product.id))
