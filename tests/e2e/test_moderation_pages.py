"""Reporting and the moderators' queue in a real browser, checked with axe."""

from __future__ import annotations

from sqlalchemy import select

from app.core.permissions import Role
from app.extensions import db
from app.moderation.models import Report
from app.proposals.models import Comment
from tests import proposal_factories as pf
from tests.e2e.conftest import check_a11y, follow, log_in, submit

LOGOUT_FORM = "form[action$='/konto/logga-ut']"


def test_a_resident_reports_a_comment_and_a_moderator_hides_it(page, make):
    proposal = pf.proposal(make.user(), title="Fler bänkar vid stranden")
    comment = pf.comment(proposal, make.user(), body="Ring Kalle på 070-123 45 67")
    resident = make.user()
    moderator = make.user(Role.MODERATOR)

    log_in(page, resident.email)
    page.goto(f"/forslag/{proposal.reference}")
    follow(page, page.locator(f"a[href='/anmal/kommentar/{comment.id}']"))
    check_a11y(page)
    submit(page, "main form[action^='/anmal/']")
    assert page.locator("#reason[aria-invalid=true]").count() == 1
    check_a11y(page)
    page.select_option("#reason", "personal_data")
    page.fill("#text", "Telefonnummer till en privatperson.")
    submit(page, "main form[action^='/anmal/']")
    assert page.locator(".flash-success").count() == 1
    assert db.session.scalars(select(Report)).one().reason == "personal_data"
    follow(page, page.locator(LOGOUT_FORM).locator("button"))

    log_in(page, moderator.email)
    page.goto("/moderering")
    follow(page, page.locator("main a[href='/moderering/anmalningar']"))
    assert page.locator("main .queue-list > li").count() == 1
    check_a11y(page)
    follow(page, page.locator(f"main a[href='/moderering/kommentar/{comment.id}/dolj']"))
    check_a11y(page)
    page.fill("#reason", "Innehöll ett telefonnummer.")
    submit(page, "main form[action$='/dolj']")
    assert page.locator(".flash-success").count() == 1
    check_a11y(page)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).hidden_reason == "Innehöll ett telefonnummer."

    page.goto(f"/forslag/{proposal.reference}")
    assert page.locator(f"#kommentar-{comment.id} .notice").count() == 1
    check_a11y(page)
