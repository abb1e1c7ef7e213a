"""Browser tests: a moderator writes and publishes a draft; residents and an
association comment on sections and respond; anyone reads earlier versions
and what changed. Every page is checked with axe."""

from __future__ import annotations

from sqlalchemy import select

from app.consultation.models import DraftVersion, SectionComment
from app.extensions import db
from app.plans.models import Challenge, PlanStatus
from tests import consultation_factories as cf
from tests import organisation_factories as of
from tests import plan_factories as plf
from tests.e2e.conftest import check_a11y, follow, log_in, submit


def test_a_moderator_writes_revises_and_publishes_the_draft(page, make):
    make.user("moderator", email="moderator@example.org")
    plan = plf.plan(title="Social lokal utvecklingsstrategi", status=PlanStatus.CONSULTATION)
    for position, title in enumerate(["Mötesplatser", "Unga som vill stanna"], start=1):
        db.session.add(Challenge(plan_id=plan.id, position=position, title=title))
    db.session.commit()
    log_in(page, "moderator@example.org")

    page.goto(f"/admin/styrdokument/{plan.id}/redigera")
    follow(page, page.locator(f"main a[href='/admin/styrdokument/{plan.id}/samrad']"))
    check_a11y(page)
    page.fill("#starts_on", "2026-01-01")
    page.fill("#ends_on", "2026-12-31")
    submit(page)
    assert page.locator(".flash-success").count() == 1
    submit(page, f"main form[action$='/admin/styrdokument/{plan.id}/samrad/ny-version']")
    assert "/admin/styrdokument/samrad/versioner/" in page.url
    check_a11y(page)

    # Too long a text (past the browser's own limit): listed and shown at the field.
    page.eval_on_selector("#sections-0-body", "el => el.removeAttribute('maxlength')")
    page.fill("#sections-0-body", "x" * 20001)
    submit(page, "main form.draft-editor")
    assert page.locator(".error-summary").count() == 1
    assert page.locator("#sections-0-body[aria-invalid=true]").count() == 1
    check_a11y(page)
    page.fill("#sections-0-body", "Bygdegårdarna ska vara öppna.\n\nFler ska kunna låna dem.")
    page.fill("#sections-1-body", "Alla unga ska få sommarjobb.")
    submit(page, "main form.draft-editor")
    page.fill("#title", "Vision")
    page.fill("#body", "En levande kommun.")
    submit(page, "main form[action$='/avsnitt']")
    check_a11y(page)
    submit(page, "main form[action$='/publicera']")
    assert page.locator(".flash-success").count() == 1
    check_a11y(page)

    # A revision: a new version, changed and published; the old one is kept.
    submit(page, "main form[action$='/samrad/ny-version']")
    page.fill("#sections-1-body", "Alla unga mellan 15 och 19 år ska få sommarjobb.")
    submit(page, "main form.draft-editor")
    submit(page, "main form[action$='/publicera']")
    versions = list(db.session.scalars(select(DraftVersion).order_by(DraftVersion.number)))
    assert [v.status for v in versions] == ["published", "published"]

    page.goto(f"/styrdokument/{plan.id}/samrad/jamfor")
    assert page.locator(".diff-added ins").count() == 1
    assert page.locator(".diff-removed del").count() == 1
    assert "Tillagt" in page.locator(".diff-added").inner_text()
    check_a11y(page)
    page.goto(f"/styrdokument/{plan.id}/samrad/versioner/{versions[0].id}")
    assert page.locator("text=Det här är en tidigare version").count() == 1
    check_a11y(page)
    # Editing a published version is refused with the way forward.
    page.goto(f"/admin/styrdokument/samrad/versioner/{versions[0].id}")
    assert "kan inte ändras" in page.locator(".flash-error").inner_text()


def test_residents_and_an_association_take_part(page, make):
    consultation = cf.consultation()
    section = cf.sections(cf.first_version(consultation))[1]
    cf.comment(section, body="Det här är en tidigare kommentar.")
    chair = make.user(email="ordforande@example.org", display_name="Ordförande Olle")
    club = of.organisation(chair, name="Hembygdsföreningen")
    base = f"/styrdokument/{consultation.plan_id}/samrad"

    page.goto(base)
    assert page.locator("text=dagar kvar").count() == 1
    check_a11y(page)
    log_in(page, "ordforande@example.org")
    page.goto(base)
    follow(page, page.locator(f"main a[href='{base}/avsnitt/{section.id}#kommentarer']"))
    check_a11y(page)
    submit(page, "main form.comment-form")  # empty: refused with a reason
    assert page.locator("#body[aria-invalid=true]").count() == 1
    check_a11y(page)
    page.fill("#body", "Föreningen vill vara med och **öppna** bygdegården.")
    page.select_option("#acting_as", str(club.id))
    submit(page, "main form.comment-form")
    assert page.locator(".flash-success").count() == 1
    assert db.session.scalars(select(SectionComment).where(
        SectionComment.organisation_id == club.id)).one()
    check_a11y(page)

    page.goto(base)
    follow(page, page.locator(f"main a[href='{base}/yttrande']"))
    check_a11y(page)
    page.fill("#body", "Hembygdsföreningen ställer sig bakom utkastet.")
    submit(page)
    assert page.locator("h1").inner_text().startswith("Samrådsyttrande från Hembygdsföreningen")
    check_a11y(page)


def test_a_closed_consultation_says_so(page):
    consultation = cf.consultation(status=PlanStatus.ADOPTED)
    section = cf.sections(cf.first_version(consultation))[1]
    page.goto(f"/styrdokument/{consultation.plan_id}/samrad/avsnitt/{section.id}")
    assert "Styrdokumentet är antaget" in page.locator("main").inner_text()
    assert page.locator("form.comment-form").count() == 0
    check_a11y(page)
