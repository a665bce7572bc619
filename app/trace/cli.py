"""``flask trace …``: traceability commands. ``verify`` checks each batch's event hash chain."""

import sys

import click

from . import bp
from .chain import PROBLEMS

bp.cli.help = "Traceability: batches and their event history."


@bp.cli.command("verify")
@click.option("--batch", "public_code", metavar="PUBLIC_CODE", help="Only this batch.")
def verify_command(public_code: str | None):
    """Check that the stored event history of each batch is intact (exit 1 if not)."""
    from .event_history import verify_batches

    results = verify_batches(public_code)
    if public_code is not None and not results:
        click.echo(f"No batch with the public code {public_code!r}.", err=True)
        sys.exit(2)
    broken = 0
    for batch, report in results:
        if report.ok:
            click.echo(f"OK      {batch.public_code}  {batch.code}  {report.checked} events")
        else:
            broken += 1
            click.echo(
                f"BROKEN  {batch.public_code}  {batch.code}  at event #{report.first_bad_seq}: "
                f"{PROBLEMS[report.problem]}"
            )
    click.echo(f"{len(results)} batches checked, {broken} broken.")
    if broken:
        sys.exit(1)
