"""`flask demo …`: demo data for trying the platform. CLI only."""

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.communities.services import create_community
from app.core.models import utcnow
from app.demo import data
from app.demo.adoption import load_demo_adoption
from app.demo.consultation import load_demo_consultation
from app.demo.consultation_report import load_demo_consultation_report
from app.demo.dialogues import load_demo_dialogues
from app.demo.groups import load_demo_groups
from app.demo.organisations import load_demo_organisations
from app.demo.plans import load_demo_plans
from app.demo.proposals import load_demo_proposals
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
    _ensure_themes()
    organisations = load_demo_organisations()
    load_demo_proposals(organisations)
    load_demo_groups()
    load_demo_dialogues(organisations)
    load_demo_plans()
    load_demo_consultation_report(load_demo_consultation())
    load_demo_adoption()
    return True


DEMO_THEMES = ["Trygghet", "Kultur och fritid", "Näringsliv", "Trafik", "Miljö"]


def _ensure_themes() -> None:
    """The themes the demo uses; the first migration adds them, but an
    installation may have renamed or removed them."""
    from app.communities.models import Theme

    existing = set(db.session.scalars(select(Theme.name)))
    for position, name in enumerate(DEMO_THEMES, start=1):
        if name not in existing:
            db.session.add(Theme(name=name, position=position))
    db.session.flush()


@demo_cli.command("load")
def load_command() -> None:
    """Load the demo municipality into an empty database (safe to run again)."""
    if load_demo():
        db.session.commit()
        click.echo(f"Demo data loaded. Every demo account has the password "
                   f"{data.DEMO_PASSWORD}.")
    else:
        click.echo("The database already has data; nothing was changed.")


@demo_cli.command("scale")
@click.option("--proposals", default=100_000, show_default=True, type=click.IntRange(1))
@click.option("--supports-per-proposal", default=10, show_default=True,
              type=click.IntRange(0), help="Average supports per public proposal.")
@click.option("--comments-per-proposal", default=3, show_default=True,
              type=click.IntRange(0), help="Average comments per public proposal.")
@click.option("--users", default=20_000, show_default=True, type=click.IntRange(2))
@click.option("--organisations", default=2_000, show_default=True, type=click.IntRange(0))
@click.option("--dialogues", default=300, show_default=True, type=click.IntRange(0))
@click.option("--plans", default=3, show_default=True, type=click.IntRange(0))
@click.option("--actions-per-plan", default=100, show_default=True, type=click.IntRange(0))
@click.option("--links", default=20_000, show_default=True, type=click.IntRange(0),
              help="Links from public proposals to actions.")
@click.option("--busiest-comments", default=200, show_default=True, type=click.IntRange(0),
              help="Comments on one proposal, for its page.")
@click.option("--seed", default=1, show_default=True, help="Random seed.")
def scale_command(proposals: int, supports_per_proposal: int, comments_per_proposal: int,
                  users: int, organisations: int, dialogues: int, plans: int,
                  actions_per_plan: int, links: int, busiest_comments: int, seed: int) -> None:
    """Add a municipality's worth of bulk data for benchmarks."""
    import time

    from app.demo.scale import ScaleSizes, generate_municipality

    sizes = ScaleSizes(proposals=proposals, supports_per_proposal=supports_per_proposal,
                       comments_per_proposal=comments_per_proposal, users=users,
                       organisations=organisations, dialogues=dialogues, plans=plans,
                       actions_per_plan=actions_per_plan, links=links,
                       busiest_comments=busiest_comments)
    started = time.monotonic()
    with click.progressbar(length=proposals, label="Proposals") as bar:
        written = generate_municipality(sizes, seed, progress=lambda label, n: bar.update(n))
    click.echo(", ".join(f"{value} {key}" for key, value in written.items())
               + f" written in {time.monotonic() - started:.0f} s.")
