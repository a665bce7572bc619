"""Dashboard views: each role's home (a member's to-dos; the officers' dashboard) and its report."""

import io

from flask import render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from .. import areas
from ..access import STAFF, roles_required
from ..certificates.services import certificate_label, expiring_certificates
from ..clock import local_today
from ..extensions import db
from ..models import Marketplace, Role, Step
from ..onboarding.services import marketplace_name
from ..paging import page_number, paginate
from . import bp
from .charts import funnel_svg
from .forms import FilterForm
from .report import report_xlsx
from .services import (
    PAGE_SIZE,
    Filters,
    commune_choices,
    cooperative_rows,
    filtered_cooperatives,
    funnel,
    key_counts,
    ordered,
)
from .support import needs_help
from .todo import recent_batches, to_dos

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


bp.add_app_template_global(marketplace_name, "marketplace_name")


def _filters() -> tuple[FilterForm, Filters]:
    form = FilterForm(commune_choices(current_user), formdata=request.args)
    return form, form.to_data()


def _figures(filters: Filters):
    today = local_today()
    cooperatives = filtered_cooperatives(current_user, filters, today)
    stages = funnel(cooperatives, filters.marketplace)
    counts = key_counts(cooperatives, stages, today)
    return today, cooperatives, stages, counts


def _filter_lines(filters: Filters) -> list[tuple[str, str]]:
    """The filters in words, for the report and the chart's title."""
    lines = []
    if filters.commune_code:
        commune = areas.commune(filters.commune_code)
        lines.append((_("Commune"), commune.name if commune else str(filters.commune_code)))
    if filters.marketplace:
        lines.append((_("Marketplace"), str(Marketplace(filters.marketplace).label)))
    if filters.step:
        state = _("done") if filters.step_done else _("not done yet")
        lines.append((_("Onboarding step"), f"{Step.label_of(filters.step)}: {state}"))
    if filters.expiring:
        lines.append((_("Certificates"), _("expiring within 60 days")))
    return lines


@bp.route("/")
@roles_required(*STAFF)
def index():
    """Everyone's home: a member's to-dos; for officers and admins, the cooperatives that
    need help above the funnel dashboard."""
    if current_user.role == Role.MEMBER:
        return _member_home()
    form, filters = _filters()
    today, cooperatives, stages, counts = _figures(filters)
    page = paginate(ordered(cooperatives), page_number(), PAGE_SIZE)
    return render_template(
        "dashboard/index.html",
        form=form,
        filters=filters,
        filter_lines=_filter_lines(filters),
        page=page,
        rows=cooperative_rows(list(page.items), today),
        counts=counts,
        stages=stages,
        funnel=funnel_svg(stages, _("Onboarding funnel")),
        expiring=expiring_certificates(cooperatives, today, limit=20),
        needs=needs_help(cooperatives, today),
    )


def _member_home():
    """Next steps from the member's cooperative, and shortcuts to record an event."""
    cooperative_id = current_user.cooperative_id
    return render_template(
        "dashboard/todo.html",
        cooperative=current_user.cooperative,
        todo=to_dos(cooperative_id, local_today()),
        batches=recent_batches(cooperative_id),
    )


@bp.route("/report.xlsx")
@roles_required(Role.ADMIN, Role.OFFICER)
def report():
    _form, filters = _filters()
    today, cooperatives, stages, counts = _figures(filters)
    everyone = list(db.session.execute(ordered(cooperatives)).scalars())
    data = report_xlsx(
        today=today,
        filter_lines=_filter_lines(filters),
        counts=counts,
        stages=stages,
        rows=cooperative_rows(everyone, today),
        expiring=expiring_certificates(cooperatives, today),
        certificate_label=certificate_label,
    )
    name = f"len-san-bao-cao-{today.isoformat()}.xlsx"
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)
