"""Command-line tools: ``flask --app wsgi create-user``, ``seed-demo``, ``media migrate`` and
``media sweep-kept``."""

import os
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import kept_uploads, storage
from .auth.services import NewUser, create_user
from .extensions import db
from .models import Role
from .services import ServiceError


def _parse_area(value: str) -> tuple[int, int | None]:
    province, _, commune = value.partition(":")
    try:
        return int(province), int(commune) if commune else None
    except ValueError:
        raise click.BadParameter(f"{value!r}: use PROVINCE or PROVINCE:COMMUNE codes") from None


@click.command("create-user")
@click.option("--name", required=True, help="Full name.")
@click.option("--email", default=None, help="Email used to sign in.")
@click.option("--phone", default=None, help="Vietnamese phone number used to sign in.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.MEMBER.value)
@click.option(
    "--cooperative", "cooperative_slug", default=None, help="Slug of a member's cooperative."
)
@click.option(
    "--area",
    "areas",
    multiple=True,
    help="Officer's area: a province code, or PROVINCE:COMMUNE (repeatable).",
)
@click.option("--locale", type=click.Choice(["vi", "en"]), default="vi")
@click.password_option(help="Password (asked for when not given).")
@with_appcontext
def create_user_command(name, email, phone, role, cooperative_slug, areas, locale, password):
    """Create a user account (admin, officer or member)."""
    data = NewUser(
        name=name,
        email=email,
        phone=phone,
        role=role,
        password=password,
        cooperative_slug=cooperative_slug,
        areas=[_parse_area(a) for a in areas],
        locale=locale,
    )
    try:
        user = create_user(data)
    except ServiceError as exc:
        db.session.rollback()
        problems = "; ".join(
            f"{name or 'input'}: {message}" for name, message in exc.errors.items()
        )
        raise click.ClickException(problems) from None
    click.echo(f"Created {user.role} {user.login} (id {user.id}).")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has users.")
@with_appcontext
def seed_demo_command(if_empty):
    """Load the demo cooperatives and accounts (safe to run again; refused in production)."""
    from sqlalchemy import select

    from .demo import seed_demo
    from .models import User

    if current_app.config.get("PRODUCTION") or os.environ.get("LENSAN_ENV") == "production":
        raise click.ClickException(
            "refusing to load demo data in production (LENSAN_ENV=production): it creates "
            "accounts with a published password. Nothing was changed."
        )
    if if_empty and db.session.execute(select(User.id).limit(1)).first():
        click.echo("The database has data already; demo not loaded.")
        return
    for line in seed_demo():
        click.echo(line)


@click.group("media")
def media_group() -> None:
    """Stored media (app/storage.py)."""


@media_group.command("migrate")
@click.option("--to", "target", type=click.Choice(["s3"]), required=True, help="Where to copy.")
@with_appcontext
def migrate_media_command(target: str) -> None:
    """Copy every file under MEDIA_ROOT to the bucket the S3_* settings name.

    Files the bucket already holds are left alone, so it can run again (after an interruption,
    or just before switching) and copies only what is missing. Nothing is deleted: set
    STORAGE=s3 once it reports nothing left to copy, and keep MEDIA_ROOT until you are sure.
    """
    config = current_app.config
    source = storage.LocalStorage(Path(config["MEDIA_ROOT"]))
    try:
        bucket = storage.make_backend({**config, "STORAGE": target})
    except RuntimeError as exc:
        raise click.UsageError(str(exc)) from None
    copied, present = storage.copy_all(source, bucket)
    click.echo(
        f"{copied} copied, {present} already there, {copied + present} files "
        f"from {config['MEDIA_ROOT']} to s3://{config['S3_BUCKET']}"
    )


@media_group.command("sweep-kept")
@click.option(
    "--older-than",
    type=click.IntRange(min=0),
    default=kept_uploads.MAX_AGE,
    show_default=True,
    help="Seconds since the file was kept.",
)
@with_appcontext
def sweep_kept_command(older_than: int) -> None:
    """Delete files kept for forms shown again after an error (app/kept_uploads.py) that
    nobody came back for. Their tokens expire after two hours; the app also sweeps them
    whenever it keeps a file, so this is for a cron job or a quiet server."""
    count = storage.sweep(kept_uploads.FOLDER, time.time() - older_than)
    click.echo(f"{count} kept file{'' if count == 1 else 's'} deleted")
