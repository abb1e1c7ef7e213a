"""Mina uppgifter and account deletion in a real browser, checked with axe."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import DELETED_NAME, User
from tests.e2e.conftest import check_a11y, follow, log_in, submit
from tests.factories import PASSWORD


def test_a_resident_downloads_their_data_and_deletes_the_account(page, make, db):
    person = make.user(display_name="Greta Grön")
    log_in(page, person.email)

    page.goto("/konto")
    follow(page, page.locator("main a[href='/konto/mina-uppgifter']"))
    check_a11y(page)
    with page.expect_download() as download:
        page.locator("main a[href='/konto/mina-uppgifter.json']").click()
    assert download.value.suggested_filename == "mina-uppgifter.json"

    follow(page, page.locator("main a[href='/konto/radera']").first)
    check_a11y(page)
    page.fill("#password", "fel-losenord")
    page.check("#understood")
    submit(page, "main form[action='/konto/radera']")
    assert page.locator("#password[aria-invalid=true]").count() == 1
    check_a11y(page)

    page.fill("#password", PASSWORD)
    page.check("#understood")
    submit(page, "main form[action='/konto/radera']")
    assert page.locator(".flash-success").count() == 1
    check_a11y(page)
    db.session.expire_all()
    assert db.session.scalars(select(User).where(User.id == person.id)).one().display_name \
        == DELETED_NAME


def test_the_only_member_of_an_organisation_sees_why_deletion_waits(page, make, of):
    person = make.user()
    of.organisation(person, name="Ensamma föreningen")
    log_in(page, person.email)
    page.goto("/konto/radera")
    assert page.locator("main [role=alert]").count() == 1
    assert page.locator("#password").count() == 0
    check_a11y(page)
