"""A local development group as the author of section comments and of a
consultation response: only its members, only while it is active, one
response per group; shown on the comment, the response and the group's page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.consultation import services
from app.consultation.models import ConsultationResponse, SectionComment
from app.extensions import db
from app.plans.models import Plan
from tests.consultation.helpers import count, draft_url, section_url
from tests.proposals.helpers import assert_safe, key


@pytest.fixture
def open_draft(cf):
    consultation = cf.consultation()
    return consultation, cf.sections(cf.first_version(consultation))[1]


def _comment(client, consultation, section, acting_as, body="Gruppen vill ha fler mötesplatser."):
    return client.post(f"{section_url(consultation, section)}/kommentarer",
                       data={"body": body, "submission_key": key(), "acting_as": acting_as})


def _respond(client, consultation, sender, body="Gruppen stöder utkastet."):
    return client.post(f"{draft_url(consultation)}/yttrande",
                       data={"organisation": sender, "body": body})


def test_a_member_comments_for_the_group(client, login_as, resident, gf, open_draft):
    consultation, section = open_draft
    group = gf.group(resident, name="Norrbygruppen")

    form = login_as(resident).get(section_url(consultation, section)).get_data(as_text=True)
    assert f'value="grupp-{group.id}"' in form and "Norrbygruppen (lokal utvecklingsgrupp)" in form
    assert _comment(login_as(resident), consultation, section,
                    f"grupp-{group.id}").status_code == 302
    saved = db.session.scalars(select(SectionComment)).one()
    assert (saved.group_id, saved.organisation_id, saved.author_id) == (group.id, None,
                                                                        resident.id)
    html = client.get(section_url(consultation, section)).get_data(as_text=True)
    assert "Norrbygruppen" in html and "lokal utvecklingsgrupp, via" in html
    assert_safe(html)
    page = client.get(f"/utvecklingsgrupper/{group.id}").get_data(as_text=True)
    assert "Kommentarer på utkast" in page and f"#kommentar-{saved.id}" in page


@pytest.mark.parametrize("situation", ["not_member", "archived", "unknown", "tampered"])
def test_acting_for_a_group_one_may_not_is_refused(client, login_as, resident, make, gf,
                                                   open_draft, situation):
    consultation, section = open_draft
    group = gf.group(make.user(), archived=situation == "archived")
    if situation == "archived":
        gf.member(group, resident)
    value = {"unknown": "grupp-99999999", "tampered": "grupp-1x"}.get(
        situation, f"grupp-{group.id}")
    assert _comment(login_as(resident), consultation, section, value).status_code == 403
    assert _respond(login_as(resident), consultation, value).status_code == 403
    assert count() == 0 and count(ConsultationResponse) == 0


def test_the_form_offers_myself_and_the_groups_only_to_members(client, login_as, resident,
                                                               make, gf, open_draft):
    consultation, section = open_draft
    gf.group(make.user(), name="Annan grupp")
    form = login_as(resident).get(section_url(consultation, section)).get_data(as_text=True)
    assert 'name="acting_as"' not in form and "Annan grupp" not in form


def test_a_group_sends_one_response_that_its_members_change(client, login_as, make, gf,
                                                            open_draft):
    consultation, _section = open_draft
    chair, member = make.user(), make.user()
    group = gf.group(chair, name="Hedåsgruppen")
    gf.member(group, member)

    page = login_as(chair).get(f"{draft_url(consultation)}/yttrande").get_data(as_text=True)
    assert f'value="grupp-{group.id}"' in page
    response = _respond(login_as(chair), consultation, f"grupp-{group.id}")
    saved = db.session.scalars(select(ConsultationResponse)).one()
    assert response.location.endswith(f"/samrad/yttranden/{saved.id}")
    assert (saved.group_id, saved.organisation_id) == (group.id, None)

    html = login_as(member).get(
        f"{draft_url(consultation)}/yttranden/{saved.id}").get_data(as_text=True)
    assert "Samrådsyttrande från Hedåsgruppen" in html
    assert f"/yttrande?organisation=grupp-{group.id}" in html  # the member may change it
    assert _respond(login_as(member), consultation, f"grupp-{group.id}",
                    "Ändrat av en medlem.").status_code == 302
    db.session.expire_all()
    assert db.session.scalars(select(ConsultationResponse)).one().body == "Ändrat av en medlem."
    assert "Yttrande från Hedåsgruppen" in client.get(draft_url(consultation)).get_data(
        as_text=True)
    group_page = client.get(f"/utvecklingsgrupper/{group.id}").get_data(as_text=True)
    assert f"/samrad/yttranden/{saved.id}" in group_page


def test_an_organisation_and_a_group_each_send_their_own_response(client, login_as, resident,
                                                                  of, gf, open_draft):
    consultation, _section = open_draft
    club = of.organisation(resident)
    group = gf.group(resident)
    assert _respond(login_as(resident), consultation, str(club.id)).status_code == 302
    assert _respond(login_as(resident), consultation, f"grupp-{group.id}").status_code == 302
    assert _respond(login_as(resident), consultation, f"grupp-{group.id}").status_code == 302
    rows = db.session.scalars(select(ConsultationResponse)).all()
    assert {(r.organisation_id, r.group_id) for r in rows} == {(club.id, None),
                                                               (None, group.id)}
    assert len(rows) == 2


def test_the_service_refuses_a_non_member_and_two_senders(make, gf, of, open_draft):
    consultation, section = open_draft
    plan = db.session.get(Plan, consultation.plan_id)
    outsider, member = make.user(), make.user()
    group = gf.group(member)
    club = of.organisation(member)
    with pytest.raises(services.ConsultationError, match="Bara medlemmarna"):
        services.add_comment(plan, section, outsider, "Hej", group=group)
    with pytest.raises(services.ConsultationError, match="Bara medlemmarna"):
        services.save_response(plan, None, outsider, "Hej", group=group)
    with pytest.raises(services.ConsultationError, match="inte båda"):
        services.add_comment(plan, section, member, "Hej", organisation=club, group=group)
    assert services.add_comment(plan, section, member, "Hej", group=group).group_id == group.id


def test_a_blocked_member_cannot_act_for_the_group(client, login_as, resident, gf, open_draft):
    from tests.moderation.test_blocks import set_block

    consultation, section = open_draft
    group = gf.group(resident)
    set_block(resident)
    response = _comment(login_as(resident), consultation, section, f"grupp-{group.id}")
    assert response.status_code == 403
    assert count() == 0
