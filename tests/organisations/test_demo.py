"""`flask demo load` brings organisations and contributions on their behalf."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from app.organisations.models import MemberRole, Membership, Organisation
from app.proposals.models import Comment, OrganisationSupport, Proposal


def _administered_by(email: str) -> list[Organisation]:
    return list(db.session.scalars(
        select(Organisation).join(Membership, Membership.organisation_id == Organisation.id)
        .join(User, User.id == Membership.user_id)
        .where(User.email == email, Membership.role == MemberRole.ADMIN)))


# Seeded by the migrations; the suite empties every table after each test.
SEEDED_THEMES = ["Trygghet", "Kultur och fritid", "Näringsliv", "Trafik", "Miljö"]


def test_demo_data_has_organisations_acting_on_the_platform(app, client, pf):
    for position, name in enumerate(SEEDED_THEMES, start=1):
        pf.theme(name, position=position)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()

    [business] = _administered_by("foretag@example.org")
    assert (business.kind, business.status) == ("company", "verified")
    [association] = _administered_by("forening@example.org")
    assert (association.kind, association.status) == ("association", "verified")
    unverified = db.session.scalars(select(Organisation).where(
        Organisation.status == "unverified")).all()
    assert len(unverified) == 1

    for organisation in (business, association):
        assert db.session.scalar(select(func.count()).select_from(Proposal).where(
            Proposal.organisation_id == organisation.id)) >= 1
    assert db.session.scalar(select(func.count()).select_from(Comment).where(
        Comment.organisation_id.is_not(None))) >= 1
    assert db.session.scalar(select(func.count()).select_from(OrganisationSupport)) >= 1
    # Every contribution on behalf of an organisation is by a member of a verified one.
    acting = [*db.session.execute(select(Proposal.author_id, Proposal.organisation_id)
                                  .where(Proposal.organisation_id.is_not(None))),
              *db.session.execute(select(Comment.author_id, Comment.organisation_id)
                                  .where(Comment.organisation_id.is_not(None))),
              *db.session.execute(select(OrganisationSupport.user_id,
                                         OrganisationSupport.organisation_id))]
    for user_id, organisation_id in acting:
        assert organisation_id in {business.id, association.id}
        assert db.session.scalar(select(Membership.id).where(
            Membership.user_id == user_id, Membership.organisation_id == organisation_id))
    # Counters agree with the rows.
    for proposal in db.session.scalars(select(Proposal)):
        assert proposal.organisation_support_count == db.session.scalar(
            select(func.count()).select_from(OrganisationSupport)
            .where(OrganisationSupport.proposal_id == proposal.id))

    # The pages built on it work.
    assert client.get("/organisationer").status_code == 200
    assert client.get(f"/organisationer/{business.id}").status_code == 200
    assert client.get(f"/organisationer/{unverified[0].id}").status_code == 404
    assert client.get("/lokalsamhallen/strandvik/aktorer").status_code == 200

    # Running it again changes nothing.
    again = app.test_cli_runner().invoke(args=["demo", "load"])
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 3
