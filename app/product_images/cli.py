"""``flask products renditions [--all]``: make product photo renditions outside any request."""

import click

from . import bp
from .services import remake_renditions

bp.cli.help = "Product maintenance."


@bp.cli.command("renditions")
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Remake every photo's renditions, not only missing or outdated ones.",
)
def renditions_command(everything: bool) -> None:
    """Make the page thumbnail and marketplace square of product photos.

    By default only photos whose renditions are missing or were made to an older spec;
    run it after changing a rendition figure (and its variant name).
    """
    report = remake_renditions(everything=everything)
    click.echo(f"renditions made: {report.made}, already current: {report.current}")
    for image_id in report.missing:
        click.echo(f"photo {image_id}: original file missing, skipped", err=True)
    if report.missing:
        raise SystemExit(1)
