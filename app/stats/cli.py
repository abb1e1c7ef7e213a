"""`flask stats refresh`: count the statistics of the usual periods, for cron."""

import time

import click
from flask.cli import AppGroup

from app.extensions import db
from app.stats import snapshot

stats_cli = AppGroup("stats", help="Public statistics.")


@stats_cli.command("refresh")
def refresh_command() -> None:
    """Count the last twelve months, this year and last year for /statistik
    (every few minutes; safe to run often and at the same time)."""
    started = time.perf_counter()
    counted = snapshot.refresh()
    db.session.commit()
    if counted is None:
        click.echo("Another refresh is running; nothing done.")
        return
    for stats in counted:
        period = stats.period
        click.echo(f"{period.first_day.isoformat()} – {period.last_day.isoformat()}: "
                   f"{stats.total.proposals} proposals, {stats.total.supports} supports, "
                   f"{stats.total.participants_total} participants")
    click.echo(f"Statistics counted for {len(counted)} periods in "
               f"{time.perf_counter() - started:.1f} s.")
