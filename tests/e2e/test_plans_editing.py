"""Browser test: a moderator writes a steering document by hand, from the admin
list through the plan form and the structure editor to the public page."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.plans.models import Action, Challenge, Plan
from tests.e2e.conftest import check_a11y, follow, log_in, submit


def test_a_moderator_writes_a_plan_challenge_quote_and_action(page, make):
    make.user("moderator", email="moderator@example.org")
    official = make.user("official", display_name="Tjänsteperson Tina")
    make.community("Norrby")
    log_in(page, "moderator@example.org")

    page.goto("/styrdokument")
    follow(page, page.locator("main a[href='/admin/styrdokument']"))
    page.wait_for_load_state()
    assert page.locator("main a[href='/admin/styrdokument/importera']").count() == 1
    check_a11y(page)

    follow(page, page.locator("main a[href='/admin/styrdokument/nytt']"))
    page.wait_for_load_state()
    check_a11y(page)
    # Nothing filled in: the errors are listed and shown next to the fields.
    submit(page)
    assert page.locator(".error-summary").count() == 1
    assert page.locator("#title[aria-invalid=true]").count() == 1
    assert page.locator("#registry_number[aria-invalid=true]").count() == 1
    check_a11y(page)

    page.fill("#title", "Handlingsplan för levande landsbygd")
    page.fill("#registry_number", "KS 2026/10")
    page.fill("#owner", "Kommunstyrelsen")
    page.fill("#first_year", "2026")
    page.fill("#last_year", "2028")
    page.select_option("#status", "consultation")
    page.fill("#introduction", "Planen visar vad vi gör.")
    submit(page)
    plan = db.session.scalars(select(Plan)).one()
    assert page.url.endswith(f"/admin/styrdokument/{plan.id}/redigera")
    assert page.locator(".flash-success").count() == 1
    assert page.locator("#struktur").count() == 1
    check_a11y(page)

    for title in ("Mötesplatser", "Kommunikation"):
        follow(page, page.locator(f"main a[href='/admin/styrdokument/{plan.id}/utmaningar/ny']"))
        page.wait_for_load_state()
        check_a11y(page)
        page.fill("#title", title)
        page.fill("#description", "Varför det behövs.")
        submit(page)
    challenges = list(db.session.scalars(select(Challenge).order_by(Challenge.position)))
    assert [c.title for c in challenges] == ["Mötesplatser", "Kommunikation"]
    check_a11y(page)

    # The second challenge is moved up.
    submit(page, f"main form[action$='/utmaningar/{challenges[1].id}/flytta/up']")
    db.session.expire_all()
    assert [c.title for c in db.session.scalars(select(Challenge).order_by(
        Challenge.position))] == ["Kommunikation", "Mötesplatser"]

    new_quote = f"/admin/styrdokument/utmaningar/{challenges[0].id}/citat/nytt"
    follow(page, page.locator(f"main a[href='{new_quote}']"))
    page.wait_for_load_state()
    check_a11y(page)
    page.fill("#quote", "”Alla ska ha nära till en mötesplats.”")
    submit(page)
    assert page.locator("main blockquote", has_text="Alla ska ha nära").count() == 1

    follow(page, page.locator("main a", has_text="Lägg till en åtgärd").first)
    page.wait_for_load_state()
    check_a11y(page)
    page.fill("#text", "Öppna bygdegårdarna på kvällstid.")
    page.fill("#progress", "101")
    page.fill("#starts_on", "2026-05-01")
    page.fill("#ends_on", "2026-04-01")
    submit(page)
    assert page.locator("#progress[aria-invalid=true]").count() == 1
    assert page.locator("#ends_on[aria-invalid=true]").count() == 1
    check_a11y(page)

    page.fill("#progress", "30")
    page.fill("#ends_on", "2026-12-31")
    page.check("main label:has-text('Tjänsteperson Tina')")
    page.check("main label:has-text('Norrby')")
    page.select_option("#status", "ongoing")
    submit(page)
    action = db.session.scalars(select(Action)).one()
    assert [u.id for u in action.responsible_users] == [official.id]
    assert page.locator(f"#atgard-{action.id}").count() == 1
    check_a11y(page)

    page.goto(f"/admin/styrdokument/atgarder/{action.id}/redigera")
    check_a11y(page)
    page.goto(f"/admin/styrdokument/utmaningar/{challenges[1].id}/ta-bort")
    check_a11y(page)
    submit(page)
    assert page.locator(f"#utmaning-{challenges[1].id}").count() == 0

    page.goto(f"/styrdokument/{plan.id}")
    main = page.locator("main").inner_text()
    assert "På samråd" in main and "Öppna bygdegårdarna på kvällstid." in main
    follow(page, page.locator(f"main a[href='/admin/styrdokument/{plan.id}/redigera']"))
    page.wait_for_load_state()
    assert page.url.endswith(f"/admin/styrdokument/{plan.id}/redigera")

    page.goto(f"/admin/styrdokument/{plan.id}/ta-bort")
    check_a11y(page)
    submit(page)
    assert page.url.endswith("/admin/styrdokument")
    assert db.session.scalars(select(Plan)).first() is None
