"""``flask labels BATCH --count N --template NAME --out FILE.pdf [--serialized]``."""

import sys

import click
from flask import current_app
from sqlalchemy import or_, select

from ..clock import local_today
from ..extensions import db
from ..models import Batch, Cooperative, LabelKind, LinkForm, RunStatus
from ..models.base import utcnow
from ..models.label import MAX_RUN
from . import bp
from .layout import LabelProblem
from .services import RunRequest, create_run, write_run
from .templates import TEMPLATES


def find_batch(reference: str) -> Batch:
    """BATCH is a batch code, or ``cooperative-slug/code`` when two cooperatives share it;
    a batch's public code (printed on its labels) is accepted too."""
    slug, _, code = reference.rpartition("/")
    stmt = select(Batch).join(Cooperative, Cooperative.id == Batch.cooperative_id)
    stmt = stmt.where(or_(Batch.code == code, Batch.public_code == code.upper()))
    if slug:
        stmt = stmt.where(Cooperative.slug == slug)
    batches = db.session.scalars(stmt).all()
    if not batches:
        raise click.BadParameter(f"no batch {reference!r}", param_hint="BATCH")
    if len(batches) > 1:
        slugs = ", ".join(sorted(f"{b.cooperative.slug}/{b.code}" for b in batches))
        raise click.BadParameter(
            f"{len(batches)} cooperatives have a batch {code!r}; name one: {slugs}",
            param_hint="BATCH",
        )
    return batches[0]


@bp.cli.command("labels")
@click.argument("batch_reference", metavar="BATCH")
@click.option("--count", type=click.IntRange(1, MAX_RUN), required=True, help="Labels to print.")
@click.option("--template", type=click.Choice(list(TEMPLATES)), required=True, help="Stock.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True)
@click.option("--serialized", is_flag=True, help="A code of its own on every label.")
@click.option("--error-level", type=click.Choice(["M", "Q"]), default="M", show_default=True)
@click.option(
    "--link",
    type=click.Choice([f.value for f in LinkForm]),
    default=LinkForm.SHORT.value,
    show_default=True,
    help="short: /T/<code>; gs1: /01/<gtin>/10/<lot> or /21/<serial>.",
)
@click.option("--full", is_flag=True, help="Full label (Decree 43/2017 content for food).")
@click.option("--cut-marks", is_flag=True, help="Marks to cut sheets along.")
@click.option("--processes", type=click.IntRange(1, 16), default=None, help="QR worker processes.")
def labels_command(
    batch_reference, count, template, out, serialized, error_level, link, full, cut_marks, processes
):
    """Print a run of QR labels for a batch to a PDF; the run is recorded like one made on
    the web, and its codes resolve at once."""
    batch = find_batch(batch_reference)
    request = RunRequest(
        template=template,
        count=count,
        kind=LabelKind.SERIALIZED if serialized else LabelKind.BATCH,
        error_level=error_level,
        link=link,
        full_label=full,
        cut_marks=cut_marks,
    )
    base = current_app.config["PUBLIC_BASE_URL"]
    try:
        run = create_run(batch, request, None, base, local_today())
    except LabelProblem as problem:
        raise click.ClickException(str(problem.message)) from None
    processes = processes or current_app.config["LABEL_PROCESSES"]
    with click.progressbar(length=count, label="Labels", file=sys.stderr) as bar:
        seen = [0]

        def progress(done: int) -> None:
            bar.update(done - seen[0])
            seen[0] = done

        pages = write_run(run, out, base, local_today(), processes=processes, progress=progress)
    run.status, run.done, run.finished_at = RunStatus.DONE, count, utcnow()
    db.session.commit()
    click.echo(f"Run {run.id}: {count} {run.kind} labels on {pages} pages -> {out}")
