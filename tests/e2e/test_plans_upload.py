"""Browser test: a moderator uploads a plan, sees an error, then a preview, then the plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.plans.models import Plan
from tests.e2e.conftest import check_a11y, log_in, submit

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
    page.click("main a[href='/admin/styrdokument/importera']")
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
