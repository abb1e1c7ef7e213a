"""`flask demo load` brings local development groups with people, organisations
and proposals sent together with them."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.groups.models import GroupMember, GroupOrganisation, LocalGroup
from app.proposals.models import Proposal
from tests.organisations.test_demo import SEEDED_THEMES


def test_demo_data_has_groups_in_three_communities(app, client, pf):
    for position, name in enumerate(SEEDED_THEMES, start=1):
        pf.theme(name, position=position)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()

    groups = db.session.scalars(select(LocalGroup)).all()
    assert len(groups) == 3
    assert len({g.community_id for g in groups}) == 3
    for group in groups:
        assert db.session.scalar(select(func.count()).select_from(GroupMember).where(
            GroupMember.group_id == group.id, GroupMember.role == "admin")) == 1
        assert db.session.scalar(select(func.count()).select_from(GroupMember).where(
            GroupMember.group_id == group.id)) >= 3
        assert db.session.scalar(select(func.count()).select_from(GroupOrganisation).where(
            GroupOrganisation.group_id == group.id,
            GroupOrganisation.status == "accepted")) >= 1
    co_authored = db.session.scalars(select(Proposal).where(
        Proposal.group_id.is_not(None))).all()
    assert len(co_authored) >= 2
    for proposal in co_authored:  # every co-author was a member of the group
        assert db.session.scalar(select(GroupMember.id).where(
            GroupMember.group_id == proposal.group_id,
            GroupMember.user_id == proposal.author_id))

    assert client.get("/utvecklingsgrupper").status_code == 200
    page = client.get(f"/utvecklingsgrupper/{co_authored[0].group_id}").get_data(as_text=True)
    assert co_authored[0].reference in page
    assert "Hedås utvecklingsgrupp" in client.get("/lokalsamhallen/hedas").get_data(as_text=True)
