"""A demo SLUS in consultation: a draft in sections written through the same
services moderators use, an earlier published version, and comments on its
sections from residents and an association."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.consultation import services
from app.consultation.models import DraftSection, DraftVersion, SectionComment
from app.core.models import utcnow
from app.extensions import db
from app.organisations.models import Organisation
from app.plans.models import Challenge, Plan, PlanKind, PlanStatus

MODERATOR = "demokrati@example.org"
ASSOCIATION = "Hedås Hembygdsförening"

CHALLENGES = [
    ("Mötesplatser och föreningsliv",
     "Bygdegårdar, idrottsplatser och bibliotek där människor i alla åldrar möts."),
    ("Service och resor på landsbygden",
     "Att kunna handla, hämta paket och ta sig till jobb och skola utan egen bil."),
    ("Unga som vill stanna",
     "Sommarjobb, fritid och bostäder som gör att unga vill bo kvar eller flytta tillbaka."),
]

FIRST = {
    "Vision": "Sjövik är en kommun där alla lokalsamhällen lever, och där invånare, "
              "föreningar och företag tar ansvar tillsammans med kommunen.",
    "Så tog vi fram strategin": "Utkastet bygger på dialoger i varje lokalsamhälle under "
                                "2026. Nu vill vi veta vad du tycker innan kommunfullmäktige "
                                "beslutar.",
    "Mötesplatser och föreningsliv":
        "Bygdegårdarna ska vara öppna för fler.\n\nKommunen ska ge föreningar en enda väg in "
        "för bidrag, lokaler och tillstånd.",
    "Service och resor på landsbygden":
        "Kommunen ska verka för kvällsturer med buss till Norrby och Hedås.\n\nServicepunkter "
        "med paketutlämning ska finnas i minst tre byar.",
    "Unga som vill stanna":
        "Alla unga ska erbjudas sommarjobb.",
}

SECOND = {
    "Vision": "Sjövik är en kommun där alla lokalsamhällen lever, och där invånare, "
              "föreningar och företag tar ansvar tillsammans med kommunen.\n\nVi mäter det "
              "varje år i en enkät till invånarna.",
    "Unga som vill stanna":
        "Alla unga mellan 15 och 19 år ska erbjudas sommarjobb, hos kommunen eller hos ett "
        "lokalt företag.\n\nEtt ungdomsråd ska ge unga inflytande över strategins åtgärder.",
}

# (section title, author e-mail, on behalf of the association, days ago, version, text)
COMMENTS = [
    ("Mötesplatser och föreningsliv", "anna@example.org", False, 14, 1,
     "Bra! Men bygdegården i Norrby behöver tillgänglig entré innan den kan öppnas för fler."),
    ("Unga som vill stanna", "erik@example.org", False, 12, 1,
     "Sommarjobb räcker inte. Unga behöver bostäder att hyra."),
    ("Mötesplatser och föreningsliv", "forening@example.org", True, 9, 1,
     "Hembygdsföreningen välkomnar en enda väg in. Vi vill gärna vara med och testa den."),
    ("Service och resor på landsbygden", "foretag@example.org", False, 3, 2,
     "Campingen kan vara servicepunkt för paket under sommaren."),
    ("Unga som vill stanna", "anna@example.org", False, 2, 2,
     "Bra att ungdomsrådet kom med i den nya versionen."),
]

RESPONSE = ("Hedås Hembygdsförening ställer sig bakom utkastet.\n\nVi vill särskilt lyfta "
            "bygdegårdarnas roll som mötesplatser. Föreningarna behöver stöd för "
            "tillgänglighetsanpassning för att kunna öppna lokalerna för fler.")


def load_demo_consultation() -> Plan:
    users = {u.email: u for u in db.session.scalars(select(User))}
    moderator = users[MODERATOR]
    plan = Plan(title="Social lokal utvecklingsstrategi för Sjövik 2027–2030",
                kind=PlanKind.SLUS, registry_number="KS 2026/112",
                owner="Kommunledningsförvaltningen", first_year=2027, last_year=2030,
                status=PlanStatus.CONSULTATION,
                introduction="Strategin tas fram tillsammans med alla som bor och verkar i "
                             "kommunen. Utkastet är ute på samråd.")
    db.session.add(plan)
    db.session.flush()
    for position, (title, description) in enumerate(CHALLENGES, start=1):
        db.session.add(Challenge(plan_id=plan.id, position=position, title=title,
                                 description=description))
    db.session.flush()
    today = services.today()
    services.set_period(plan, today - timedelta(days=20), today + timedelta(days=25))
    first = write_version(plan, moderator, FIRST, note="", free=("Vision",
                                                                  "Så tog vi fram strategin"))
    second = write_version(plan, moderator, SECOND,
                            note="Visionen har fått ett mått och avsnittet om unga har "
                                 "skrivits om efter dialogen med unga i Strandvik.")
    now = utcnow()
    first.published_at, second.published_at = now - timedelta(days=18), now - timedelta(days=6)
    _comments(users, {1: first, 2: second}, now)
    association = db.session.scalars(select(Organisation).where(
        Organisation.name == ASSOCIATION)).first()
    if association is not None:
        services.save_response(plan, association, users["forening@example.org"], RESPONSE)
    db.session.flush()
    return plan


def write_version(plan: Plan, moderator: User, texts: dict[str, str], note: str,
                   free: tuple[str, ...] = ()) -> DraftVersion:
    version = services.new_version(plan, moderator)
    for title in free:
        services.add_section(version, title, "")
    sections = sections_of(version)
    # The free sections first, as the document reads.
    for position, section in enumerate(
            sorted(sections, key=lambda s: (s.kind != "free", s.position)), start=1):
        section.position = position
    services.save_sections(version, [
        services.SectionText(s.id, s.title, texts.get(s.title, s.body)) for s in sections],
        note)
    services.publish_version(version, moderator)
    return version


def sections_of(version: DraftVersion) -> list[DraftSection]:
    return list(db.session.scalars(select(DraftSection).where(
        DraftSection.version_id == version.id).order_by(DraftSection.position)))


def _comments(users: dict[str, User], versions: dict[int, DraftVersion],
              now) -> None:
    """Written straight to the tables: the services accept comments only on the
    newest version, and the demo needs some made while version 1 was current."""
    association = db.session.scalars(select(Organisation).where(
        Organisation.name == ASSOCIATION)).first()
    by_title = {number: {s.title: s for s in sections_of(version)}
                for number, version in versions.items()}
    for title, email, for_association, days_ago, number, text in COMMENTS:
        db.session.add(SectionComment(
            section_id=by_title[number][title].id, author_id=users[email].id,
            organisation_id=association.id if for_association and association else None,
            body=text, created_at=now - timedelta(days=days_ago, hours=days_ago % 5)))
    db.session.flush()
