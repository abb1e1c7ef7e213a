"""Demo plans that went the whole road: a culture strategy that was out for
consultation, revised, and adopted by the municipal council, whose actions
are now followed; and an older public health plan whose period is over
(expired). Written through the same services moderators use."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, select

from app.accounts.models import User
from app.adoption import services as adoption
from app.consultation import services as consultation
from app.consultation.models import ConsultationResponse, SectionComment
from app.core.mail import OutboxMessage
from app.core.models import utcnow
from app.demo.consultation import ASSOCIATION, MODERATOR, sections_of, write_version
from app.extensions import db
from app.organisations.models import Organisation
from app.plans import lifecycle
from app.plans.models import Action, ActionStatus, Challenge, Commitment, Plan, PlanKind

# challenge → [(quote from the strategy, [(action, responsible, status, progress)])]
CULTURE = {
    "Kultur nära där man bor": [
        ("”Kulturen ska finnas i hela kommunen, inte bara i centralorten.”", [
            ("Turnera med teater och konserter till bygdegårdarna i Norrby, Hedås och "
             "Strandvik.", "Kulturchef", ActionStatus.ONGOING, 40),
            ("Låta biblioteksbussen stanna vid skolorna varannan vecka.", "Bibliotekschef",
             ActionStatus.DONE, 100)]),
    ],
    "Unga skapar själva": [
        ("”Unga ska ha platser där de själva bestämmer vad som händer.”", [
            ("Öppna en replokal och ett studiorum i ungdomsgården.", "Fritidschef",
             ActionStatus.PLANNED, 0)]),
    ],
}

FIRST = {
    "Vision": "I Sjövik möts människor genom kultur, i hela kommunen och hela livet.",
    "Kultur nära där man bor": "Kommunen ska erbjuda scenkonst i centralorten.",
    "Unga skapar själva": "Unga ska erbjudas kulturskola.",
}
SECOND = {
    "Kultur nära där man bor": "Scenkonsten ska turnera till bygdegårdarna, så att den når "
                               "hela kommunen.\n\nBiblioteksbussen ska stanna vid skolorna.",
    "Unga skapar själva": "Unga ska erbjudas kulturskola, och ungdomsgården ska få en replokal "
                          "där unga själva bestämmer.",
}
# (section title, author e-mail, for the association, version)
COMMENTS = [
    ("Kultur nära där man bor", "anna@example.org", False, 1,
     "Teatern kommer aldrig till Norrby. Kan den inte turnera till bygdegårdarna?"),
    ("Unga skapar själva", "erik@example.org", False, 1,
     "Min son vill spela i band men det finns ingenstans att repa."),
    ("Kultur nära där man bor", "forening@example.org", True, 2,
     "Hembygdsföreningen tar gärna emot turnerande teater i bygdegården."),
]
RESPONSE = ("Hedås Hembygdsförening välkomnar att scenkonsten ska turnera till "
            "bygdegårdarna. Vi står för lokal och fika.")

HEALTH = {
    "Rörelse i vardagen": [
        ("”Det ska vara lätt att röra på sig i hela kommunen.”", [
            ("Rusta upp motionsspåret i Hedås.", "Fritidschef", ActionStatus.DONE, 100),
            ("Starta gågrupper för äldre i varje lokalsamhälle.", "Folkhälsostrateg",
             ActionStatus.CANCELLED, 20)]),
    ],
}


def load_demo_adoption() -> None:
    users = {u.email: u for u in db.session.scalars(select(User))}
    _adopted_culture_strategy(users)
    _expired_health_plan(users[MODERATOR])
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.kind == adoption.KIND))
    db.session.flush()


def _structure(plan: Plan, challenges: dict) -> None:
    for c_position, (title, commitments) in enumerate(challenges.items(), start=1):
        challenge = Challenge(plan_id=plan.id, position=c_position, title=title)
        db.session.add(challenge)
        db.session.flush()
        for m_position, (quote, actions) in enumerate(commitments, start=1):
            commitment = Commitment(challenge_id=challenge.id, position=m_position, quote=quote)
            db.session.add(commitment)
            db.session.flush()
            for a_position, (text, responsible, status, progress) in enumerate(actions, 1):
                action = Action(commitment_id=commitment.id, position=a_position, text=text,
                                responsible=responsible, follow_up_report="Verksamhetsberättelse",
                                follow_up_year=plan.first_year, progress=progress)
                action.set_status(status)
                db.session.add(action)
    db.session.flush()


def _adopted_culture_strategy(users: dict[str, User]) -> Plan:
    today = consultation.today()
    year = today.year
    plan = Plan(title=f"Kulturstrategi för Sjövik {year}–{year + 3}", kind=PlanKind.STRATEGY,
                registry_number=f"KS {year - 1}/57", owner="Kultur- och fritidsförvaltningen",
                first_year=year, last_year=year + 3, status="consultation",
                introduction="Strategin togs fram tillsammans med invånare och föreningar "
                             "och var ute på samråd innan kommunfullmäktige antog den.")
    db.session.add(plan)
    db.session.flush()
    _structure(plan, CULTURE)
    ends_on = today - timedelta(days=120)
    consultation.set_period(plan, ends_on - timedelta(days=42), ends_on)
    moderator = users[MODERATOR]
    first = write_version(plan, moderator, FIRST, note="", free=("Vision",))
    second = write_version(plan, moderator, SECOND,
                            note="Scenkonsten turnerar och unga får en replokal, efter "
                                 "synpunkterna i samrådet.")
    now = utcnow()
    first.published_at = now - timedelta(days=160)
    second.published_at = now - timedelta(days=140)
    association = db.session.scalars(select(Organisation).where(
        Organisation.name == ASSOCIATION)).first()
    by_number = {1: {s.title: s for s in sections_of(first)},
                 2: {s.title: s for s in sections_of(second)}}
    for title, email, for_association, number, text in COMMENTS:
        db.session.add(SectionComment(
            section_id=by_number[number][title].id, author_id=users[email].id,
            organisation_id=association.id if for_association and association else None,
            body=text, created_at=now - timedelta(days=165 - 10 * number)))
    if association is not None:
        # Written straight to the table: the consultation is over, and responses
        # are accepted only while it runs.
        db.session.add(ConsultationResponse(
            consultation_id=consultation.consultation_of(plan).id,
            organisation_id=association.id, author_id=users["forening@example.org"].id,
            edited_by_id=users["forening@example.org"].id, version_id=second.id,
            body=RESPONSE))
    db.session.flush()
    adoption.adopt(plan, lifecycle.Decision(
        "Kommunfullmäktige", today - timedelta(days=90), "§ 142", plan.registry_number,
        "Antogs med ändringarna från samrådet."), moderator)
    return plan


def _expired_health_plan(moderator: User) -> Plan:
    year = consultation.today().year
    plan = Plan(title=f"Folkhälsoplan för Sjövik {year - 6}–{year - 3}",
                kind=PlanKind.ACTION_PLAN, registry_number=f"KS {year - 7}/211",
                owner="Kommunledningsförvaltningen", first_year=year - 6, last_year=year - 3,
                status="draft", introduction=f"Planen gällde till och med {year - 3}.")
    db.session.add(plan)
    db.session.flush()
    _structure(plan, HEALTH)
    adoption.adopt(plan, lifecycle.Decision(
        "Kommunfullmäktige", date(year - 6, 2, 11), "§ 18", plan.registry_number), moderator)
    lifecycle.expire_ended()
    return plan

