"""Browser test: a moderator uploads a plan, sees an error, then a preview, then the plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.plans.models import Plan
from tests.e2e.conftest import check_a11y, follow, log_in, submit

SAMPLES = Path(__file__).parent.parent / "plans" / "samples"


@pytest.fixture(autouse=True)
def import_folder(app, tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "plan-imports"
    monkeypatch.setitem(app.config, "PLAN_IMPORT_FOLDER", str(folder))
    return folder


def test_upload_with_an_error_then_preview_then_the_saved_plan(page, make):
    make.user("moderator", email="moderator@example.org")
    log_in(page, "moderator@example.org")

    page.goto("/styrdokument")
    follow(page, page.locator("main a[href='/admin/styrdokument/importera']"))
    page.wait_for_load_state()
    assert page.locator("main input[type=file]#file").count() == 1
    check_a11y(page)

    # A CSV file has no title of its own: without one it is refused.
    page.set_input_files("#file", str(SAMPLES / "handlingsplan-sjovik.csv"))
    submit(page)
    assert page.locator(".error-summary").count() == 1
    assert page.locator("#title[aria-invalid=true]").count() == 1
    check_a11y(page)

    page.set_input_files("#file", str(SAMPLES / "handlingsplan-sjovik.txt"))
    page.fill("#owner", "Samhällsbyggnad")
    submit(page)
    main = page.locator("main")
    assert "KS 2025/88" in main.inner_text()
    assert page.locator("main table.plan-table tbody tr").count() == 6
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 0
    check_a11y(page)

    submit(page, "main form[action$='/spara']")
    plan = db.session.scalars(select(Plan)).one()
    assert page.url.endswith(f"/styrdokument/{plan.id}")
    assert page.locator(".flash-success").count() == 1
    assert page.locator(f"main a[href='/styrdokument/{plan.id}.xlsx']").count() == 1
    assert page.locator(f"main a[href='/styrdokument/{plan.id}.csv']").count() == 1
    check_a11y(page)


def test_replacing_a_plan_shows_what_changes_and_refuses_to_drop_a_linked_action(
        page, make, tmp_path):
    from app.plans import services
    from app.plans.importer import parse_file
    from app.plans.models import Action
    from tests import plan_factories as plf
    from tests import proposal_factories as pf

    make.user("moderator", email="moderator@example.org")
    text_file = SAMPLES / "handlingsplan-sjovik.txt"
    services.save_draft(parse_file(text_file))
    db.session.commit()
    bus = db.session.scalars(select(Action).where(
        Action.text.startswith("Föra dialog med regionen"))).one()
    plf.proposal_link(pf.proposal(make.user()), bus)
    changed = tmp_path / "handlingsplan.txt"
    changed.write_text(text_file.read_text(encoding="utf-8").replace(
        "Föra dialog med regionen om kvällsturer", "Utreda kvällsturer"), encoding="utf-8")
    log_in(page, "moderator@example.org")

    page.goto("/admin/styrdokument/importera")
    page.set_input_files("#file", str(changed))
    submit(page)
    main = page.locator("main")
    assert "5 åtgärder uppdateras, 1 läggs till, 1 tas bort" in main.inner_text()
    assert page.locator(f"main .notice a[href='/atgarder/{bus.id}']").count() == 1
    check_a11y(page)

    page.check("#replace")
    submit(page, "main form[action$='/spara']")
    assert page.locator(".error-summary").count() == 1
    assert "Inget sparades" in main.inner_text()
    check_a11y(page)

    page.goto("/admin/styrdokument/importera")
    page.set_input_files("#file", str(text_file))
    submit(page)
    assert "6 åtgärder uppdateras, 0 läggs till, 0 tas bort" in main.inner_text()
    page.check("#replace")
    submit(page, "main form[action$='/spara']")
    assert page.locator(".flash-success").count() == 1
    assert page.url.endswith(f"/styrdokument/{db.session.scalar(select(Plan.id))}")
    db.session.expire_all()
    assert db.session.get(Action, bus.id).text.startswith("Föra dialog med regionen")
