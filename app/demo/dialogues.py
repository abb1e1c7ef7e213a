"""Demo influence dialogues: one finished with feedback, one open, one planned."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from app.accounts.models import User
from app.communities.models import LocalCommunity, Theme
from app.core.mail import OutboxMessage
from app.core.models import utcnow
from app.dialogues import services
from app.dialogues.models import DialogueStatus, Registration, RegistrationStatus
from app.extensions import db
from app.proposals.models import Proposal


def _at(days: int, hour: int):
    """A time `days` from today at `hour` o'clock Swedish time (roughly: UTC+1)."""
    base = utcnow().replace(minute=0, second=0, microsecond=0)
    return base.replace(hour=hour - 1) + timedelta(days=days)


def load_demo_dialogues(organisations: dict) -> None:
    users = {u.email: u for u in db.session.scalars(select(User))}
    communities = {c.slug: c.id for c in db.session.scalars(select(LocalCommunity))}
    themes = {t.name: t.id for t in db.session.scalars(select(Theme))}
    moderator = users["demokrati@example.org"]
    camping = organisations.get("foretag@example.org")
    association = organisations.get("forening@example.org")

    # 1. Finished: the business dialogue in Strandvik, with a past meeting and feedback.
    visitors = services.create_dialogue(
        moderator, title="Besöksnäringen i Strandvik 2027",
        question="Hur gör vi Strandvik till en ort där besökare vill stanna längre, och där "
                 "det går att driva företag året runt?",
        influence_scope="Förslagen blir underlag till kommunens handlingsplan för "
                        "besöksnäringen 2027. Budgeten för hamnområdet är redan beslutad.",
        description="Inflytandedialogen hålls tillsammans med det kommunala "
                    "näringslivsbolaget och företagarna i Strandvik.",
        community_id=communities["strandvik"], participation_level="dialogue",
        target_groups=["entrepreneurs", "associations", "residents"],
        organising_unit="Kultur-, demokrati- och fritidsförvaltningen",
        partner_ids=[camping.id] if camping else [], responsible_ids=[moderator.id],
        proposals_from=None, proposals_until=None)
    past = services.save_meeting(
        visitors, None, title="Företagarträff i hamnmagasinet", starts_at=_at(-30, 18),
        ends_at=_at(-30, 20), place="Hamnmagasinet", address="Hamngatan 4, Strandvik",
        step_free=True, hearing_loop=True, accessibility_info="Ramp vid entrén.",
        online_url=None, capacity=40, registration_deadline=None,
        description="Vi går igenom sommarens erfarenheter och samlar förslag.")
    for email in ("foretag@example.org", "anna@example.org", "erik@example.org"):
        db.session.add(Registration(meeting_id=past.id, user_id=users[email].id,
                                    status=RegistrationStatus.REGISTERED,
                                    confirmed_at=_at(-40, 12), created_at=_at(-40, 12),
                                    organisation_id=camping.id if email.startswith("foretag")
                                    and camping else None))
    past.registered_count = 3
    services.record_outcome(past, 27, [camping.id] if camping else [],
                            "Tjugosju deltagare, varav elva företagare. Störst engagemang "
                            "kring skyltning, ställplatser för husbilar och en gemensam "
                            "evenemangskalender.")
    raised = services.record_meeting_proposal(
        past, moderator, "Gemensamt presentkort för Strandviks butiker",
        "Ett presentkort som gäller i alla butiker och restauranger i Strandvik, så att "
        "pengarna stannar på orten. Framfört muntligt på företagarträffen.", themes["Näringsliv"])
    for title in ("Skyltning till fiskehamnen", "Fler parkeringar för husbilar"):
        proposal = db.session.scalars(select(Proposal).where(Proposal.title == title)).first()
        if proposal is not None:
            proposal.dialogue_id = visitors.id
    visitors.status = DialogueStatus.CLOSED
    db.session.flush()
    services.publish_feedback(
        visitors, moderator,
        "Vi hörde att besökare har svårt att hitta till hamnen, att husbilarna behöver en "
        "egen plats och att företagen vill samarbeta mer kring marknadsföringen.",
        "Skyltningen tas med i handlingsplanen för 2027. En ställplats utreds under våren. "
        "Presentkortet lämnar vi till företagarföreningen, som vill driva det själv.",
        {raised.id: ("partly_accepted", "Kommunen kan inte driva ett presentkort, men "
                                        "stöder företagarföreningen med marknadsföringen.")})

    # 2. Open: safe outdoor environments in Östra Lund, with an upcoming meeting.
    safety = services.create_dialogue(
        moderator, title="Trygg utemiljö i Östra Lund",
        question="Var känns det otryggt att gå eller cykla i Östra Lund, och vad skulle "
                 "göra skillnad?",
        influence_scope="Era svar styr var belysning, röjning och nya gångvägar prioriteras i "
                        "nästa års budget för området.",
        description="Vi vill särskilt höra barn, unga och deras föräldrar.",
        community_id=communities["ostra-lund"], participation_level="consultation",
        target_groups=["residents", "young"], organising_unit="Samhällsbyggnadsförvaltningen",
        partner_ids=[], responsible_ids=[moderator.id], proposals_from=None,
        proposals_until=(utcnow() + timedelta(days=45)).date())
    safety.status = DialogueStatus.OPEN
    walk = services.save_meeting(
        safety, None, title="Trygghetsvandring", starts_at=_at(10, 18), ends_at=_at(10, 20),
        place="Samling vid förskolan Ekorren", address="Lundavägen 12, Östra Lund",
        step_free=True, hearing_loop=False,
        accessibility_info="Vandringen följer asfalterade gångvägar.", online_url=None,
        capacity=25, registration_deadline=_at(8, 23),
        description="Vi går runt i området tillsammans med polisen och tar bilder av platser "
                    "som känns otrygga.")
    for email in ("anna@example.org", "erik@example.org"):
        services.register(walk, users[email],
                          allergies="Nötter" if email.startswith("anna") else None)
    db.session.flush()

    # 3. Planned: services in the countryside around Hedås.
    countryside = services.create_dialogue(
        moderator, title="Service på landsbygden i Hedås",
        question="Vilken service behöver ni för att kunna bo och driva företag i Hedås om "
                 "tio år?",
        influence_scope="Resultatet blir en del av den sociala lokala utvecklingsstrategin.",
        description="", community_id=communities["hedas"], participation_level="influence",
        target_groups=["residents", "entrepreneurs", "associations"],
        organising_unit="Kommunledningskontoret",
        partner_ids=[association.id] if association else [], responsible_ids=[moderator.id],
        proposals_from=None, proposals_until=None)
    services.save_meeting(
        countryside, None, title="Bygdemöte i bygdegården", starts_at=_at(40, 18),
        ends_at=_at(40, 21), place="Hedås bygdegård", address="Byvägen 1, Hedås",
        step_free=True, hearing_loop=True, accessibility_info="", online_url=None,
        capacity=60, registration_deadline=None,
        description="Fika från hembygdsföreningen.")
    db.session.flush()
    db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.kind.in_(["meeting_confirmed", "meeting_waitlisted",
                                "dialogue_feedback", "proposal_status_changed"])))
