"""The organisation pages in a real browser: registering, verification, the
organisation page, members and invitations, the actor directories, and taking
part on an organisation's behalf.

Elements are found by id, name, role and attributes rather than by wording,
so the tests hold whatever the Swedish catalogue says. Every page state a test
visits is checked with axe-core.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from app.core.permissions import Role
from app.extensions import db
from app.organisations.models import (
    Invitation,
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    VerificationStatus,
)
from app.proposals.models import OrganisationSupport, Proposal, ProposalStatus, Support
from tests import organisation_factories as of
from tests import proposal_factories as pf
from tests.e2e.conftest import check_a11y, log_in, submit

LOGOUT_FORM = "form[action$='/konto/logga-ut']"
FILTER_FORM = "main form[role=search]"
INVITATION_LINK = re.compile(r"https?://\S+/inbjudan/\S+")


def _fresh(statement):
    db.session.expire_all()
    return db.session.scalars(statement).all()


def _card_titles(page) -> list[str]:
    return page.locator("main .organisation-card .card-title a").all_inner_texts()


def _assert_linked_error(page, field_id: str) -> None:
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert {a.get_attribute("href") for a in summary.locator("a").all()} == {f"#{field_id}"}
    field = page.locator(f"#{field_id}")
    assert field.get_attribute("aria-invalid") == "true"
    assert f"{field_id}-error" in (field.get_attribute("aria-describedby") or "").split()
    assert page.locator(f"#{field_id}-error").inner_text().strip()


def _switch_user(page, email: str) -> None:
    submit(page, LOGOUT_FORM)
    log_in(page, email)


def test_register_an_organisation_after_fixing_its_number(page, make):
    norrby = make.community("Norrby")
    make.community("Strand")
    theme = pf.theme("Kultur")
    founder = make.user(display_name="Frida Grundare")
    log_in(page, founder.email)

    page.goto("/organisationer/ny")
    check_a11y(page)

    page.fill("#name", "Norrby hembygdsförening")
    page.select_option("#kind", OrganisationKind.ASSOCIATION.value)
    page.fill("#org_number", "802002-8712")  # wrong check digit
    page.fill("#description", "Vi vårdar **bygdens** historia.")
    page.fill("#role_text", "Vi driver hembygdsgården och håller öppet på söndagar.")
    page.check(f"input[name=communities][value='{norrby.id}']")
    page.check(f"input[name=themes][value='{theme.id}']")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit(page)

    assert posted.value.status == 400
    _assert_linked_error(page, "org_number")
    assert page.input_value("#name") == "Norrby hembygdsförening"  # nothing typed is lost
    assert page.is_checked(f"input[name=communities][value='{norrby.id}']")
    check_a11y(page)
    assert _fresh(select(Organisation)) == []

    page.fill("#org_number", "8020028711")
    submit(page)

    [saved] = _fresh(select(Organisation))
    assert page.url.endswith(f"/organisationer/{saved.id}")
    assert "Norrby hembygdsförening" in page.locator(".flash-success").inner_text()
    assert page.locator("h1").inner_text() == "Norrby hembygdsförening"
    assert page.locator("main .prose strong").first.inner_text() == "bygdens"
    assert page.locator("main .notice").count() == 1  # not yet verified
    assert page.locator("main a[href$='/medlemmar']").count() == 1  # the founder is admin
    check_a11y(page)
    assert (saved.status, saved.org_number, saved.kind, saved.created_by_id) == \
        (VerificationStatus.UNVERIFIED, "802002-8711", "association", founder.id)
    assert [m.user_id for m in _fresh(select(Membership))] == [founder.id]
    assert _fresh(select(Membership))[0].role == MemberRole.ADMIN
    # Not verified: hidden from the directory and from others.
    page.goto("/organisationer")
    assert _card_titles(page) == []


def test_verification_queue_verifies_and_refuses_then_the_admin_sees_why(page, make, outbox):
    verifier = make.user(Role.ADMIN)
    good_owner = make.user(display_name="Gustav Godkänd")
    bad_owner = make.user(display_name="Beata Avböjd")
    good = of.organisation(good_owner, name="Strandens båtklubb",
                           status=VerificationStatus.UNVERIFIED, org_number="802002-8711")
    bad = of.organisation(bad_owner, name="Påhittade AB", kind=OrganisationKind.COMPANY,
                          status=VerificationStatus.UNVERIFIED)
    log_in(page, verifier.email)

    page.goto("/admin/organisationer")
    assert page.locator("main .card-list > li").count() == 2
    assert page.locator("main .card-list .card-title a").all_inner_texts() == \
        ["Strandens båtklubb", "Påhittade AB"]
    check_a11y(page)

    submit(page, f"main form[action$='/admin/organisationer/{good.id}/verifiera']")

    assert page.url.endswith("/admin/organisationer")
    assert "Strandens båtklubb" in page.locator(".flash-success").inner_text()
    assert page.locator("main .card-list > li").count() == 1
    check_a11y(page)

    refuse_form = f"main form[action$='/admin/organisationer/{bad.id}/avsla']"
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit(page, refuse_form)
    assert posted.value.status == 400
    _assert_linked_error(page, "reason")
    check_a11y(page)

    page.fill("#reason", "Vi hittar inte företaget i bolagsregistret.")
    submit(page, refuse_form)

    assert page.url.endswith("/admin/organisationer")
    assert "Påhittade AB" in page.locator(".flash-success").inner_text()
    assert page.locator("main .card-list").count() == 0
    check_a11y(page)
    statuses = {o.id: (o.status, o.status_reason, o.reviewed_by_id)
                for o in _fresh(select(Organisation))}
    assert statuses == {
        good.id: (VerificationStatus.VERIFIED, None, verifier.id),
        bad.id: (VerificationStatus.REFUSED, "Vi hittar inte företaget i bolagsregistret.",
                 verifier.id),
    }
    assert [m.kind for m in outbox(good_owner.email)] == ["organisation_verified"]
    assert [m.kind for m in outbox(bad_owner.email)] == ["organisation_refused"]

    _switch_user(page, bad_owner.email)
    page.goto(f"/organisationer/{bad.id}")

    assert page.locator("h1").inner_text() == "Påhittade AB"
    assert "bolagsregistret" in page.locator("main .notice").inner_text()
    assert page.locator("main .badge-warn").inner_text().strip()
    check_a11y(page)


def test_organisation_page_for_the_public_and_for_a_member(page, make):
    norrby = make.community("Norrby", slug="norrby")
    theme = pf.theme("Idrott")
    chair = make.user(display_name="Ada Ordförande")
    shown = make.user(display_name="Sara Synlig")
    quiet = make.user(display_name="Hugo Hemlig")
    club = of.organisation(chair, name="Norrby IF", communities=[norrby], themes=[theme])
    of.member(club, shown, shown_publicly=True)
    of.member(club, quiet)
    own = pf.proposal(chair, title="Belys elljusspåret", community=norrby, theme_=theme)
    own.organisation_id = club.id
    backed = pf.proposal(title="Ny konstgräsplan", community=norrby, theme_=theme)
    db.session.add(OrganisationSupport(proposal_id=backed.id, organisation_id=club.id,
                                       user_id=chair.id))
    backed.organisation_support_count = 1
    db.session.commit()

    page.goto(f"/organisationer/{club.id}")

    assert page.locator("h1").inner_text() == "Norrby IF"
    assert page.locator("main .badge-ok").count() == 1
    assert page.locator("main .notice").count() == 0
    facts = page.locator("section[aria-labelledby=facts-heading]")
    assert facts.locator("a[href='/lokalsamhallen/norrby']").inner_text() == "Norrby"
    assert "Idrott" in facts.inner_text()
    people = page.locator("section[aria-labelledby=members-heading] li").all_inner_texts()
    assert len(people) == 2
    assert people[0].startswith("Ada Ordförande") and people[1] == "Sara Synlig"
    contributions = page.locator("section[aria-labelledby=contributions-heading]")
    assert contributions.locator(f"a[href='/forslag/{own.reference}']").count() == 1
    assert contributions.locator(f"a[href='/forslag/{backed.reference}']").count() == 1
    assert page.locator("section[aria-labelledby=you-heading]").count() == 0
    check_a11y(page)

    log_in(page, quiet.email)
    page.goto(f"/organisationer/{club.id}")

    you = page.locator("section[aria-labelledby=you-heading]")
    assert you.count() == 1
    assert you.locator("a[href$='/medlemmar']").count() == 0  # not an administrator
    assert not page.is_checked("#shown_publicly")
    check_a11y(page)

    page.check("#shown_publicly")
    submit(page, f"main form[action$='/organisationer/{club.id}/synlighet']")

    assert page.url.endswith(f"/organisationer/{club.id}")
    assert page.locator(".flash-success").count() == 1
    assert page.is_checked("#shown_publicly")
    assert "Hugo Hemlig" in page.locator("section[aria-labelledby=members-heading]").inner_text()
    [membership] = _fresh(select(Membership).where(Membership.user_id == quiet.id))
    assert membership.shown_publicly is True
    check_a11y(page)

    submit(page, f"main form[action$='/organisationer/{club.id}/lamna']")

    assert page.url.endswith("/konto/organisationer")
    assert page.locator(".flash-success").count() == 1
    assert page.locator(f"main a[href='/organisationer/{club.id}']").count() == 0
    assert _fresh(select(Membership).where(Membership.user_id == quiet.id)) == []
    check_a11y(page)


def test_admin_invites_a_member_who_accepts(page, make, outbox):
    chair = make.user(display_name="Ada Ordförande")
    invitee = make.user(email="nils.ny@example.org", display_name="Nils Ny")
    club = of.organisation(chair, name="Norrby IF")
    log_in(page, chair.email)

    page.goto(f"/organisationer/{club.id}/medlemmar")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1 and "Ada Ordförande" in rows.inner_text()
    check_a11y(page)

    invite_form = f"main form[action$='/organisationer/{club.id}/medlemmar']"
    page.fill("#email", "inte en adress")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit(page, invite_form)
    assert posted.value.status == 400
    _assert_linked_error(page, "email")
    check_a11y(page)

    page.fill("#email", "Nils.Ny@Example.org")
    page.select_option("#role", MemberRole.MEMBER.value)
    submit(page, invite_form)

    assert page.url.endswith(f"/organisationer/{club.id}/medlemmar")
    assert "nils.ny@example.org" in page.locator(".flash-success").inner_text()
    check_a11y(page)
    [mail] = outbox(invitee.email)
    assert mail.kind == "organisation_invitation"
    link = INVITATION_LINK.search(mail.body).group(0)

    _switch_user(page, invitee.email)
    page.goto(urlsplit(link).path)

    assert "Norrby IF" in page.locator("h1").inner_text()
    check_a11y(page)
    with page.expect_navigation(wait_until="load"):
        page.click("main button[name=answer][value=accept]")

    assert page.url.endswith(f"/organisationer/{club.id}")
    assert page.locator(".flash-success").count() == 1
    assert page.locator("section[aria-labelledby=you-heading]").count() == 1
    check_a11y(page)
    [joined] = _fresh(select(Membership).where(Membership.user_id == invitee.id))
    assert (joined.organisation_id, joined.role) == (club.id, MemberRole.MEMBER)
    assert [i.outcome for i in _fresh(select(Invitation))] == ["accepted"]
    # The link is spent.
    assert page.goto(urlsplit(link).path).status == 400
    check_a11y(page)


def test_actor_directories_filter_by_type_and_theme(page, make):
    norrby = make.community("Norrby", slug="norrby")
    strand = make.community("Strand")
    sport = pf.theme("Idrott")
    food = pf.theme("Mat")
    of.organisation(name="Norrby IF", communities=[norrby], themes=[sport])
    bakery = of.organisation(name="Norrby bageri", kind=OrganisationKind.COMPANY,
                             communities=[norrby], themes=[food])
    of.organisation(name="Strandens sim", communities=[strand], themes=[sport])
    of.organisation(name="Väntande förening", communities=[norrby],
                    status=VerificationStatus.UNVERIFIED)

    page.goto("/lokalsamhallen/norrby/aktorer")

    assert _card_titles(page) == ["Norrby IF", "Norrby bageri"]
    assert page.locator("nav.breadcrumbs a[aria-current=page]").count() == 1
    assert page.locator(f"main a[href='/organisationer/{bakery.id}']").count() == 1
    check_a11y(page)

    page.select_option("#kind", OrganisationKind.ASSOCIATION.value)
    submit(page, FILTER_FORM)

    assert urlsplit(page.url).path == "/lokalsamhallen/norrby/aktorer"
    assert parse_qs(urlsplit(page.url).query)["kind"] == ["association"]
    assert _card_titles(page) == ["Norrby IF"]
    assert page.input_value("#kind") == "association"
    check_a11y(page)

    page.goto("/organisationer")
    assert _card_titles(page) == ["Norrby IF", "Norrby bageri", "Strandens sim"]
    check_a11y(page)

    page.select_option("#theme", str(sport.id))
    submit(page, FILTER_FORM)

    assert urlsplit(page.url).path == "/organisationer"
    assert _card_titles(page) == ["Norrby IF", "Strandens sim"]
    assert page.input_value("#theme") == str(sport.id)
    check_a11y(page)

    page.select_option("#kind", OrganisationKind.COMPANY.value)
    submit(page, FILTER_FORM)

    assert _card_titles(page) == []
    assert page.locator("main .card-list").count() == 0
    check_a11y(page)

    # The community page shows a few of its actors and links to them all.
    page.goto("/lokalsamhallen/norrby")
    section = page.locator("section[aria-labelledby=community-actors-heading]")
    assert section.locator(".card-title a").all_inner_texts() == ["Norrby IF", "Norrby bageri"]
    assert section.locator("a[href='/lokalsamhallen/norrby/aktorer']").count() == 1


def test_propose_and_support_on_behalf_of_an_organisation(page, make):
    norrby = make.community("Norrby")
    theme = pf.theme("Idrott")
    member = make.user(display_name="Maja Medlem")
    club = of.organisation(name="Norrby IF", communities=[norrby])
    of.member(club, member)
    pending = of.organisation(name="Ej granskad förening", status=VerificationStatus.UNVERIFIED)
    of.member(pending, member)
    other = pf.proposal(title="Ny konstgräsplan", community=norrby, theme_=theme)
    log_in(page, member.email)

    page.goto("/forslag/nytt")
    options = page.locator("#acting_as option")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == \
        ["", str(club.id)]  # yourself, then only verified organisations
    check_a11y(page)

    page.fill("#title", "Belys elljusspåret")
    page.fill("#body", "Spåret är mörkt från oktober.")
    page.select_option("#community", str(norrby.id))
    page.select_option("#theme", str(theme.id))
    page.select_option("#acting_as", str(club.id))
    submit(page, "main form.proposal-form")

    preview = page.locator("section[aria-labelledby=preview-heading]")
    assert "Norrby IF" in preview.locator(".meta").inner_text()
    assert page.input_value("#acting_as") == str(club.id)
    check_a11y(page)

    submit(page, "main form.proposal-form")  # the first button: send

    [saved] = _fresh(select(Proposal).where(Proposal.author_id == member.id))
    assert (saved.organisation_id, saved.status) == (club.id, ProposalStatus.SUBMITTED)
    assert page.url.endswith(f"/forslag/{saved.reference}")
    header = page.locator("main article header")
    assert header.locator(f"a[href='/organisationer/{club.id}']").inner_text() == "Norrby IF"
    assert "Maja Medlem" in header.locator(".via").inner_text()
    check_a11y(page)

    page.goto(f"/forslag/{other.reference}")
    split = page.locator("#stod .meta")
    assert re.match(r"0\D+0\D", split.inner_text())
    submit(page, "#stod form.organisation-support")

    assert "Norrby IF" in page.locator(".flash-success").inner_text()
    assert re.match(r"0\D+1\D", split.inner_text())  # residents · organisations
    assert page.locator("#stod form.organisation-support input[name=organisation]") \
        .get_attribute("value") == str(club.id)
    check_a11y(page)

    submit(page, "#stod form[action$='/stod']:not(.organisation-support)")

    assert page.locator("#stod .stat-number").inner_text() == "1"
    assert re.match(r"1\D+1\D", split.inner_text())
    check_a11y(page)
    org_supports = _fresh(select(OrganisationSupport))
    assert [(s.proposal_id, s.organisation_id, s.user_id) for s in org_supports] == \
        [(other.id, club.id, member.id)]
    assert [s.user_id for s in _fresh(select(Support))] == [member.id]
