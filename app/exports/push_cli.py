"""``flask export-push MARKETPLACE [--cooperative SLUG ...]``."""

import sys

import click

from ..clock import local_today
from ..services import ServiceError
from . import bp, profiles
from .cli import chosen_cooperatives, cooperative_option
from .push import push_listings

PUSHING = [p.id for p in profiles.all_profiles().values() if p.push is not None]


@bp.cli.command("export-push")
@click.argument("marketplace", type=click.Choice(PUSHING))
@cooperative_option
def export_push_command(marketplace, slugs):
    """Send MARKETPLACE's ready listings to its partner API and store each result.

    The endpoint and token come from the configuration (the profile's [push] section names
    the settings). Listings the partner accepted and that have not changed since are not sent
    again. Prints the counts by outcome and the listings not accepted; exits with status 1
    when any listing failed (5xx or no answer after every attempt).
    """
    profile = profiles.get(marketplace)
    cooperatives = chosen_cooperatives(slugs)
    try:
        report = push_listings(profile, [c.id for c in cooperatives], local_today())
    except ServiceError as exc:
        raise click.ClickException(str(exc.message)) from None
    counts = ", ".join(f"{n} {outcome}" for outcome, n in report.counts.items())
    click.echo(f"{profile.name}: {len(report.lines)} ready listings; {counts}")
    for line in report.lines:
        if line.outcome not in ("accepted", "unchanged"):
            status = f" {line.status}" if line.status else ""
            click.echo(f"  {line.sku}: {line.outcome}{status} {line.message}".rstrip(), err=True)
    if report.failed:
        sys.exit(1)
