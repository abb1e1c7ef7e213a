"""Redacting a passage and blocking an account in a real browser, checked with axe."""

from __future__ import annotations

from datetime import timedelta

from app.accounts.models import User
from app.core.models import utcnow
from app.core.permissions import Role
from app.extensions import db
from app.moderation.models import Report
from app.proposals.models import Comment, Proposal
from tests import proposal_factories as pf
from tests.e2e.conftest import check_a11y, follow, log_in, submit

MARK = "[redigerat av moderator]"
LOGOUT_FORM = "form[action$='/konto/logga-ut']"


def test_a_moderator_redacts_a_passage_from_a_proposal(page, make):
    author = make.user()
    proposal = pf.proposal(author, title="Fler bänkar vid stranden",
                           body="Ring mig på 070-123 45 67 så berättar jag mer.")
    moderator = make.user(Role.MODERATOR)

    log_in(page, moderator.email)
    page.goto(f"/forslag/{proposal.reference}")
    follow(page, page.locator(f"main a[href='/moderering/forslag/{proposal.id}/redigera']"))
    assert page.locator("main .raw-text").count() == 2
    check_a11y(page)

    page.fill("#passage", "080-000 00 00")
    page.fill("#reason", "Telefonnummer till en privatperson.")
    submit(page, "main form[action$='/redigera']")
    assert page.locator("#passage[aria-invalid=true]").count() == 1
    check_a11y(page)

    page.fill("#passage", "070-123 45 67")
    submit(page, "main form[action$='/redigera']")
    assert page.locator(".flash-success").count() == 1
    assert MARK in page.locator("main .idea .prose").inner_text()
    check_a11y(page)
    db.session.expire_all()
    assert "070-123" not in db.session.get(Proposal, proposal.id).body


def test_a_moderator_blocks_the_author_of_a_reported_comment(page, make):
    proposal = pf.proposal(make.user(), title="Belysning i parken")
    writer = make.user(display_name="Skribent")
    comment = pf.comment(proposal, writer, body="Ett otrevligt inlägg.")
    db.session.add(Report(target_type="comment", target_id=comment.id,
                          reporter_id=make.user().id, reason="offensive", text=""))
    db.session.commit()
    moderator = make.user(Role.MODERATOR)

    log_in(page, moderator.email)
    page.goto("/moderering/anmalningar")
    follow(page, page.locator(f"main a[href='/moderering/anvandare/{writer.id}/sparra']"))
    check_a11y(page)
    submit(page, "main form[action$='/sparra']")
    assert page.locator(".error-summary").count() == 1
    check_a11y(page)
    page.check("#length-1")
    page.fill("#reason", "Upprepade personangrepp i kommentarerna.")
    submit(page, "main form[action$='/sparra']")
    assert page.locator(".flash-success").count() == 1
    assert page.locator("main .card-list > li").count() == 1
    check_a11y(page)
    db.session.expire_all()
    assert db.session.get(User, writer.id).is_blocked
    follow(page, page.locator(LOGOUT_FORM).locator("button"))

    log_in(page, writer.email)
    page.goto(f"/forslag/{proposal.reference}")
    banner = page.locator("main .block-banner")
    assert "Ditt konto är spärrat till" in banner.inner_text()
    assert "Upprepade personangrepp" in banner.inner_text()
    assert page.locator("main form.comment-form").count() == 0
    assert page.locator("main .blocked-inline").count() >= 1
    check_a11y(page)
    page.goto("/forslag/nytt")
    assert "Ditt konto är spärrat" in page.locator("main h1").inner_text()
    check_a11y(page)
    page.goto("/konto")
    assert page.locator("main .block-banner").count() == 1
    check_a11y(page)
    follow(page, page.locator(LOGOUT_FORM).locator("button"))

    log_in(page, moderator.email)
    page.goto("/moderering/sparrade")
    submit(page, f"main form[action='/moderering/anvandare/{writer.id}/hav-sparr']")
    assert page.locator(".flash-success").count() == 1
    assert page.locator("main .card-list").count() == 0
    check_a11y(page)
    db.session.expire_all()
    assert not db.session.get(User, writer.id).is_blocked
    assert db.session.get(Comment, comment.id) is not None


def test_an_admin_reaches_the_block_form_from_the_user_page(page, make):
    admin = make.user(Role.ADMIN)
    resident = make.user(display_name="Invånare Ett")

    log_in(page, admin.email)
    page.goto(f"/admin/anvandare/{resident.id}")
    follow(page, page.locator(f"main a[href='/moderering/anvandare/{resident.id}/sparra']"))
    check_a11y(page)
    page.check("#length-3")
    page.fill("#until_date", (utcnow() + timedelta(days=30)).date().isoformat())
    page.fill("#reason", "Spam i kommentarerna.")
    submit(page, "main form[action$='/sparra']")
    assert page.locator(".flash-success").count() == 1
    page.goto(f"/admin/anvandare/{resident.id}")
    assert "Spärrad till" in page.locator("main .facts").inner_text()
    check_a11y(page)
