"""``flask import cooperatives FILE``: the same checks and the same transaction as the browser.

A click group, so ``flask import products FILE`` can join it later.
"""

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..importing import ImportFileError
from ..models import User
from .services import ImportRefused, import_caps, import_cooperatives, preview_for

import_group = AppGroup("import", help="Import records from .xlsx or .csv files.")


def _actor(email: str | None) -> User | None:
    if not email:
        return None
    user = db.session.execute(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).scalar_one_or_none()
    if user is None:
        raise click.BadParameter(f"no user with the email {email!r}", param_hint="--as")
    return user


@import_group.command("cooperatives")
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Check the file and print problems; save nothing.")
@click.option(
    "--as",
    "acting",
    metavar="EMAIL",
    default=None,
    help="Act as this user: an officer may only import into their area (default: no limit).",
)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", help="Language of messages.")
def import_cooperatives_command(file, dry_run, acting, lang):
    """Import cooperatives from FILE (.xlsx or .csv with the template's headers).

    Every problem is printed with its row and column. Valid rows are saved together in one
    transaction (rows with problems are skipped); the exit code is 1 when any row had a
    problem and 2 when the file cannot be used at all.
    """
    actor = _actor(acting)
    caps = import_caps(current_app.config)
    data = file.read(caps["max_bytes"] + 1)
    with force_locale(lang):
        try:
            preview = preview_for(actor, data, **caps)
        except (ImportFileError, ImportRefused) as exc:
            for message in getattr(exc, "messages", None) or [exc.message]:
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
        click.echo(
            _(
                "%(total)d rows read: %(valid)d can be created, %(invalid)d have problems "
                "and will be skipped.",
                total=len(preview.rows),
                valid=len(preview.valid),
                invalid=len(preview.invalid),
            )
        )
        if dry_run:
            click.echo(_("Dry run: nothing was saved."))
        elif preview.valid:
            try:
                created = import_cooperatives(actor, preview)
            except ImportRefused as exc:
                click.echo(str(exc.message), err=True)
                sys.exit(2)
            click.echo(
                ngettext(
                    "Imported %(num)d cooperative.", "Imported %(num)d cooperatives.", len(created)
                )
            )
    sys.exit(1 if preview.problems else 0)
