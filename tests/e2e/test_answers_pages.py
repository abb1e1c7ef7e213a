"""Browser tests: assigning, answering, the deadline lists and internal notes,
with the axe check on every page (the statistics: test_stats_pages.py)."""

from __future__ import annotations

from datetime import timedelta

from app.core.models import utcnow
from app.core.permissions import Role
from app.extensions import db
from app.proposals.models import ProposalStatus
from tests import factories
from tests import plan_factories as plf
from tests import proposal_factories as pf
from tests.e2e.conftest import check_a11y, follow, log_in, submit

UNIT = "Samhällsbyggnadsförvaltningen"


def _awaiting(title: str, due_in_days: float, official=None, community=None):
    proposal = pf.proposal(title=title, status=ProposalStatus.UNDER_CONSIDERATION,
                           community=community, commit=False)
    proposal.answer_due_at = utcnow() + timedelta(days=due_in_days)
    proposal.answer_clock_started_at = proposal.answer_due_at - timedelta(days=90)
    proposal.assigned_to_id = official.id if official else None
    db.session.commit()
    return proposal


def test_a_moderator_assigns_and_an_official_answers_with_a_link(page, context):
    moderator = factories.user(Role.MODERATOR, display_name="Maja Moderator")
    official = factories.user(Role.OFFICIAL, display_name="Olle Tjänsteperson")
    plan = plf.plan(title="Handlingsplan för parkerna")
    action = plf.action(plf.commitment(plan), text="Fler bänkar i alla parker")
    proposal = _awaiting("Fler bänkar vid ån", 20)

    log_in(page, moderator.email)
    page.goto(f"/forslag/{proposal.reference}")
    assert "Kommunen svarar senast" in page.locator("main").inner_text()
    follow(page, page.locator(f"main a[href='/forslag/{proposal.reference}/tilldela']"))
    page.wait_for_load_state()
    check_a11y(page)
    submit(page, "main form[action$='/tilldela']")  # neither an official nor a unit
    assert page.locator("#official-error").count() == 1
    check_a11y(page)
    page.select_option("#official", str(official.id))
    page.fill("#unit", UNIT)
    submit(page, "main form[action$='/tilldela']")
    assert page.url.endswith(f"/forslag/{proposal.reference}#handlaggning")
    assert "Olle Tjänsteperson" in page.locator("#handlaggning").inner_text()
    # An internal note, seen on the page with the deadline; an empty one is refused.
    submit(page, "main form[action$='/anteckningar']")
    assert "Anteckningen sparades inte" in page.locator("h1").inner_text()
    assert page.locator("#body-error").count() == 1
    check_a11y(page)
    page.fill("#body", "Kolla budgeten med parkenheten.")
    submit(page, "main form[action$='/anteckningar']")
    assert "Kolla budgeten med parkenheten." in page.locator("#handlaggning").inner_text()
    check_a11y(page)

    context.clear_cookies()
    log_in(page, official.email)
    page.goto("/konto/att-besvara")
    assert "Fler bänkar vid ån" in page.locator("main").inner_text()
    check_a11y(page)
    follow(page, page.locator(f"main a[href='/forslag/{proposal.reference}/besvara']"))
    page.wait_for_load_state()
    check_a11y(page)

    # Refused first: no motivation, and a link row without its motivation.
    page.select_option("#links-0-action", str(action.id))
    submit(page, "main form[action$='/besvara']")
    assert page.locator(".error-summary").count() == 1
    assert page.locator("#motivation-error").count() == 1
    assert page.locator("#links-0-motivation-error").count() == 1
    check_a11y(page)

    page.select_option("#decision", "partly_accepted")
    page.fill("#motivation", "Vi ställer ut **två** bänkar i vår.")
    page.select_option("#links-0-action", str(action.id))
    page.fill("#links-0-motivation", "Bänkarna vid ån ingår i åtgärden.")
    submit(page, "main form[action$='/besvara']")
    assert page.url.endswith(f"/forslag/{proposal.reference}#svar")
    answer = page.locator("#svar").inner_text()
    assert "Vi ställer ut två bänkar i vår." in answer
    assert f"Olle Tjänsteperson, tjänsteperson, {UNIT}" in answer
    assert "Fler bänkar i alla parker" in page.locator("main").inner_text()
    check_a11y(page)


def test_the_overdue_list_and_the_settings(page):
    admin = factories.user(Role.ADMIN)
    official = factories.user(Role.OFFICIAL, display_name="Olle Tjänsteperson")
    _awaiting("Gatubelysning på Storgatan", -12, official=official)
    _awaiting("Papperskorgar vid badet", -2)
    late = _awaiting("Cykelställ vid stationen", -30)
    log_in(page, admin.email)

    page.goto("/moderering/forsenade")
    text = page.locator("main").inner_text()
    assert text.index("Cykelställ vid stationen") < text.index("Gatubelysning på Storgatan")
    assert "Försenat" in text and "Olle Tjänsteperson" in text
    check_a11y(page)

    page.goto(f"/forslag/{late.reference}")
    assert "Svaret är försenat sedan" in page.locator("main").inner_text()
    check_a11y(page)

    page.goto("/admin/forslag")
    check_a11y(page)
    page.fill("#answer_days", "0")
    submit(page, "main form[action$='/admin/forslag']")
    assert page.locator("#answer_days-error").count() == 1
    check_a11y(page)
    page.fill("#answer_days", "60")
    page.check("#answer_clock_basis-1")
    submit(page, "main form[action$='/admin/forslag']")
    assert page.url.endswith("/admin/forslag")
    assert page.locator("#answer_clock_basis-1").is_checked()
