"""The rest of a municipality at scale: organisations, dialogues with meetings,
steering documents with actions, and the links from proposals and dialogues
to actions. Used by `flask demo scale` (see app/demo/scale.py).

Like the proposals, rows are written with Core executemany; counters
(registered and waiting per meeting) are set to the rows written.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import insert, select

from app.communities.models import LocalCommunity
from app.core.models import utcnow
from app.dialogues.models import (
    Dialogue,
    DialogueStatus,
    DialogueTargetGroup,
    Meeting,
    ParticipationLevel,
    Registration,
    RegistrationStatus,
    TargetGroup,
)
from app.extensions import db
from app.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    VerificationStatus,
    organisation_community,
)
from app.plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Challenge,
    Commitment,
    DialogueActionLink,
    Plan,
    PlanStatus,
    ProposalActionLink,
    action_community,
)

CHUNK = 10_000
CHALLENGES_PER_PLAN = 10
COMMITMENTS_PER_CHALLENGE = 3
# The registry numbers of the generated plans start with this, so a benchmark
# can find them.
REGISTRY_PREFIX = "SKALA"
ORGANISATION_WORDS = ["Hembygdsförening", "Idrottsklubb", "Bygdegårdsförening", "Camping AB",
                      "Bageri", "Byalag", "Scoutkår", "Fiskevårdsförening", "Handelsförening",
                      "Ridklubb", "Konsult AB", "Kulturförening"]
PLACE_WORDS = ["Norra", "Södra", "Östra", "Västra", "Övre", "Nedre", "Gamla", "Nya"]
DIALOGUE_SUBJECTS = ["trafiken i centrum", "en ny skolgård", "badplatsen", "ungas fritid",
                     "kollektivtrafiken", "bibliotekets öppettider", "torget",
                     "gång- och cykelvägar", "äldres mötesplatser", "besöksnäringen"]


def _insert(model_or_table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model_or_table), rows[start:start + CHUNK])


def _community_ids() -> list[int]:
    return list(db.session.scalars(select(LocalCommunity.id).order_by(LocalCommunity.id)))


def generate_organisations(count: int, user_ids: list[int], rng: random.Random) -> list[int]:
    """Organisations, most of them verified, each with an administrator and
    sometimes a member from `user_ids`, in one or two local communities.
    Returns the ids of the verified ones (those that can act)."""
    if count <= 0:
        return []
    communities = _community_ids()
    kinds = [OrganisationKind.ASSOCIATION] * 6 + [OrganisationKind.COMPANY] * 3 + \
        [OrganisationKind.OTHER]
    now = utcnow()
    first = (db.session.scalar(select(db.func.max(Organisation.id))) or 0) + 1
    rows, members, places = [], [], []
    for n in range(count):
        oid = first + n
        status = (VerificationStatus.VERIFIED if n % 10 < 8 else
                  VerificationStatus.UNVERIFIED if n % 10 == 8 else VerificationStatus.REFUSED)
        rows.append({
            "id": oid, "name": f"{rng.choice(PLACE_WORDS)} {rng.choice(ORGANISATION_WORDS)} "
                              f"{n + 1}",
            "kind": rng.choice(kinds), "org_number": None,
            "description": "En av kommunens många föreningar och företag.",
            "role_text": "Vi bidrar med kunskap om orten och hjälper gärna till.",
            "status": status, "reviewed_at": now if status != VerificationStatus.UNVERIFIED
            else None, "created_at": now, "updated_at": now,
        })
        admin, member = rng.sample(user_ids, 2)
        members.append({"organisation_id": oid, "user_id": admin, "role": MemberRole.ADMIN,
                        "shown_publicly": True, "created_at": now})
        if n % 3 == 0:
            members.append({"organisation_id": oid, "user_id": member,
                            "role": MemberRole.MEMBER, "shown_publicly": False,
                            "created_at": now})
        if communities:
            for community_id in rng.sample(communities, min(len(communities),
                                                            1 + (n % 4 == 0))):
                places.append({"organisation_id": oid, "community_id": community_id})
    _insert(Organisation, rows)
    _insert(Membership, members)
    if places:
        _insert(organisation_community, places)
    return [row["id"] for row in rows if row["status"] == VerificationStatus.VERIFIED]


def generate_dialogues(count: int, user_ids: list[int], rng: random.Random) -> list[int]:
    """Dialogues in every status with one or two meetings each (the open and
    planned ones in the future, with places left), registrations and target
    groups. Returns the dialogue ids."""
    if count <= 0:
        return []
    communities = [None, *_community_ids()]
    statuses = [DialogueStatus.FEEDBACK_PUBLISHED, DialogueStatus.CLOSED,
                DialogueStatus.OPEN, DialogueStatus.OPEN, DialogueStatus.PLANNED]
    levels = list(ParticipationLevel)
    groups = list(TargetGroup)
    now = utcnow()
    first = (db.session.scalar(select(db.func.max(Dialogue.id))) or 0) + 1
    first_meeting = (db.session.scalar(select(db.func.max(Meeting.id))) or 0) + 1
    dialogues, targets, meetings, registrations = [], [], [], []
    for n in range(count):
        did = first + n
        status = statuses[n % len(statuses)]
        past = status in (DialogueStatus.FEEDBACK_PUBLISHED, DialogueStatus.CLOSED)
        created = now - timedelta(days=rng.randint(30, 3 * 365))
        subject = rng.choice(DIALOGUE_SUBJECTS)
        dialogues.append({
            "id": did, "title": f"Dialog {n + 1} om {subject}",
            "question": f"Hur vill ni att kommunen utvecklar {subject}?",
            "influence_scope": "Synpunkterna blir underlag till nästa års budget.",
            "description": "Kommunen bjuder in till samtal.",
            "community_id": rng.choice(communities),
            "participation_level": rng.choice(levels), "organising_unit": "Kommunledningen",
            "status": status,
            "feedback_heard": "Vi hörde många förslag om trygghet och belysning."
            if status == DialogueStatus.FEEDBACK_PUBLISHED else None,
            "feedback_next": "Förslagen lämnas till nämnden."
            if status == DialogueStatus.FEEDBACK_PUBLISHED else None,
            "feedback_published_at": now - timedelta(days=5)
            if status == DialogueStatus.FEEDBACK_PUBLISHED else None,
            "created_at": created, "updated_at": created,
        })
        for group in rng.sample(groups, rng.randint(1, 3)):
            targets.append({"dialogue_id": did, "target_group": group})
        for m in range(1 + n % 2):
            mid = first_meeting + len(meetings)
            starts = (now - timedelta(days=rng.randint(10, 300)) if past
                      else now + timedelta(days=rng.randint(5, 120)))
            starts = starts.replace(minute=0, second=0, microsecond=0)
            capacity = rng.choice([20, 30, 40, 60, 100])
            taken = rng.sample(user_ids, rng.randint(0, min(capacity - 1, len(user_ids))))
            meetings.append({
                "id": mid, "dialogue_id": did, "title": f"Dialogmöte {m + 1}",
                "starts_at": starts, "ends_at": starts + timedelta(hours=2),
                "place": "Bygdegården", "address": "Storgatan 1", "step_free": True,
                "hearing_loop": m == 0, "capacity": capacity,
                "registered_count": len(taken), "waitlist_count": 0,
                "attendees": len(taken) if past else None,
                "created_at": created, "updated_at": created,
            })
            registrations += [{"meeting_id": mid, "user_id": uid,
                               "status": RegistrationStatus.REGISTERED,
                               "created_at": created, "confirmed_at": created,
                               # Past meetings have had their reminder.
                               "reminder_sent_at": created if past else None}
                              for uid in taken]
    _insert(Dialogue, dialogues)
    _insert(DialogueTargetGroup.__table__, targets)
    _insert(Meeting, meetings)
    if registrations:
        _insert(Registration, registrations)
    return [row["id"] for row in dialogues]


def generate_plans(plans: int, actions_per_plan: int, rng: random.Random) -> list[int]:
    """Adopted plans laid out challenge → quote → actions, each action in a
    local community, with an update now and then. Returns the action ids in
    the order written (the first plan's first)."""
    if plans <= 0 or actions_per_plan <= 0:
        return []
    communities = _community_ids()
    statuses = list(ActionStatus)
    now = utcnow()
    year = now.year
    per_commitment = -(-actions_per_plan // (CHALLENGES_PER_PLAN * COMMITMENTS_PER_CHALLENGE))
    existing = db.session.scalar(select(db.func.count(Plan.id)).where(
        Plan.registry_number.like(f"{REGISTRY_PREFIX}%"))) or 0
    action_ids: list[int] = []
    for p in range(plans):
        plan = Plan(title=f"Handlingsplan {existing + p + 1} för hela kommunen "
                          f"{year}–{year + 2}",
                    status=PlanStatus.ADOPTED, registry_number=f"{REGISTRY_PREFIX} "
                                                                f"{year}/{existing + p + 1}",
                    first_year=year, last_year=year + 2, owner="Kommunstyrelsen",
                    introduction="Planen samlar kommunens åtgärder för de kommande åren.")
        db.session.add(plan)
        db.session.flush()
        rows = []
        for c in range(CHALLENGES_PER_PLAN):
            challenge = Challenge(plan_id=plan.id, position=c, title=f"Utmaning {c + 1}",
                                  description="Det här behöver bli bättre.")
            db.session.add(challenge)
            db.session.flush()
            for q in range(COMMITMENTS_PER_CHALLENGE):
                commitment = Commitment(challenge_id=challenge.id, position=q,
                                        quote=f"”Citat {c + 1}.{q + 1} ur strategin.”")
                db.session.add(commitment)
                db.session.flush()
                for a in range(per_commitment):
                    if len(rows) == actions_per_plan:
                        break
                    n = len(rows)
                    rows.append({
                        "commitment_id": commitment.id, "position": a,
                        "text": f"Åtgärd {n + 1}: utveckla mötesplatserna i byarna",
                        "responsible": "Kultur och fritid",
                        "follow_up_report": "Verksamhetsberättelse",
                        "follow_up_year": year + n % 3, "status": statuses[n % len(statuses)],
                        "progress": n % 101, "created_at": now, "updated_at": now,
                    })
        _insert(Action, rows)
        ids = list(db.session.scalars(
            select(Action.id).join(Commitment).join(Challenge)
            .where(Challenge.plan_id == plan.id).order_by(Action.id)))
        action_ids += ids
        if communities:
            _insert(action_community, [{"action_id": aid, "community_id":
                                        communities[n % len(communities)]}
                                       for n, aid in enumerate(ids)])
        _insert(ActionUpdate, [{"action_id": aid, "text": "Arbetet går framåt enligt planen.",
                                "status": ActionStatus.ONGOING, "progress": 40,
                                "created_at": now - timedelta(days=rng.randint(1, 200))}
                               for aid in ids[::3]])
    return action_ids


def generate_links(action_ids: list[int], proposal_ids: list[int], dialogue_ids: list[int],
                   links: int, rng: random.Random) -> int:
    """Link public proposals to actions: a tenth of them to the first action
    (the busiest), the rest spread over all; and every tenth dialogue to an
    action. Returns the number of proposal links written."""
    if not action_ids or not proposal_ids or links <= 0:
        return 0
    now = utcnow()
    chosen = rng.sample(proposal_ids, min(links, len(proposal_ids)))
    busiest = len(chosen) // 10
    rows = [{"proposal_id": pid, "action_id": action_ids[0] if n < busiest
             else action_ids[n % len(action_ids)],
             "motivation": "Åtgärden svarar mot det som föreslås.",
             "created_at": now - timedelta(minutes=n)} for n, pid in enumerate(chosen)]
    _insert(ProposalActionLink, rows)
    dialogue_rows = [{"dialogue_id": did, "action_id": action_ids[n % len(action_ids)],
                      "motivation": "Dialogen gav underlag till åtgärden.", "created_at": now}
                     for n, did in enumerate(dialogue_ids[::10])]
    if dialogue_rows:
        _insert(DialogueActionLink, dialogue_rows)
    return len(rows)
