"""Acting for a group: a member sends a proposal together with the group, the
proposal and the group's page show it, and nobody else can claim the group."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.groups import services
from app.groups.models import GroupRole
from app.proposals.models import Proposal
from tests.organisations.helpers import text_of

NEW = "/forslag/nytt"


@pytest.fixture(autouse=True)
def _published_at_once(participation):
    participation(premoderation=False)


def proposal_form(community, theme, group_value="", action="send", key="nyckel-1234567890ab"):
    return {"title": "Belys elljusspåret", "body": "Spåret är mörkt från oktober.",
            "community": str(community.id), "theme": str(theme.id), "acting_as": "",
            "group": group_value, "submission_key": key, "action": action}


def test_the_form_offers_only_the_persons_active_groups(login_as, make, gf, resident):
    mine = gf.group(name="Min grupp")
    gf.member(mine, resident)
    gf.member(gf.group(name="Arkiverad grupp", archived=True), resident)
    gf.group(name="Annans grupp")

    page = login_as(resident).get(NEW).get_data(as_text=True)

    assert 'name="group"' in page
    assert "Min grupp" in page
    assert "Arkiverad grupp" not in page and "Annans grupp" not in page


def test_people_without_groups_see_no_group_field(login_as, resident):
    assert 'name="group"' not in login_as(resident).get(NEW).get_data(as_text=True)


def test_a_member_sends_a_proposal_together_with_the_group(login_as, app, make, pf, gf,
                                                          resident):
    norrby = make.community("Norrby")
    theme = pf.theme()
    group = gf.group(name="Norrbygruppen", community=norrby)
    gf.member(group, resident)
    client = login_as(resident)

    preview = client.post(NEW, data=proposal_form(norrby, theme, str(group.id), "preview"))
    assert preview.status_code == 200
    assert "Tillsammans med Norrbygruppen" in text_of(preview.get_data(as_text=True))
    response = client.post(NEW, data=proposal_form(norrby, theme, str(group.id)))
    again = client.post(NEW, data=proposal_form(norrby, theme, str(group.id)))  # double submit

    [proposal] = db.session.scalars(select(Proposal)).all()
    assert response.status_code == again.status_code == 302
    assert (proposal.group_id, proposal.author_id) == (group.id, resident.id)
    visitor = app.test_client()
    page = visitor.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert f'href="/utvecklingsgrupper/{group.id}"' in page
    assert "Tillsammans med den lokala utvecklingsgruppen" in text_of(page)
    group_page = visitor.get(f"/utvecklingsgrupper/{group.id}").get_data(as_text=True)
    assert f"/forslag/{proposal.reference}" in group_page
    assert "1 publicerat förslag" in text_of(group_page)


def test_a_proposal_can_be_on_behalf_of_an_organisation_and_with_a_group(login_as, make, pf,
                                                                        gf, of, resident):
    norrby = make.community("Norrby")
    club = of.organisation()
    of.member(club, resident)
    group = gf.group()
    gf.member(group, resident)
    data = proposal_form(norrby, pf.theme(), str(group.id))
    data["acting_as"] = str(club.id)

    assert login_as(resident).post(NEW, data=data).status_code == 302

    proposal = db.session.scalars(select(Proposal)).one()
    assert (proposal.organisation_id, proposal.group_id) == (club.id, group.id)


@pytest.mark.parametrize("case", ["not_member", "archived", "unknown", "huge", "text"])
def test_a_group_the_person_may_not_act_for_is_refused(login_as, make, pf, gf, resident,
                                                       case):
    norrby = make.community("Norrby")
    group = gf.group(archived=case == "archived")
    if case == "archived":
        gf.member(group, resident)
    value = {"not_member": str(group.id), "archived": str(group.id), "unknown": "999999",
             "huge": "99999999999", "text": "abc"}[case]

    response = login_as(resident).post(NEW, data=proposal_form(norrby, pf.theme(), value))

    assert response.status_code == 403
    assert db.session.scalars(select(Proposal)).all() == []


def test_the_proposal_page_without_a_group_says_nothing_about_groups(client, pf):
    proposal = pf.proposal()
    page = client.get(f"/forslag/{proposal.reference}").get_data(as_text=True)
    assert 'class="meta co-author"' not in page


# --- the API for other areas (e.g. consultation responses) ---------------------------

def test_may_act_for_follows_membership_archiving_and_blocks(make, gf, resident, moderator):
    from tests.moderation.test_blocks import set_block

    group = gf.group()
    assert not services.may_act_for(resident, group)
    assert not services.may_act_for(moderator, group)  # staff rank gives no voice
    gf.member(group, resident, role=GroupRole.MEMBER)
    assert services.may_act_for(resident, group)
    assert services.acting_group(resident, group.id) == group
    assert services.acting_group(resident, None) is None
    for bad in (0, -1, 2**40):
        with pytest.raises(services.NotAllowedToAct):
            services.acting_group(resident, bad)
    group.archived_at = group.created_at
    db.session.commit()
    assert not services.may_act_for(resident, group)
    group.archived_at = None
    db.session.commit()
    set_block(resident)
    assert not services.may_act_for(resident, group)
    with pytest.raises(services.NotAllowedToAct):
        services.acting_group(resident, group.id)
