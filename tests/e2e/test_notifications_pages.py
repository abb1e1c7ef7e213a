"""Notifications, their settings and the unsubscribe pages in a real browser, checked with axe."""

from __future__ import annotations

from urllib.parse import urlsplit

from app.core import notifications
from app.core.notifications import Category, Mode
from app.extensions import db
from app.proposals import services as proposal_services
from app.proposals.models import ProposalStatus
from tests.e2e.conftest import check_a11y, follow, log_in, submit


def test_a_resident_reads_notifications_and_chooses_e_mails(page, make, pf, moderator):
    person = make.user(display_name="Nora Nyfiken")
    proposal = pf.proposal(person, title="Fler bänkar vid ån")
    proposal_services.transition(proposal, ProposalStatus.UNDER_CONSIDERATION, moderator)
    proposal_services.add_comment(proposal, make.user(), "Bra idé!")
    db.session.commit()
    log_in(page, person.email)

    count = page.locator("header .nav-count")
    assert count.inner_text().startswith("2")
    follow(page, page.locator("header a[href='/konto/aviseringar']"))
    page.wait_for_selector("h1")
    check_a11y(page)
    assert page.locator(".notification-unread").count() == 2

    submit(page, "main form[action$='/last']")
    assert page.locator(".flash-success").count() == 1
    assert page.locator(".notification-unread").count() == 1
    assert page.locator("header .nav-count").inner_text().startswith("1")
    check_a11y(page)

    submit(page, "main form[action='/konto/aviseringar/las-alla']")
    assert page.locator(".notification-unread").count() == 0
    assert page.locator("header .nav-count").count() == 0

    with page.expect_navigation():
        page.locator(".notification .card-title a").first.click()
    assert page.url.endswith(f"/forslag/{proposal.reference}")

    page.goto("/konto/aviseringar/installningar")
    check_a11y(page)
    assert page.locator("fieldset legend").count() == 4
    page.check("#followed_proposals-1")
    page.check("#my_proposals-2")
    submit(page)
    assert page.locator(".flash-success").count() == 1
    assert page.is_checked("#my_proposals-2")
    check_a11y(page)
    db.session.expire_all()
    assert notifications.modes(person)[Category.MY_PROPOSALS] == Mode.OFF


def test_an_empty_notifications_page_and_a_moderators_settings(page, moderator):
    log_in(page, moderator.email)
    page.goto("/konto/aviseringar")
    check_a11y(page)
    page.goto("/konto/aviseringar/installningar")
    assert page.locator("fieldset legend").count() == 5
    check_a11y(page)


def test_unsubscribing_from_the_link_in_an_e_mail(page, make):
    person = make.user()
    url = urlsplit(notifications.unsubscribe_url(person, Category.FOLLOWED_PROPOSALS)).path

    page.goto(url)
    check_a11y(page)
    assert page.locator("main button[type=submit]").count() == 1
    submit(page)
    assert page.locator("h1").inner_text() == "Mejlen är avslutade"
    check_a11y(page)
    db.session.expire_all()
    assert notifications.mode_for(person, Category.FOLLOWED_PROPOSALS) == Mode.OFF

    page.goto(url[:-4] + "xxxx")
    assert page.locator("h1").inner_text() == "Länken fungerar inte"
    check_a11y(page)
