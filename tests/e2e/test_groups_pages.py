"""The local development group pages in a real browser: the lists, the group
page, creating and editing a group, running its members, accepting an
invitation, an organisation answering, and a proposal sent with the group.

Elements are found by id, name and attributes rather than by wording. Every
page state a test visits is checked with axe-core.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from app.core.permissions import Role
from app.extensions import db
from app.groups.models import GroupInvitation, GroupMember, GroupOrganisation, LocalGroup
from app.proposals.models import Proposal
from tests import group_factories as gf
from tests import organisation_factories as of
from tests import proposal_factories as pf
from tests.e2e.conftest import check_a11y, follow, log_in, submit

LOGOUT_FORM = "form[action$='/konto/logga-ut']"
INVITATION_LINK = re.compile(r"https?://\S+/utvecklingsgrupper/inbjudan/\S+")


def _fresh(statement):
    db.session.expire_all()
    return db.session.scalars(statement).all()


def _switch_user(page, email: str) -> None:
    submit(page, LOGOUT_FORM)
    log_in(page, email)


def test_lists_and_the_group_page_for_the_public(page, make):
    norrby = make.community("Norrby", slug="norrby")
    strand = make.community("Strand", slug="strand")
    chair = make.user(display_name="Ada Ordförande")
    group = gf.group(chair, name="Norrbygruppen", community=norrby,
                     contact_email="grupp@example.org")
    gf.member(group, make.user(display_name="Sara Synlig"), shown_publicly=True)
    gf.member(group)
    gf.organisation_member(group, of.organisation(name="Norrby IF"))
    gf.group(name="Strandgruppen", community=strand)
    proposal = pf.proposal(chair, title="Belys elljusspåret", community=norrby)
    proposal.group_id = group.id
    db.session.commit()

    page.goto("/lokalsamhallen")
    follow(page, page.locator("main a[href='/utvecklingsgrupper']"))
    assert page.locator("main .group-card .card-title a").all_inner_texts() == [
        "Norrbygruppen", "Strandgruppen"]
    check_a11y(page)

    follow(page, page.locator("main h2 a[href='/lokalsamhallen/norrby/utvecklingsgrupper']"))
    assert page.locator("main .group-card .card-title a").all_inner_texts() == ["Norrbygruppen"]
    check_a11y(page)

    follow(page, page.locator(f"main a[href='/utvecklingsgrupper/{group.id}']"))
    assert page.locator("h1").inner_text() == "Norrbygruppen"
    assert page.locator("main .prose strong").first.inner_text() == "bygden"
    members = page.locator("section[aria-labelledby=members-heading]")
    assert members.locator("a", has_text="Norrby IF").count() == 1
    assert members.locator("li").all_inner_texts()[-2:] == ["Ada Ordförande (Administratör)",
                                                           "Sara Synlig"]
    assert page.locator(f"main a[href='/forslag/{proposal.reference}']").count() == 1
    assert page.locator("section[aria-labelledby=you-heading]").count() == 0
    check_a11y(page)

    page.goto("/lokalsamhallen/norrby")
    section = page.locator("section[aria-labelledby=community-groups-heading]")
    assert section.locator(".card-title a").all_inner_texts() == ["Norrbygruppen"]
    check_a11y(page)


def test_a_moderator_creates_edits_and_archives_a_group(page, make, outbox):
    make.community("Norrby", slug="norrby")
    moderator = make.user(Role.MODERATOR)
    log_in(page, moderator.email)

    page.goto("/utvecklingsgrupper")
    follow(page, page.locator("main a[href='/utvecklingsgrupper/ny']"))
    check_a11y(page)

    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit(page, "main form.group-form")
    assert posted.value.status == 400
    assert page.locator(".error-summary a").count() >= 3
    assert page.locator("#name").get_attribute("aria-invalid") == "true"
    check_a11y(page)

    page.select_option("#community", label="Norrby")
    page.fill("#name", "Norrbygruppen")
    page.fill("#purpose", "Vi arbetar för en **levande** bygd.")
    page.fill("#contact_text", "Vi ses i bygdegården.")
    page.fill("#first_admin_email", "ny.admin@example.org")
    submit(page, "main form.group-form")

    [group] = _fresh(select(LocalGroup))
    assert page.url.endswith(f"/utvecklingsgrupper/{group.id}")
    assert page.locator(".flash-success").count() == 1
    assert [m.kind for m in outbox("ny.admin@example.org")] == ["group_invitation"]
    check_a11y(page)

    follow(page, page.locator(f"main a[href='/utvecklingsgrupper/{group.id}/redigera']"))
    assert page.input_value("#name") == "Norrbygruppen"
    check_a11y(page)
    page.fill("#name", "Norrby bygderåd")
    submit(page, "main form.group-form")
    assert page.locator("h1").inner_text() == "Norrby bygderåd"

    submit(page, f"main form[action$='/utvecklingsgrupper/{group.id}/arkivera']")
    assert page.locator("main .badge-muted").count() == 1
    check_a11y(page)
    assert _fresh(select(LocalGroup))[0].is_archived


def test_the_administrator_runs_members_and_an_invitee_accepts(page, make, outbox):
    chair = make.user(display_name="Ada Ordförande")
    invitee = make.user(email="nils.ny@example.org", display_name="Nils Ny")
    club_admin = make.user(display_name="Klubbens ordförande")
    club = of.organisation(club_admin, name="Norrby IF")
    group = gf.group(chair, name="Norrbygruppen")
    log_in(page, chair.email)

    page.goto(f"/utvecklingsgrupper/{group.id}")
    you = page.locator("section[aria-labelledby=you-heading]")
    assert you.count() == 1
    check_a11y(page)
    follow(page, page.locator(f"main a[href='/utvecklingsgrupper/{group.id}/medlemmar']"))
    check_a11y(page)

    page.fill("#email", "inte en adress")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit(page, "main form.invite-form")
    assert posted.value.status == 400
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    check_a11y(page)

    page.fill("#email", "Nils.Ny@Example.org")
    submit(page, "main form.invite-form")
    assert "nils.ny@example.org" in page.locator(".flash-success").inner_text()

    page.select_option("#organisation", str(club.id))
    submit(page, "main form.ask-form")
    assert page.locator(".flash-success").count() == 1
    check_a11y(page)

    [mail] = outbox(invitee.email)
    link = INVITATION_LINK.search(mail.body).group(0)
    _switch_user(page, invitee.email)
    page.goto(urlsplit(link).path)
    assert "Norrbygruppen" in page.locator("h1").inner_text()
    check_a11y(page)
    page.check("#shown_publicly")
    with page.expect_navigation(wait_until="load"):
        page.click("main button[name=answer][value=accept]")
    assert page.url.endswith(f"/utvecklingsgrupper/{group.id}")
    assert "Nils Ny" in page.locator("section[aria-labelledby=members-heading]").inner_text()
    check_a11y(page)
    [joined] = _fresh(select(GroupMember).where(GroupMember.user_id == invitee.id))
    assert (joined.role, joined.shown_publicly) == ("member", True)
    assert [i.outcome for i in _fresh(select(GroupInvitation))] == ["accepted"]

    _switch_user(page, club_admin.email)
    page.goto(f"/organisationer/{club.id}")
    section = page.locator("section[aria-labelledby=organisation-groups-heading]")
    follow(page, section.locator("a[href$='/svar']"))
    check_a11y(page)
    with page.expect_navigation(wait_until="load"):
        page.click("main button[name=answer][value=accept]")
    assert page.url.endswith(f"/organisationer/{club.id}")
    assert [link.status for link in _fresh(select(GroupOrganisation))] == ["accepted"]
    check_a11y(page)

    page.goto("/konto/utvecklingsgrupper")
    check_a11y(page)


def test_a_member_sends_a_proposal_together_with_the_group(page, make):
    norrby = make.community("Norrby")
    theme = pf.theme("Idrott")
    member = make.user(display_name="Maja Medlem")
    group = gf.group(name="Norrbygruppen", community=norrby)
    gf.member(group, member)
    log_in(page, member.email)

    page.goto("/forslag/nytt")
    check_a11y(page)
    page.fill("#title", "Belys elljusspåret")
    page.fill("#body", "Spåret är mörkt från oktober.")
    page.select_option("#community", str(norrby.id))
    page.select_option("#theme", str(theme.id))
    page.select_option("#group", str(group.id))
    submit(page, "main form.proposal-form")
    assert "Norrbygruppen" in page.locator("section[aria-labelledby=preview-heading]").inner_text()
    assert page.input_value("#group") == str(group.id)
    check_a11y(page)

    submit(page, "main form.proposal-form")

    [saved] = _fresh(select(Proposal))
    assert saved.group_id == group.id
    co_author = page.locator("main article header .co-author")
    assert co_author.locator(f"a[href='/utvecklingsgrupper/{group.id}']").inner_text() == \
        "Norrbygruppen"
    check_a11y(page)
