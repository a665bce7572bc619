"""Activity pages: a cooperative's history, the administrators' log and its download."""

import io

from flask import abort, render_template, request, send_file
from flask_login import current_user

from ..access import STAFF, cooperative_or_403, roles_required
from ..clock import local_today
from ..extensions import db
from ..models import Role
from ..paging import page_number, paginate
from . import bp
from .display import entries
from .export import MAX_ENTRIES, write_xlsx
from .forms import FilterForm
from .services import PER_PAGE, Filters, choices, filtered, may_see_history, page_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/cooperatives/<int:cooperative_id>/activity")
@roles_required(*STAFF)
def cooperative(cooperative_id: int):
    coop = cooperative_or_403(cooperative_id)
    if not may_see_history(current_user, coop):
        abort(403)
    page = paginate(filtered(Filters(cooperative_id=coop.id)), page_number(), PER_PAGE)
    return render_template(
        "activity/cooperative.html", cooperative=coop, page=page, log_entries=entries(page.items)
    )


def _filters() -> tuple[FilterForm, Filters]:
    cooperatives, people = choices()
    form = FilterForm(cooperatives, people, formdata=request.args)
    return form, form.to_filters()


@bp.route("/admin/activity")
@roles_required(Role.ADMIN)
def index():
    form, filters = _filters()
    page = page_of(filters, page_number())
    return render_template(
        "activity/index.html",
        form=form,
        filters=filters,
        page=page,
        log_entries=entries(page.items),
    )


@bp.route("/admin/activity.xlsx")
@roles_required(Role.ADMIN)
def download():
    """The filtered log (its newest entries, at most MAX_ENTRIES) as an .xlsx."""
    _, filters = _filters()
    rows = list(db.session.execute(filtered(filters).limit(MAX_ENTRIES)).scalars())
    out = io.BytesIO()
    write_xlsx(entries(rows), out)
    out.seek(0)
    name = f"lensan-activity-{local_today().isoformat()}.xlsx"
    return send_file(out, mimetype=XLSX, as_attachment=True, download_name=name)
