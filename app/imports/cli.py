"""``flask import cooperatives|products FILE``: the same checks and transaction as the browser."""

import sys

import click
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..background import messages
from ..extensions import db
from ..models import JobStatus, User
from ..services import ServiceError
from . import bp
from .kinds import COOPERATIVES, PRODUCTS, Kind
from .problems import ImportFileError
from .services import import_caps

bp.cli.help = "Import records from .xlsx or .csv files."


def _actor(email: str | None) -> User | None:
    if not email:
        return None
    user = db.session.execute(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).scalar_one_or_none()
    if user is None:
        raise click.BadParameter(f"no user with the email {email!r}", param_hint="--as")
    return user


def _options(command):
    """FILE and the options every import command takes."""
    for decorator in reversed(
        [
            click.argument("file", type=click.File("rb")),
            click.option(
                "--dry-run", is_flag=True, help="Check the file and print problems; save nothing."
            ),
            click.option(
                "--as",
                "acting",
                metavar="EMAIL",
                default=None,
                help="Act as this user: officers only in their area, members only for their "
                "cooperative (default: no limit).",
            ),
            click.option(
                "--lang",
                type=click.Choice(["vi", "en"]),
                default="vi",
                help="Language of messages.",
            ),
        ]
    ):
        command = decorator(command)
    return command


def _run(kind: Kind, summary, file, dry_run: bool, acting: str | None, lang: str) -> None:
    """Check, print every problem and the summary, save unless a dry run; exit with a code."""
    actor = _actor(acting)
    caps = import_caps(current_app.config)
    data = file.read(caps["max_bytes"] + 1)
    with force_locale(lang):
        try:
            preview = kind.preview(actor, data, **caps)
        except (ImportFileError, ServiceError) as exc:
            messages = exc.messages if isinstance(exc, ImportFileError) else exc.errors.values()
            for message in messages:
                click.echo(str(message), err=True)
            sys.exit(2)
        for problem in preview.problems:
            click.echo(
                _(
                    "Row %(row)d, %(column)s: %(message)s",
                    row=problem.row,
                    column=problem.column or "—",
                    message=str(problem.message),
                )
            )
        click.echo(summary(preview))
        if dry_run:
            click.echo(_("Dry run: nothing was saved."))
        elif preview.valid:
            try:
                created = kind.save(actor, preview)
            except ServiceError as exc:
                click.echo(str(exc.message), err=True)
                sys.exit(2)
            click.echo(kind.done_message(len(created)))
            _after_save(kind, actor, preview, created)
    sys.exit(1 if preview.problems else 0)


def _after_save(kind: Kind, actor, preview, created) -> None:
    """Start what finishes the import (the photos' job) and say how it went. Without Redis
    it runs here: a thread of this process would end with the command."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config["JOBS"] == "thread":
        app.config["JOBS"] = "inline"
    job = kind.after_save(app, actor.id if actor else None, preview, created)
    if job is None:
        return
    if job.status == JobStatus.DONE:
        click.echo(_("Photos added: %(num)d.", num=job.total))
    elif job.status == JobStatus.FAILED:
        click.echo(messages.load(job.error), err=True)
        for line in job.report:
            click.echo(f"{messages.read(line['item'])}, {messages.read(line['message'])}", err=True)
    else:
        click.echo(_("The photos are fetched by background job %(id)d (flask worker).", id=job.id))


@bp.cli.command("cooperatives")
@_options
def import_cooperatives_command(file, dry_run, acting, lang):
    """Import cooperatives from FILE (.xlsx or .csv with the template's headers).

    Every problem is printed with its row and column. Valid rows are saved together in one
    transaction (rows with problems are skipped); the exit code is 1 when any row had a
    problem and 2 when the file cannot be used at all.
    """

    def summary(preview):
        return _(
            "%(total)d rows read: %(valid)d can be created, %(invalid)d have problems "
            "and will be skipped.",
            total=len(preview.rows),
            valid=len(preview.valid),
            invalid=len(preview.invalid),
        )

    _run(COOPERATIVES, summary, file, dry_run, acting, lang)


@bp.cli.command("products")
@_options
def import_products_command(file, dry_run, acting, lang):
    """Import products and their variants from FILE (.xlsx or .csv, one variant per row).

    Rows with the same product code (or name) and cooperative make one product. Every problem
    is printed with its row and column. Valid products are saved together in one transaction
    (a product with any problem is skipped whole), then the photos their image links name are
    fetched by a job (here, without Redis; each link that fails is printed); the exit code is
    1 when any row had a problem and 2 when the file or the user is refused.
    """

    def summary(preview):
        return _(
            "%(total)d rows read: %(valid)d products (%(variants)d variants) can be created, "
            "%(invalid)d products have problems and will be skipped.",
            total=len(preview.rows),
            valid=len(preview.valid),
            variants=preview.variant_count,
            invalid=len(preview.invalid),
        )

    _run(PRODUCTS, summary, file, dry_run, acting, lang)
