"""Label views: runs of a batch's QR labels, their preview, progress and files, reprints,
single labels for print shops, and the suspicious serials of the viewer's cooperatives."""

import io

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.validators import ValidationError

from .. import storage
from ..access import (
    STAFF,
    batch_or_403,
    roles_required,
    run_or_403,
    visible_cooperatives,
)
from ..clock import local_today
from ..extensions import db
from ..models import Batch, BatchStatus, Cooperative, LabelRun, RunStatus
from ..models.base import utcnow
from ..paging import id_arg
from . import bp, jobs
from .alignment import write_alignment_pdf
from .fixes import fix_links
from .forms import LabelRunForm, ReprintForm, default_count, parse_margin
from .images import label_png, label_svg, preview_png
from .layout import LabelProblem
from .limits import RunLimits, ensure_printable, is_waiting, requeue_run
from .qr import qr_origin
from .reprints import JOB_ABOVE, start_reprint
from .services import (
    code_url,
    create_run,
    download_name,
    plan_for,
    preview_codes,
    run_codes,
    run_key,
    run_plan,
    write_run,
)
from .templates import SHEETS, TEMPLATES, stock_title
from .verification import suspicious_codes

bp.add_app_template_filter(stock_title, "label_stock")


def _cooperative_ids() -> list[int]:
    return list(
        db.session.scalars(visible_cooperatives(current_user).with_only_columns(Cooperative.id))
    )


@bp.route("/")
@roles_required(*STAFF)
def index():
    """The viewer's cooperatives' label runs, newest first."""
    runs = db.session.scalars(
        select(LabelRun)
        .join(Batch, Batch.id == LabelRun.batch_id)
        .where(Batch.cooperative_id.in_(_cooperative_ids()))
        .order_by(LabelRun.created_at.desc(), LabelRun.id.desc())
        .limit(200)
    ).all()
    return render_template("labels/index.html", runs=runs)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new():
    """Choose stock, codes and count for a batch; preview the first page; create the run."""
    batch = batch_or_403(id_arg("batch") or abort(404))
    form = LabelRunForm()
    if not form.is_submitted():
        form.count.data = str(default_count(batch.quantity, batch.unit))
    preview, fixes = None, []
    if batch.status == BatchStatus.RECALLED:
        flash(_("This batch was recalled: no new labels can be printed for it."), "error")
        return redirect(url_for("trace.batch", batch_id=batch.id))
    if form.validate_on_submit():
        try:
            if form.preview.data:
                request_ = form.to_data()
                [sample] = preview_codes(batch, request_, 1)
                plan_for(batch, request_, _base(), local_today(), sample)
                preview = url_for("labels.preview", batch=batch.id, **_form_args(form))
            else:
                limits = RunLimits.from_config(current_app.config)
                run = create_run(
                    batch, form.to_data(), current_user.id, _base(), local_today(), limits
                )
                jobs.start(current_app._get_current_object(), run.id)
                return redirect(url_for("labels.run", run_id=run.id))
        except LabelProblem as problem:
            form.add_errors(problem)
            fixes = fix_links(batch, problem.missing)
    return render_template(
        "labels/form.html",
        form=form,
        batch=batch,
        preview=preview,
        fixes=fixes,
        sheets=SHEETS.values(),
    )


def _base() -> str:
    return current_app.config["PUBLIC_BASE_URL"]


def _form_args(form: LabelRunForm) -> dict:
    names = ("template", "kind", "count", "error_level", "link", "margin_top", "margin_left")
    args = {name: form[name].data or "" for name in names}
    args.update({name: "y" for name in ("full_label", "cut_marks") if form[name].data})
    return args


@bp.route("/preview.png")
@roles_required(*STAFF)
def preview():
    """The first page of the run the form describes, as an image (sample serials)."""
    batch = batch_or_403(id_arg("batch") or abort(404))
    form = LabelRunForm(formdata=request.args, meta={"csrf": False})
    if not form.validate():
        abort(400)
    request_ = form.to_data()
    template = TEMPLATES[request_.template]
    codes = preview_codes(batch, request_, min(request_.count, template.per_page))
    try:  # planned for the last code: the longest
        plan = plan_for(batch, request_, _base(), local_today(), codes[-1])
    except LabelProblem:
        abort(400)
    origin = qr_origin(_base())
    png = preview_png(
        plan,
        [(code_url(origin, batch, request_.kind, request_.link, c), c) for c in codes],
        **request_.sheet_options(),
    )
    response = send_file(io.BytesIO(png), mimetype="image/png", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/runs/<int:run_id>")
@roles_required(*STAFF)
def run(run_id: int):
    """A run: its progress while it is written, then its PDF, reprints and single labels."""
    run = run_or_403(run_id)
    return _run_page(run, ReprintForm(run_count=run.count, formdata=None))


def _run_page(run: LabelRun, reprint: ReprintForm, problem=None) -> str:
    return render_template(
        "labels/run.html",
        run=run,
        batch=run.batch,
        stale=run.status in (RunStatus.QUEUED, RunStatus.RUNNING) and not is_waiting(run, utcnow()),
        recalled=run.batch.status == BatchStatus.RECALLED,
        reprint=reprint,
        has_file=run.file_key is not None and storage.exists(run_key(run)),
        first_code=next(run_codes(run, 1, 1)),
        problem=problem,
        reprint_job_above=JOB_ABOVE,
        stock=TEMPLATES.get(run.template),
        margins={"margin_top": run.margin_top, "margin_left": run.margin_left},
    )


def _refused(run: LabelRun, problem: LabelProblem):
    """The run's page saying why its labels cannot be given (409)."""
    return _run_page(run, ReprintForm(run_count=run.count, formdata=None), problem.message), 409


@bp.route("/runs/<int:run_id>/write", methods=["POST"])
@roles_required(*STAFF)
def write(run_id: int):
    """Write the run's PDF (again): after a failure, a lost worker, or a run made on the
    command line. The codes are the same."""
    run = run_or_403(run_id)
    try:
        requeue_run(run, RunLimits.from_config(current_app.config), utcnow())
    except LabelProblem as problem:
        flash(str(problem.message), "error")
    else:
        jobs.start(current_app._get_current_object(), run.id)  # type: ignore[attr-defined]
    return redirect(url_for("labels.run", run_id=run.id))


@bp.route("/runs/<int:run_id>/labels.pdf")
@roles_required(*STAFF)
def download(run_id: int):
    run = run_or_403(run_id)
    try:
        ensure_printable(run.batch)
    except LabelProblem as problem:
        return _refused(run, problem)
    if run.status != RunStatus.DONE or not storage.exists(run_key(run)):
        flash(_("The PDF is not ready: write it first."), "error")
        return redirect(url_for("labels.run", run_id=run.id))
    return storage.send(
        run_key(run),
        "application/pdf",
        as_attachment=True,
        download_name=download_name(run, ".pdf"),
        max_age=0,
    )


@bp.route("/runs/<int:run_id>/reprint.pdf", methods=["POST"])
@roles_required(*STAFF)
def reprint(run_id: int):
    """Labels ``start``..``stop`` of the run again, with the same codes: at once, or, above
    ``JOB_ABOVE`` labels, written by a job whose page offers the PDF (a POST: it may start
    work, so a link or a prefetch cannot)."""
    run = run_or_403(run_id)
    form = ReprintForm(run_count=run.count)
    if not form.validate_on_submit():
        return _run_page(run, form), 400
    if form.stop_value - form.start_value + 1 > JOB_ABOVE:
        try:
            ensure_printable(run.batch)
        except LabelProblem as problem:
            return _refused(run, problem)
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        job = start_reprint(app, run, form.start_value, form.stop_value, current_user.id)
        return redirect(url_for("background.job", job_id=job.id), 303)
    buffer = io.BytesIO()
    try:
        write_run(run, buffer, _base(), local_today(), start=form.start_value, stop=form.stop_value)
    except LabelProblem as problem:
        return _refused(run, problem)
    buffer.seek(0)
    name = download_name(run, f"-{form.start_value}-{form.stop_value}.pdf")
    return send_file(buffer, mimetype="application/pdf", as_attachment=True, download_name=name)


@bp.route("/runs/<int:run_id>/label-<int:number>.png")
@roles_required(*STAFF)
def single_png(run_id: int, number: int):
    """Label ``number`` of the run alone at 600 dpi, for a print shop."""
    return _single(run_id, number, "png")


@bp.route("/runs/<int:run_id>/label-<int:number>.svg")
@roles_required(*STAFF)
def single_svg(run_id: int, number: int):
    """Label ``number`` of the run alone as SVG (millimetres, vector QR), for a print shop."""
    return _single(run_id, number, "svg")


def _single(run_id: int, number: int, ext: str):
    run = run_or_403(run_id)
    if not 1 <= number <= run.count:
        abort(404)
    code = next(run_codes(run, number, number))
    try:
        plan = run_plan(run, _base(), local_today())
    except LabelProblem as problem:
        return _refused(run, problem)
    url = code_url(qr_origin(_base()), run.batch, run.kind, run.link, code)
    name = download_name(run, f"-{number}.{ext}")
    if ext == "png":
        data, mimetype = label_png(plan, url, code), "image/png"
    else:
        data, mimetype = label_svg(plan, url, code).encode(), "image/svg+xml"
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)


@bp.route("/alignment/<name>.pdf")
@roles_required(*STAFF)
def alignment(name: str):
    """The alignment test page of a sheet stock: label outlines, centre crosses and 10 mm
    rulers at the stock's margins, or at ``margin_top`` and ``margin_left`` (mm)."""
    template = SHEETS.get(name) or abort(404)
    margins = {}
    for key in ("margin_top", "margin_left"):
        try:
            value = parse_margin(request.args.get(key))
        except ValidationError:
            abort(400)
        margins[key] = None if value is None else float(value)
    buffer = io.BytesIO()
    title = _("Alignment test page: %(stock)s", stock=template.title)
    write_alignment_pdf(buffer, template, **margins, title=title)
    buffer.seek(0)
    return send_file(
        buffer, mimetype="application/pdf", download_name=f"can-le-{name}.pdf", max_age=0
    )


@bp.route("/suspicious")
@roles_required(*STAFF)
def suspicious():
    """Serials that look copied (many scans, scans long after sell-out) or forged."""
    config = current_app.config
    codes = suspicious_codes(
        _cooperative_ids(), config["LABEL_ALERT_SCANS"], config["LABEL_LATE_DAYS"]
    )
    return render_template(
        "labels/suspicious.html",
        codes=codes,
        alert_scans=config["LABEL_ALERT_SCANS"],
        late_days=config["LABEL_LATE_DAYS"],
    )
