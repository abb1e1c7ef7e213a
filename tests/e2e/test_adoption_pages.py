"""Browser tests: a moderator records the decision that adopts a plan in
consultation; the public plan page then shows the whole road. Every page is
checked with axe."""

from __future__ import annotations

from datetime import timedelta

from app.consultation.services import today
from app.extensions import db
from app.plans.models import Plan
from tests import consultation_factories as cf
from tests.e2e.conftest import check_a11y, follow, log_in, submit


def test_a_moderator_adopts_a_plan_and_everyone_sees_the_road(page, make):
    make.user("moderator", email="moderator@example.org")
    consultation = cf.consultation(days_before=30, days_after=0)
    cf.version(consultation, copy_of=cf.first_version(consultation), commit=True)
    cf.comment(cf.sections(cf.first_version(consultation))[0], make.user())
    plan_id = consultation.plan_id
    log_in(page, "moderator@example.org")

    page.goto(f"/admin/styrdokument/{plan_id}/redigera")
    follow(page, page.locator(f"main a[href='/admin/styrdokument/{plan_id}/anta']"))
    check_a11y(page)

    # A decision in the future and a missing paragraph: listed and shown at the fields.
    page.fill("#decision_body", "Kommunfullmäktige")
    page.fill("#decision_date", (today() + timedelta(days=3)).isoformat())
    page.fill("#decision_paragraph", "")
    submit(page, "main form.narrow")
    assert page.locator(".error-summary").count() == 1
    assert page.locator("#decision_date[aria-invalid=true]").count() == 1
    assert page.locator("#decision_paragraph[aria-invalid=true]").count() == 1
    check_a11y(page)

    page.fill("#decision_date", today().isoformat())
    page.fill("#decision_paragraph", "§ 45")
    page.fill("#decision_registry_number", "KS 2026/88")
    submit(page, "main form.narrow")
    assert page.url.endswith(f"/styrdokument/{plan_id}#vagen")
    assert page.locator(".flash-success").count() == 1
    road = page.locator("#vagen")
    assert "Från utkast till beslut" in road.inner_text()
    assert road.locator("a[href*='/samrad/versioner/']").count() == 2
    assert "1 person" in road.inner_text() and "§ 45" in road.inner_text()
    check_a11y(page)
    db.session.expire_all()
    assert db.session.get(Plan, plan_id).status == "adopted"

    # The consultation says it is closed, and the adopted version is marked.
    follow(page, road.locator(f"a[href='/styrdokument/{plan_id}/samrad']"))
    assert "Styrdokumentet antogs av Kommunfullmäktige" in page.locator("main").inner_text()
    check_a11y(page)
    page.goto(f"/admin/styrdokument/{plan_id}/anta")
    assert page.locator("main form.narrow").count() == 0
    check_a11y(page)


def test_an_expired_plan_s_page_is_readable_for_everyone(page, make):
    consultation = cf.consultation(days_before=60, days_after=-30)
    plan = db.session.get(Plan, consultation.plan_id)
    plan.status, plan.last_year = "expired", 2020
    plan.decision_body, plan.decision_date, plan.decision_paragraph = (
        "Kommunfullmäktige", today() - timedelta(days=10), "§ 3")
    db.session.commit()

    page.goto(f"/styrdokument/{plan.id}")
    assert "Upphört" in page.locator("main").inner_text()
    assert page.locator("#vagen h3", has_text="Upphört").count() == 1
    check_a11y(page)
