"""`flask demo …`: demo data for trying the platform. CLI only."""

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.communities.services import create_community
from app.core.models import utcnow
from app.demo import data
from app.extensions import db
from app.site.services import update_settings

demo_cli = AppGroup("demo", help="Demo data.")


def load_demo() -> bool:
    """Fill an empty database with the demo municipality. False when not empty."""
    if db.session.scalar(select(func.count(User.id))) or \
            db.session.scalar(select(func.count(LocalCommunity.id))):
        return False
    update_settings(data.MUNICIPALITY["name"], data.MUNICIPALITY["introduction"],
                    data.MUNICIPALITY["contact"], "", "")
    communities = {}
    for name, slug, description in data.COMMUNITIES:
        communities[slug] = create_community(name, slug, description, None)
    homes = ["sjovik-centrum", "norrby", "strandvik", "hedas", "ostra-lund"]
    now = utcnow()
    for index, (email, name, role) in enumerate(data.ACCOUNTS):
        user = User(email=email, display_name=name, role=role, consented_at=now,
                    email_verified_at=now, locale="sv",
                    home_community_id=communities[homes[index % len(homes)]].id)
        user.set_password(data.DEMO_PASSWORD)
        db.session.add(user)
    db.session.flush()
    return True


@demo_cli.command("load")
def load_command() -> None:
    """Load the demo municipality into an empty database (safe to run again)."""
    if load_demo():
        db.session.commit()
        click.echo(f"Demo data loaded. Every demo account has the password "
                   f"{data.DEMO_PASSWORD}.")
    else:
        click.echo("The database already has data; nothing was changed.")
