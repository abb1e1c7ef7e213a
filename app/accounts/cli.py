"""`flask users …` commands."""

import os

import click
from flask.cli import AppGroup
from sqlalchemy.exc import IntegrityError

from app.accounts import services
from app.extensions import db

users_cli = AppGroup("users", help="User accounts.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Administratör", show_default=True, help="Display name.")
def create_admin_command(email: str, name: str) -> None:
    """Create an administrator, or make an existing account one.

    The password is read from INFLYTANDE_ADMIN_PASSWORD when set (for
    scripts); otherwise it is asked for.
    """
    password = os.environ.get("INFLYTANDE_ADMIN_PASSWORD")
    if not password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.ClickException("The password must be at least 10 characters.")
    if "@" not in email or len(email) > 254:
        raise click.ClickException("Give a valid e-mail address.")
    try:
        user = services.create_admin(email, password, name)
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise click.ClickException(f"Could not create the admin: {error.orig}") from error
    click.echo(f"{user.email} is an administrator.")
