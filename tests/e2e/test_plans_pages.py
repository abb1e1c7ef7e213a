"""Browser tests: steering documents as the document is laid out, and an action."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.plans import services
from app.plans.importer import parse_file
from app.plans.models import Action, Plan
from tests.e2e.conftest import check_a11y, follow

SAMPLE = Path(__file__).parent.parent / "plans" / "samples" / "handlingsplan-sjovik.txt"


def _import_sample() -> Plan:
    plan = services.save_draft(parse_file(SAMPLE, SAMPLE.name), owner="Samhällsbyggnad")
    db.session.commit()
    return plan


def test_plan_list_plan_document_and_action_page(page):
    plan = _import_sample()
    action = db.session.scalars(select(Action).order_by(Action.id)).first()

    page.goto("/styrdokument")
    assert page.locator(f"main a[href='/styrdokument/{plan.id}']").count() == 1
    check_a11y(page)

    follow(page, page.locator(f"main a[href='/styrdokument/{plan.id}']"))
    page.wait_for_load_state()
    assert page.locator("main h1").inner_text() == plan.title
    assert page.locator("main section.plan-challenge").count() == 2
    assert page.locator("main table.plan-table tbody tr").count() == 6
    assert "Demokratiutvecklare" in page.locator("main").inner_text()
    check_a11y(page)

    follow(page, page.locator(f"main a[href='/atgarder/{action.id}']"))
    page.wait_for_load_state()
    assert page.locator("main h1").inner_text() == action.text
    assert page.locator(f"main a[href='/styrdokument/{plan.id}']").count() >= 1
    check_a11y(page)


def test_plan_pages_fit_a_phone(page):
    plan = _import_sample()
    page.set_viewport_size({"width": 360, "height": 800})
    for url in ("/styrdokument", f"/styrdokument/{plan.id}"):
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"
