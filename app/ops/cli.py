"""``flask backup`` and ``flask restore`` (app/ops/backup.py does the work)."""

from datetime import UTC, datetime
from pathlib import Path

import click

from . import bp
from .backup import RestoreRefused, restore_backup, write_backup


@bp.cli.command("backup")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Archive to write (default: lensan-backup-<UTC time>.tar.gz here).",
)
def backup_command(output: Path | None):
    """Write the database and the media folder to one tar.gz archive."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    archive = output or Path(f"lensan-backup-{stamp}.tar.gz")
    manifest = write_backup(archive)
    click.echo(
        f"Backed up the {manifest['database']} database ({manifest['rows']} rows, migration "
        f"{manifest['migration_head']}) and {manifest['media_files']} media files to {archive}."
    )


@bp.cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite a database that already holds rows.")
@click.option(
    "--other-head", is_flag=True, help="Restore an archive made at another migration head."
)
def restore_command(archive: Path, replace: bool, other_head: bool):
    """Put back the database and media of an archive written by ``flask backup``."""
    try:
        done = restore_backup(archive, replace=replace, other_head=other_head)
    except RestoreRefused as refused:
        raise click.ClickException(f"Nothing restored: {refused}.") from None
    made = done.manifest
    click.echo(
        f"Restored the {made['database']} database of {made['created_at']} (migration "
        f"{made['migration_head']}): {done.rows} rows in {done.tables} tables, and "
        f"{done.media_files} media files into the media folder (files already there were kept)."
    )
