"""Browser tests: the yearly follow-up report and the officials' due list, with axe."""

from __future__ import annotations

from app.core.i18n import local_now
from app.core.permissions import Role
from app.extensions import db
from app.plans.models import ActionStatus
from tests import dialogue_factories as df
from tests import factories
from tests import plan_factories as plf
from tests import proposal_factories as pf
from tests.e2e.conftest import check_a11y, follow, log_in


def test_a_resident_reads_the_report_and_chooses_another_year(page):
    year = local_now().year
    plan = plf.plan(title="Handlingsplan för levande landsbygd")
    commitment = plf.commitment(plan)
    action = plf.action(commitment, text="Öppna bygdegårdarna för föreningslivet",
                        status=ActionStatus.ONGOING, progress=40)
    for n in range(8):
        plf.proposal_link(pf.proposal(title=f"Förslag om bygdegården nummer {n}"), action)
    plf.dialogue_link(df.dialogue(title="Dialog om bygdegårdarna"), action)

    page.goto(f"/styrdokument/{plan.id}")
    follow(page, page.locator(f"main a[href='/styrdokument/{plan.id}/uppfoljning']"))
    page.wait_for_load_state()
    assert page.url.endswith(f"/uppfoljning/{year}")
    main = page.locator("main").inner_text()
    assert "Öppna bygdegårdarna för föreningslivet" in main
    assert "Alla kopplade förslag (8)" in main
    assert "Dialog om bygdegårdarna" in main
    check_a11y(page)

    page.select_option("#ar", str(year + 1))
    follow(page, page.locator("main form button[type=submit]"))
    page.wait_for_load_state()
    assert page.url.endswith(f"/uppfoljning/{year + 1}")
    # Still ongoing, so it is in next year's report too.
    assert "Öppna bygdegårdarna för föreningslivet" in page.locator("main").inner_text()
    check_a11y(page)


def test_an_official_sees_the_actions_due_this_year(page):
    official = factories.user(Role.OFFICIAL)
    action = plf.action(text="Rusta upp badplatsen i Åsen", status=ActionStatus.ONGOING,
                        responsible_users=(official,))
    action.follow_up_year = local_now().year
    db.session.commit()
    log_in(page, official.email)
    page.goto("/konto/mina-atgarder")
    due = page.locator("#due-heading").locator("..")
    assert "Rusta upp badplatsen i Åsen" in due.inner_text()
    check_a11y(page)
