"""``flask export MARKETPLACE [--cooperative SLUG] --out FILE.zip``."""

import os
import sys

import click
from sqlalchemy import select

from ..clock import local_today
from ..extensions import db
from ..models import Cooperative, CooperativeStatus
from . import bp, profiles
from .services import run_export

cooperative_option = click.option(
    "--cooperative",
    "slugs",
    multiple=True,
    metavar="SLUG",
    help="A cooperative (repeatable); every active cooperative when left out.",
)


def chosen_cooperatives(slugs) -> list[Cooperative]:
    """The cooperatives named by ``--cooperative`` (every active one when none is named);
    BadParameter for an unknown slug."""
    stmt = select(Cooperative).order_by(Cooperative.id)
    if slugs:
        stmt = stmt.where(Cooperative.slug.in_(slugs))
    else:
        stmt = stmt.where(Cooperative.status == CooperativeStatus.ACTIVE)
    cooperatives = list(db.session.scalars(stmt))
    missing = set(slugs) - {c.slug for c in cooperatives}
    if missing:
        raise click.BadParameter(
            f"no cooperative {', '.join(sorted(missing))}", param_hint="--cooperative"
        )
    if not cooperatives:
        raise click.UsageError("there is no active cooperative")
    return cooperatives


@bp.cli.command("export")
@click.argument("marketplace", type=click.Choice(list(profiles.all_profiles())))
@cooperative_option
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True)
def export_command(marketplace, slugs, out):
    """Write MARKETPLACE's export pack (sheet, photos, certificates, HUONG-DAN.txt) to OUT.

    Variants something blocks are left out and listed, with what to fix, on stderr and in
    HUONG-DAN.txt. The export is recorded like one downloaded from the web.
    """
    profile = profiles.get(marketplace)
    cooperatives = chosen_cooperatives(slugs)
    tmp = f"{out}.part"
    try:
        with open(tmp, "wb") as fh:
            result = run_export(profile, cooperatives, fh, local_today(), via="cli")
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    export = result.export
    click.echo(
        f"{out}: {profile.name}, {export.variant_count} variants of {export.product_count} "
        f"products, {export.image_count} photos; {export.blocked_count} left out"
    )
    for line in result.blocked:
        click.echo(f"  not ready {line[2:]}", file=sys.stderr)
