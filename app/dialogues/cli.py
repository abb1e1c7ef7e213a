"""`flask dialogues …` commands, meant for cron."""

import click
from flask.cli import AppGroup

from app.dialogues import services
from app.extensions import db

dialogues_cli = AppGroup("dialogues", help="Influence dialogues.")


@dialogues_cli.command("send-reminders")
def send_reminders_command() -> None:
    """E-mail everyone with a place at tomorrow's meetings (safe to run often)."""
    sent = services.send_reminders()
    db.session.commit()
    click.echo(f"Reminders queued: {sent}. Deliver them with: flask mail send")
