"""The audit log page in a real browser: filtering works and axe finds nothing."""

from __future__ import annotations

from app.core import audit
from app.core.permissions import Role
from app.extensions import db
from tests.e2e.conftest import check_a11y, log_in, submit


def test_admin_filters_the_audit_log(page, make):
    admin = make.user(Role.ADMIN, display_name="Ada Admin")
    audit.record("theme.created", "theme", 1, "Badplatser", actor=admin)
    audit.record("proposal.hidden", "proposal", "F-2026-0007", "Fler bänkar", actor=admin,
                 reason="Innehöll ett telefonnummer.")
    db.session.commit()
    log_in(page, admin.email)

    page.goto("/admin/logg")
    assert page.locator("main table tbody tr").count() == 2
    check_a11y(page)

    page.select_option("#action", "proposal.hidden")
    submit(page, "main form[role=search]")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    assert "F-2026-0007" in rows.first.inner_text()
    check_a11y(page)

    page.goto("/admin/logg?date_from=2026-05-01&date_to=2026-04-01")
    assert page.locator("#date_to[aria-invalid=true]").count() == 1
    check_a11y(page)
