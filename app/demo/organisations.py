"""Demo organisations: a business, an association, and one awaiting verification."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.communities.models import LocalCommunity, Theme
from app.extensions import db
from app.organisations import services
from app.organisations.models import Organisation

ORGANISATIONS = [
    {
        "admin": "foretag@example.org", "verified": True,
        "name": "Strandviks Camping & Stugby AB", "kind": "company",
        "org_number": "556677-8899",
        "description": "Familjeägd camping och stugby vid havet i Strandvik sedan 1978, med "
                       "kajakuthyrning och kafé.",
        "role_text": "Vi tar emot runt 20 000 gästnätter varje sommar och anställer unga från "
                     "orten. Vi samarbetar gärna kring marknadsföring, evenemang och "
                     "sommarjobb.",
        "website": "https://camping.example.org", "contact_email": "info@camping.example.org",
        "communities": ["strandvik"], "themes": ["Näringsliv", "Kultur och fritid"],
    },
    {
        "admin": "forening@example.org", "verified": True,
        "name": "Hedås Hembygdsförening", "kind": "association", "org_number": None,
        "description": "Ideell förening som vårdar bygdens historia och driver bygdegården i "
                       "Hedås.",
        "role_text": "Vi håller bygdegården öppen för möten, kurser och fester, sköter "
                     "naturstigen och ordnar midsommarfirandet. Hör av er om ni vill låna "
                     "lokalen.",
        "website": None, "contact_email": "hembygd@example.org",
        "communities": ["hedas", "norrby"], "themes": ["Kultur och fritid", "Miljö"],
    },
    {
        "admin": "erik@example.org", "verified": False,
        "name": "Östra Lunds Fotbollsklubb", "kind": "association",
        "org_number": "802479-1835",
        "description": "Fotboll för barn och unga i Östra Lund.",
        "role_text": "Vi har tolv lag och över 200 aktiva barn.",
        "website": None, "contact_email": None,
        "communities": ["ostra-lund"], "themes": ["Kultur och fritid"],
    },
]


def load_demo_organisations() -> dict[str, Organisation]:
    users = {u.email: u for u in db.session.scalars(select(User))}
    communities = {c.slug: c.id for c in db.session.scalars(select(LocalCommunity))}
    themes = {t.name: t.id for t in db.session.scalars(select(Theme))}
    admin = users["admin@example.org"]
    created = {}
    for entry in ORGANISATIONS:
        organisation = services.register_organisation(
            users[entry["admin"]], name=entry["name"], kind=entry["kind"],
            org_number=entry["org_number"], description=entry["description"],
            role_text=entry["role_text"], website=entry["website"],
            contact_email=entry["contact_email"],
            community_ids=[communities[s] for s in entry["communities"]],
            theme_ids=[themes[t] for t in entry["themes"] if t in themes])
        if entry["verified"]:
            services.verify(organisation, admin)
        created[entry["admin"]] = organisation
    # A second member of the association, shown on its page.
    association = created["forening@example.org"]
    from app.organisations.models import Membership

    db.session.add(Membership(organisation_id=association.id,
                              user_id=users["anna@example.org"].id, shown_publicly=True))
    db.session.flush()
    return created
