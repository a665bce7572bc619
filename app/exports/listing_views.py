"""A product's listings: each variant on each marketplace, and the two ways staff record
their status in one submit: the grid (tick variants on marketplaces, one status, the
address on each marketplace) and live addresses pasted one per line (matched to their
marketplace; when the product has several variants, a second step asks which each is,
suggesting the variant already live at that address)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from ..access import STAFF, product_or_403, roles_required
from ..clock import local_today
from ..services import ServiceError
from . import bp, profiles
from .forms import ALL_VARIANTS, PasteForm, bulk_status_form
from .listing_status import listings_of, set_statuses


def _split(listings, grid) -> tuple[list[profiles.Profile], list[profiles.Profile]]:
    """The grid's marketplaces shown open (those whose live addresses Lên Sàn knows, and any
    the product is listed on, ticked or in error) and those folded under "other channels"."""
    used = {m for _v, m in listings} | {c.marketplace for c in grid.changes()}
    shown: list[profiles.Profile] = []
    folded: list[profiles.Profile] = []
    for p in profiles.all_profiles().values():
        open_ = p.url_pattern or p.id in used or grid.url_field(p.id).errors
        (shown if open_ else folded).append(p)
    return shown, folded


def _suggested(lines, listings, variants) -> dict[int, str]:
    """Each pasted line's variant where the product's listings already say it: the one
    variant live at that address, or "all" when every variant is."""
    found = {}
    for line in lines:
        at = {
            v for (v, m), x in listings.items() if m == line.marketplace and x.live_url == line.url
        }
        if at and at == {v.id for v in variants}:
            found[line.number] = ALL_VARIANTS
        elif len(at) == 1:
            found[line.number] = str(at.pop())
    return found


def _page(product, grid, paste, confirming=False):
    listings = listings_of(product)
    shown, folded = _split(listings, grid)
    return render_template(
        "exports/listings.html",
        product=product,
        grid=grid,
        paste=paste,
        confirming=confirming,
        suggested=_suggested(paste.lines, listings, product.variants) if confirming else {},
        all_variants=ALL_VARIANTS,
        listings=listings,
        profiles=profiles.all_profiles(),
        shown=shown,
        folded=folded,
        names=profiles.names(),
    )


def _saved(product, count: int):
    flash(
        ngettext(
            "Saved the status of %(num)d listing.", "Saved the status of %(num)d listings.", count
        ),
        "success",
    )
    return redirect(url_for("exports.listings", product_id=product.id))


def _grid(product):
    grid = bulk_status_form()
    if grid.validate_on_submit():
        try:
            saved = set_statuses(
                product, grid.changes(), grid.status.data, current_user, local_today(),
                reason=grid.reason.data,
            )  # fmt: skip
        except ServiceError as exc:
            grid.add_errors(exc)
        else:
            return _saved(product, len(saved))
    return _page(product, grid, PasteForm(formdata=None))


def _paste(product):
    """First the lines alone; with several variants, the second step (``confirm``) brings
    each line's variant."""
    paste = PasteForm()
    grid = bulk_status_form(formdata=None)
    if not paste.validate_on_submit():
        return _page(product, grid, paste)
    variants = list(product.variants)
    if len(variants) > 1 and request.form.get("step") != "confirm":
        return _page(product, grid, paste, confirming=True)
    changes = paste.choices_of(variants, request.form)
    if changes is None:
        return _page(product, grid, paste, confirming=True)
    try:
        saved = set_statuses(product, changes, "live", current_user, local_today())
    except ServiceError as exc:
        for message in exc.errors.values():
            paste.urls.errors.append(message)
        return _page(product, grid, paste, confirming=len(variants) > 1)
    return _saved(product, len(saved))


@bp.route("/products/<int:product_id>", methods=["GET", "POST"])
@roles_required(*STAFF)
def listings(product_id: int):
    """A product's listings and the forms that record their status."""
    product = product_or_403(product_id)
    if request.method == "POST":
        return _paste(product) if request.form.get("form_name") == "paste" else _grid(product)
    return _page(product, bulk_status_form(formdata=None), PasteForm(formdata=None))
