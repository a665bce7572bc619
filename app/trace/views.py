"""Trace views: plots and facilities; batches with their lineage, closing, reopening, recall."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import (
    STAFF,
    batch_or_403,
    cooperative_or_403,
    plot_or_403,
    product_or_403,
    roles_required,
    visible_cooperatives,
)
from ..clock import local_today
from ..i18n import fmt_date
from ..models import BatchStatus, ProductStatus
from ..paging import id_arg, page_number
from ..products.services import active_cooperatives
from ..services import ServiceError
from . import bp
from .forms import (
    BatchFilterForm,
    BatchForm,
    NotesForm,
    PlotForm,
    RecallForm,
    StatusForm,
    batch_initial,
    plot_initial,
)
from .rules import (
    batch_unit_label,
    default_batch_unit,
    lot_prefix,
    suggest_lot,
)
from .services import (
    cooperative_plots,
    existing_codes,
    input_choices,
    lineage,
    list_plots,
    product_batches,
    recall_batch,
    save_batch,
    save_notes,
    save_plot,
    search_batches,
    set_batch_status,
    set_plot_archived,
    visible_products,
)

bp.add_app_template_filter(batch_unit_label, "batch_unit")
bp.add_app_template_global(product_batches, "batches_of")
bp.add_app_template_global(cooperative_plots, "plots_of")


# --- plots --------------------------------------------------------------------------------------


@bp.route("/plots/")
@roles_required(*STAFF)
def plots():
    visible = visible_cooperatives(current_user)
    cooperatives = active_cooperatives(visible)
    cooperative_id = id_arg("cooperative")
    if cooperative_id not in {c.id for c in cooperatives}:
        cooperative_id = None
    archived = request.args.get("archived") == "1"
    return render_template(
        "trace/plots.html",
        plots=list_plots(visible, cooperative_id, archived),
        cooperatives=cooperatives,
        cooperative_id=cooperative_id,
        archived=archived,
        show_cooperative=len(cooperatives) > 1,
        status_form=StatusForm(),
    )


def _plot_page(form, cooperative, plot=None):
    if not form.refresh.data and form.validate_on_submit():
        try:
            saved = save_plot(cooperative, form.to_data(), plot)
        except ServiceError as exc:
            form.add_errors(exc)
        else:
            flash(_("Saved %(name)s.", name=saved.name), "success")
            return redirect(
                url_for("trace.plots", cooperative=cooperative.id) + f"#plot-{saved.id}"
            )
    return render_template("trace/plot_form.html", form=form, cooperative=cooperative, plot=plot)


@bp.route("/plots/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def plot_create():
    """Add a plot or facility to the cooperative in ``?cooperative=``."""
    cooperative_id = id_arg("cooperative")
    if cooperative_id is None:
        cooperatives = active_cooperatives(visible_cooperatives(current_user))
        if len(cooperatives) == 1:
            return redirect(url_for("trace.plot_create", cooperative=cooperatives[0].id))
        return render_template("trace/choose_cooperative.html", cooperatives=cooperatives)
    cooperative = cooperative_or_403(cooperative_id)
    return _plot_page(PlotForm(data=plot_initial(cooperative=cooperative)), cooperative)


@bp.route("/plots/<int:plot_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def plot_edit(plot_id: int):
    plot = plot_or_403(plot_id)
    return _plot_page(PlotForm(data=plot_initial(plot)), plot.cooperative, plot)


def _archive(plot_id: int, archived: bool):
    plot = plot_or_403(plot_id)
    if not StatusForm().validate_on_submit():
        abort(400)
    set_plot_archived(plot, archived)
    message = (
        _("Archived %(name)s.", name=plot.name)
        if archived
        else _("Restored %(name)s.", name=plot.name)
    )
    flash(message, "info")
    return redirect(url_for("trace.plots", cooperative=plot.cooperative_id))


@bp.route("/plots/<int:plot_id>/archive", methods=["POST"])
@roles_required(*STAFF)
def plot_archive(plot_id: int):
    return _archive(plot_id, True)


@bp.route("/plots/<int:plot_id>/unarchive", methods=["POST"])
@roles_required(*STAFF)
def plot_unarchive(plot_id: int):
    return _archive(plot_id, False)


# --- batches ------------------------------------------------------------------------------------


@bp.route("/batches/")
@roles_required(*STAFF)
def batches():
    visible = visible_cooperatives(current_user)
    cooperatives = active_cooperatives(visible)
    form = BatchFilterForm(
        cooperatives=cooperatives, products=visible_products(visible), formdata=request.args
    )
    filters = form.to_data()
    return render_template(
        "trace/batches.html",
        form=form,
        filters=filters,
        page=search_batches(visible, filters, page_number()),
        show_cooperative=len(cooperatives) > 1,
    )


def _batch_form(product, today, batch=None, plot_id=None) -> BatchForm:
    """The batch's values, or for a new batch a suggested code, the product's unit and the
    plot it was started from (``?plot=``, when it is one of the cooperative's)."""
    plots = cooperative_plots(product.cooperative_id, batch.plot_id if batch else None)
    if batch is None:
        prefix = lot_prefix([v.sku for v in product.variants], product.name)
        code = suggest_lot(prefix, today, existing_codes(product.cooperative_id))
        initial = batch_initial(code=code, unit=default_batch_unit(product.unit))
        initial["plot_id"] = plot_id if plot_id in {p.id for p in plots} else None
    else:
        initial = batch_initial(batch)
    return BatchForm(
        data=initial,
        variants=product.variants,
        plots=plots,
        inputs=input_choices(product.cooperative_id, batch),
        today=today,
    )


def _batch_page(form, product, today, batch=None):
    if form.validate_on_submit():
        try:
            saved = save_batch(
                product, form.to_data(), today, actor_id=current_user.id, batch=batch
            )
        except ServiceError as exc:
            form.add_errors(exc)
        else:
            flash(_("Saved the batch %(code)s.", code=saved.code), "success")
            if form.expires_on.data is None and saved.expires_on is not None:
                flash(
                    _(
                        "Expiry date %(date)s, computed from the product's shelf life of "
                        "%(days)d days.",
                        date=fmt_date(saved.expires_on),
                        days=product.shelf_life_days,
                    ),
                    "info",
                )
            return redirect(url_for("trace.batch", batch_id=saved.id))
    return render_template("trace/batch_form.html", form=form, product=product, batch=batch)


@bp.route("/batches/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def batch_create():
    """Record a batch of the product in ``?product=`` (from the plot in ``?plot=``); ask which
    product only when there is a choice: a cooperative with one product goes straight on."""
    product_id, plot_id = id_arg("product"), id_arg("plot")
    if product_id is None:
        products = visible_products(visible_cooperatives(current_user))
        if plot_id is not None:
            cooperative_id = plot_or_403(plot_id).cooperative_id
            products = [p for p in products if p.cooperative_id == cooperative_id]
        on_sale = [p for p in products if p.status != ProductStatus.ARCHIVED]
        if len(on_sale) != 1:
            return render_template("trace/choose_product.html", products=products, plot=plot_id)
        product_id = on_sale[0].id
    product = product_or_403(product_id)
    today = local_today()
    return _batch_page(_batch_form(product, today, plot_id=plot_id), product, today)


@bp.route("/batches/<int:batch_id>")
@roles_required(*STAFF)
def batch(batch_id: int):
    batch = batch_or_403(batch_id)
    inputs, outputs = lineage(batch)
    return render_template(
        "trace/batch.html",
        batch=batch,
        product=batch.product,
        cooperative=batch.cooperative,
        inputs=inputs,
        outputs=outputs,
        status_form=StatusForm(),
    )


@bp.route("/batches/<int:batch_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def batch_edit(batch_id: int):
    """Edit a batch; once recalled, only its notes."""
    batch = batch_or_403(batch_id)
    if batch.status == BatchStatus.RECALLED:
        form = NotesForm(data={"notes": batch.notes})
        if form.validate_on_submit():
            save_notes(batch, form.notes.data)
            flash(_("Saved the notes of batch %(code)s.", code=batch.code), "success")
            return redirect(url_for("trace.batch", batch_id=batch.id))
        return render_template(
            "trace/batch_notes.html", form=form, batch=batch, product=batch.product
        )
    today = local_today()
    return _batch_page(_batch_form(batch.product, today, batch), batch.product, today, batch)


def _set_status(batch_id: int, status: BatchStatus, message):
    batch = batch_or_403(batch_id)
    if not StatusForm().validate_on_submit():
        abort(400)
    try:
        set_batch_status(batch, status)
    except ServiceError as exc:
        flash(str(exc.message), "warning")
    else:
        flash(message(batch.code), "info")
    return redirect(url_for("trace.batch", batch_id=batch.id))


@bp.route("/batches/<int:batch_id>/close", methods=["POST"])
@roles_required(*STAFF)
def batch_close(batch_id: int):
    return _set_status(
        batch_id, BatchStatus.CLOSED, lambda c: _("Closed the batch %(code)s.", code=c)
    )


@bp.route("/batches/<int:batch_id>/reopen", methods=["POST"])
@roles_required(*STAFF)
def batch_reopen(batch_id: int):
    return _set_status(
        batch_id, BatchStatus.OPEN, lambda c: _("Reopened the batch %(code)s.", code=c)
    )


@bp.route("/batches/<int:batch_id>/recall", methods=["GET", "POST"])
@roles_required(*STAFF)
def batch_recall(batch_id: int):
    """The recall form: final; buyers who scan the code see it in red at once."""
    batch = batch_or_403(batch_id)
    today = local_today()
    if batch.status == BatchStatus.RECALLED:
        flash(_("This batch was already recalled."), "info")
        return redirect(url_for("trace.batch", batch_id=batch.id))
    form = RecallForm(data={"recalled_on": today}, today=today)
    if form.validate_on_submit():
        try:
            recall_batch(
                batch, form.reason.data, form.advice.data, form.recalled_on.data,
                current_user, today,
            )  # fmt: skip
        except ServiceError as exc:
            form.add_errors(exc)
        else:
            flash(_("Recalled the batch %(code)s.", code=batch.code), "warning")
            return redirect(url_for("trace.batch", batch_id=batch.id))
    return render_template("trace/recall.html", form=form, batch=batch, product=batch.product)
