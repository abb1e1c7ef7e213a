"""A demo plan whose consultation has ended: two published versions (the second
revised after the consultation), comments from residents, an association and
a local development group, two consultation responses, all handled, and the
consultation report (samrådsredogörelse) published. Also the handling of some
of the comments on the SLUS that is still in consultation."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from app.accounts.models import User
from app.consultation import handling, services
from app.consultation.models import (
    ConsultationResponse,
    DraftSection,
    DraftVersion,
    SectionComment,
)
from app.core.mail import OutboxMessage
from app.core.models import utcnow
from app.demo.consultation import sections_of, write_version
from app.extensions import db
from app.groups.models import LocalGroup
from app.organisations.models import Organisation
from app.plans.models import Challenge, Plan, PlanKind, PlanStatus

MODERATOR = "demokrati@example.org"

CHALLENGES = [
    ("Kultur nära alla", "Bibliotek, scener och kulturskola i alla lokalsamhällen."),
    ("Barn och unga skapar", "Barn och unga gör egen kultur, inte bara tar del av andras."),
]
FIRST = {
    "Vision": "I Sjövik ska alla kunna ta del av och skapa kultur, där de bor.",
    "Kultur nära alla": "Biblioteket i Sjövik centrum ska ha längre öppettider.\n\nKommunen ska "
                        "ge bidrag till kulturarrangemang i hela kommunen.",
    "Barn och unga skapar": "Kulturskolan ska erbjuda fler ämnen: dans, film och spelutveckling.",
}
SECOND = {
    "Vision": "I Sjövik ska alla kunna ta del av och skapa kultur, där de bor. Det gör vi "
              "tillsammans med föreningarna, som bär mycket av kulturlivet.",
    "Kultur nära alla": "Biblioteket i Sjövik centrum ska ha längre öppettider, och en "
                        "biblioteksbuss ska stanna i Norrby och Hedås varje vecka.\n\n"
                        "Kommunen ska ge bidrag till kulturarrangemang i hela kommunen, och "
                        "bygdegårdarna ska kunna bli scener för turnerande teater.",
    "Barn och unga skapar": "Kulturskolan ska erbjuda fler ämnen: dans, film och "
                            "spelutveckling.\n\nVarje sommarlov ska det finnas kulturaktiviteter "
                            "för barn i minst tre lokalsamhällen utanför centrum.",
}

# (section, author, on behalf of: "organisation" or "group" name or None, days ago, text,
#  outcome, motivation, used in the section of version 2 with this title, or None)
COMMENTS = [
    ("Kultur nära alla", "anna@example.org", None, 70,
     "Biblioteksbussen behövs i Norrby och Hedås, inte bara i centrum.",
     "incorporated", "Biblioteksbussen finns nu med i strategin, med stopp i Norrby och "
     "Hedås varje vecka.", "Kultur nära alla"),
    ("Barn och unga skapar", "invanare010@example.org", None, 62,
     "Kulturskolan borde vara gratis för alla barn, annars hänger inte alla med.",
     "not_incorporated", "Avgifterna för kulturskolan beslutas i budgeten och inte i "
     "kulturplanen. Synpunkten lämnas vidare till budgetarbetet.", None),
    ("Vision", "erik@example.org", None, 55,
     "Visionen nämner inte föreningarna alls, trots att de gör det mesta.",
     "incorporated", "Visionen säger nu att arbetet görs tillsammans med föreningarna.",
     "Vision"),
    ("Kultur nära alla", "forening@example.org", ("organisation", "Hedås Hembygdsförening"), 50,
     "Bygdegårdarna kan vara scener för turnerande teater om kommunen hjälper till med "
     "tekniken.", "partly_incorporated", "Bygdegårdarna nämns som scener. Stöd till teknik "
     "tas upp i handlingsplanen, inte i strategin.", "Kultur nära alla"),
    ("Barn och unga skapar", "foretag@example.org", ("group", "Strandviks utvecklingsgrupp"), 47,
     "Sommarlovsaktiviteter för barn i Strandvik skulle göra stor skillnad.",
     "incorporated", "Strategin lovar nu sommarlovsaktiviteter i minst tre lokalsamhällen "
     "utanför centrum.", "Barn och unga skapar"),
    ("Kultur nära alla", "invanare011@example.org", None, 45,
     "Ring mig så berättar jag mer om vad som behövs i byn.",
     "noted", "Kommentaren innehöll ett telefonnummer och är dold. Vi har kontaktat "
     "personen.", None),
]
HIDDEN = "Innehöll ett telefonnummer."
RESPONSES = [
    (("organisation", "Hedås Hembygdsförening"), "forening@example.org", 48,
     "Hembygdsföreningen välkomnar kulturplanen.\n\nVi vill att bygdegårdarna får en tydlig "
     "roll som mötesplatser och scener, och att föreningarna får vara med när "
     "handlingsplanen skrivs.",
     "incorporated", "Bygdegårdarnas roll finns nu i avsnittet om kultur nära alla, och "
     "föreningarna bjuds in till arbetet med handlingsplanen.", "Kultur nära alla"),
    (("group", "Norrby bygderåd"), "anna@example.org", 46,
     "Bygderådet tycker att planen är bra men att den är skriven för centrum. Norrby behöver "
     "både biblioteket och kulturskolan närmare.",
     "partly_incorporated", "Biblioteksbussen stannar i Norrby. Kulturskola på plats i Norrby "
     "prövas först i handlingsplanen.", "Kultur nära alla"),
]

SLUS_HANDLING = {
    # The SLUS's comments on version 1 (by text), handled while its consultation runs.
    "Sommarjobb räcker inte. Unga behöver bostäder att hyra.":
        ("partly_incorporated", "Avsnittet om unga har skrivits om i version 2. Bostäder tas "
         "upp i arbetet med bostadsförsörjningsprogrammet.", "Unga som vill stanna"),
    "Hembygdsföreningen välkomnar en enda väg in. Vi vill gärna vara med och testa den.":
        ("noted", "En enda väg in finns redan i utkastet. Föreningen bjuds in att testa den.",
         None),
}


def load_demo_consultation_report(slus: Plan | None = None) -> Plan:
    users = {u.email: u for u in db.session.scalars(select(User))}
    moderator = users[MODERATOR]
    plan = Plan(title="Kulturplan för Sjöviks kommun 2026–2029", kind=PlanKind.STRATEGY,
                registry_number="KS 2025/204", owner="Kultur- och fritidsförvaltningen",
                first_year=2026, last_year=2029, status=PlanStatus.CONSULTATION,
                introduction="Kulturplanen har varit på samråd. Samrådsredogörelsen visar vad "
                             "som kom in och hur det hanterades.")
    db.session.add(plan)
    db.session.flush()
    for position, (title, description) in enumerate(CHALLENGES, start=1):
        db.session.add(Challenge(plan_id=plan.id, position=position, title=title,
                                 description=description))
    db.session.flush()
    today = services.today()
    services.set_period(plan, today - timedelta(days=75), today - timedelta(days=30))
    first = write_version(plan, moderator, FIRST, "", free=("Vision",))
    second = write_version(plan, moderator, SECOND,
                      "Reviderad efter samrådet: biblioteksbuss, bygdegårdar som scener, "
                      "sommarlovsaktiviteter och föreningarna i visionen.")
    now = utcnow()
    first.published_at, second.published_at = now - timedelta(days=76), now - timedelta(days=20)
    titles = {number: {s.title: s for s in sections_of(version)}
              for number, version in ((1, first), (2, second))}
    senders = _senders()
    items = []
    for title, email, on_behalf, days_ago, text, *handled in COMMENTS:
        organisation, group = _sender(senders, on_behalf)
        comment = SectionComment(
            section_id=titles[1][title].id, author_id=users[email].id,
            organisation_id=organisation, group_id=group, body=text,
            created_at=now - timedelta(days=days_ago, hours=days_ago % 5))
        if text.startswith("Ring mig"):
            comment.hidden_at, comment.hidden_reason = comment.created_at, HIDDEN
        db.session.add(comment)
        items.append((comment, handled))
    for on_behalf, email, days_ago, text, *handled in RESPONSES:
        organisation, group = _sender(senders, on_behalf)
        if organisation is None and group is None:
            continue
        response = ConsultationResponse(
            consultation_id=first.consultation_id, organisation_id=organisation,
            group_id=group, author_id=users[email].id, edited_by_id=users[email].id,
            version_id=first.id, body=text,
            created_at=now - timedelta(days=days_ago), updated_at=now - timedelta(days=days_ago))
        db.session.add(response)
        items.append((response, handled))
    db.session.flush()
    for item, (outcome, motivation, used) in items:
        handling.handle(plan, item, moderator, outcome=outcome, motivation=motivation,
                        used_section_id=titles[2][used].id if used else None)
    consultation = services.consultation_of(plan)
    report = handling.publish_report(plan, consultation, moderator)
    report.published_at = now - timedelta(days=10)
    if slus is not None:
        _handle_slus(slus, moderator)
    db.session.flush()
    # The mail the demo itself caused would only clutter the outbox; the
    # notifications stay under Aviseringar.
    db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.kind == handling.REPORT_PUBLISHED))
    return plan


def _senders() -> dict[tuple[str, str], int]:
    found = {("organisation", o.name): o.id for o in db.session.scalars(select(Organisation))}
    found.update({("group", g.name): g.id for g in db.session.scalars(select(LocalGroup))})
    return found


def _sender(senders, on_behalf) -> tuple[int | None, int | None]:
    if on_behalf is None:
        return None, None
    found = senders.get(on_behalf)
    return (found, None) if on_behalf[0] == "organisation" else (None, found)


def _handle_slus(plan: Plan, moderator: User) -> None:
    consultation = services.consultation_of(plan)
    newest = {s.title: s for s in sections_of(services.latest_published(consultation))}
    comments = db.session.scalars(select(SectionComment).join(
        DraftSection, DraftSection.id == SectionComment.section_id).join(
        DraftVersion, DraftVersion.id == DraftSection.version_id).where(
        DraftVersion.consultation_id == consultation.id, DraftVersion.number == 1))
    for comment in comments:
        handled = SLUS_HANDLING.get(comment.body)
        if handled is not None:
            outcome, motivation, used = handled
            handling.handle(plan, comment, moderator, outcome=outcome, motivation=motivation,
                            used_section_id=newest[used].id if used else None)
