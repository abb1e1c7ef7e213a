"""Demo local development groups: one in each of three communities, with people
and member organisations, and proposals sent together with them."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.core.models import utcnow
from app.extensions import db
from app.groups import services
from app.groups.models import GroupMember, GroupOrganisation, GroupRole, LocalGroup
from app.organisations.models import Organisation
from app.proposals.models import PUBLIC_STATUSES, Proposal

GROUPS = [
    {
        "community": "hedas", "name": "Hedås utvecklingsgrupp",
        "purpose": "Vi är byalaget, hembygdsföreningen, företagarna och alla som bor i Hedås "
                   "och vill att byn ska leva. Vi samlar idéer, tar fram en lokal "
                   "utvecklingsplan och för byns talan i kommunens samråd.\n\n"
                   "Alla som bor eller verkar i Hedås är välkomna.",
        "contact_text": "Vi träffas första tisdagen varje månad kl. 19 i bygdegården.",
        "contact_email": "utveckling.hedas@example.org",
        "admin": "forening@example.org",
        "members": ["anna@example.org", "invanare001@example.org", "invanare002@example.org",
                    "invanare003@example.org"],
        "shown": ["forening@example.org", "anna@example.org", "invanare001@example.org"],
        "organisations": ["Hedås Hembygdsförening"],
        "proposals": ["Naturstig runt Hedåssjön"],
    },
    {
        "community": "strandvik", "name": "Strandviks utvecklingsgrupp",
        "purpose": "Fiskare, företagare, fritidsboende och året-runt-boende som tillsammans "
                   "vill göra Strandvik levande hela året, inte bara på sommaren.",
        "contact_text": "Hör av dig till kaféet vid campingen, eller mejla oss.",
        "contact_email": "strandvik.utveckling@example.org",
        "admin": "foretag@example.org",
        "members": ["invanare004@example.org", "invanare005@example.org"],
        "shown": ["foretag@example.org", "invanare004@example.org"],
        "organisations": ["Strandviks Camping & Stugby AB"],
        "proposals": ["Gemensam marknadsföring av Strandvik"],
    },
    {
        "community": "norrby", "name": "Norrby bygderåd",
        "purpose": "Bygderådet samlar föreningar och boende i Norrby för att ta tillvara "
                   "bygdens idéer om skolan, bygdegården och vägarna.",
        "contact_text": "Möten i Norrby skolas matsal, annonseras på anslagstavlan vid affären.",
        "contact_email": None,
        "admin": "anna@example.org",
        "members": ["invanare006@example.org", "invanare007@example.org"],
        "shown": ["anna@example.org"],
        "organisations": ["Hedås Hembygdsförening"],
        "proposals": [],
    },
]


def load_demo_groups() -> dict[str, LocalGroup]:
    """The groups by community slug. Runs after the demo proposals (their
    residents are the members) and makes no e-mail: members and organisations
    are written as if they had already accepted."""
    users = {u.email: u for u in db.session.scalars(select(User))}
    communities = {c.slug: c.id for c in db.session.scalars(select(LocalCommunity))}
    organisations = {o.name: o.id for o in db.session.scalars(select(Organisation))}
    moderator = users["demokrati@example.org"]
    created = {}
    for entry in GROUPS:
        group = services.create_group(
            moderator, community_id=communities[entry["community"]], name=entry["name"],
            purpose=entry["purpose"], contact_text=entry["contact_text"],
            contact_email=entry["contact_email"])
        people = [(entry["admin"], GroupRole.ADMIN)] + [
            (email, GroupRole.MEMBER) for email in entry["members"] if email in users]
        for email, role in people:
            db.session.add(GroupMember(group_id=group.id, user_id=users[email].id, role=role,
                                       shown_publicly=email in entry["shown"]))
        for name in entry["organisations"]:
            db.session.add(GroupOrganisation(
                group_id=group.id, organisation_id=organisations[name], status="accepted",
                requested_by_id=users[entry["admin"]].id, answered_at=utcnow()))
        for title in entry["proposals"]:
            proposal = db.session.scalars(select(Proposal).where(
                Proposal.title == title, Proposal.status.in_(PUBLIC_STATUSES))).first()
            if proposal is not None and proposal.author_id == users[entry["admin"]].id:
                proposal.group_id = group.id
        created[entry["community"]] = group
    _norrby_proposal(created["norrby"], users["anna@example.org"])
    db.session.flush()
    return created


def _norrby_proposal(group: LocalGroup, anna: User) -> None:
    """The newest public proposal Anna sent for Norrby becomes the council's too."""
    proposal = db.session.scalars(
        select(Proposal).where(Proposal.author_id == anna.id,
                               Proposal.community_id == group.community_id,
                               Proposal.status.in_(PUBLIC_STATUSES))
        .order_by(Proposal.id.desc())).first()
    if proposal is not None:
        proposal.group_id = group.id
