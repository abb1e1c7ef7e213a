"""`flask moderation send-summary`: the moderators' hourly summary, for cron."""

import click
from flask.cli import AppGroup

from app.extensions import db
from app.moderation import services

moderation_cli = AppGroup("moderation", help="Reports and moderation.")


@moderation_cli.command("send-summary")
def send_summary() -> None:
    """E-mail moderators about new reports (at most once an hour; safe to run often)."""
    count = services.send_summary()
    db.session.commit()
    click.echo(f"Summary queued for {count} moderators." if count else
               "No summary due.")
