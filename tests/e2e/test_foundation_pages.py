"""The foundation's pages in a real browser: each works and passes axe-core.

Elements are found by id, name, role and attributes rather than by wording,
so the tests hold whatever the Swedish catalogue says.
"""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.communities.models import LocalCommunity
from app.core.permissions import Role
from app.site.models import AccessibilityReport
from tests.e2e.conftest import check_a11y, follow, log_in, submit

LOGOUT_FORM = "form[action$='/konto/logga-ut']"


def _fresh(db, statement):
    db.session.expire_all()
    return db.session.scalars(statement).all()


def test_front_page_lists_communities_and_ways_in(page, make):
    make.community("Norrby")
    make.community("Söderviken")

    response = page.goto("/")

    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").count() == 1
    for landmark in ("banner", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() == 1
    chips = page.locator("main a.chip")
    assert chips.all_inner_texts() == ["Norrby", "Söderviken"]
    assert page.locator("main a[href='/konto/registrera']").count() == 1
    check_a11y(page)

    submit(page, "header form.language-switch")

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("header form.language-switch button").get_attribute("lang") == "sv"
    check_a11y(page)


def test_skip_link_is_first_and_leads_to_main(page):
    page.goto("/")

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_register_shows_check_your_email(page, db, outbox):
    page.goto("/konto/registrera")
    check_a11y(page)

    page.fill("#email", "Ny.Person@Example.org")
    page.fill("#display_name", "Ny Person")
    page.fill("#password", "tre ord i rad 2026")
    page.fill("#password_confirm", "tre ord i rad 2026")
    page.check("#consent")
    submit(page)

    assert page.locator("main").inner_text().count("ny.person@example.org") == 1
    assert page.locator("main form").count() == 0
    check_a11y(page)
    users = _fresh(db, select(User).where(User.email == "ny.person@example.org"))
    assert len(users) == 1 and users[0].email_verified_at is None
    assert len(outbox("ny.person@example.org")) == 1


def test_register_with_empty_form_shows_linked_errors(page, db):
    page.goto("/konto/registrera")

    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit(page)

    assert posted.value.status == 400
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    links = summary.locator("a")
    targets = [href.lstrip("#") for href in
               (links.nth(i).get_attribute("href") for i in range(links.count()))]
    assert set(targets) >= {"email", "display_name", "password", "password_confirm", "consent"}
    for field_id in targets:
        field = page.locator(f"#{field_id}")
        assert field.get_attribute("aria-invalid") == "true"
        described = (field.get_attribute("aria-describedby") or "").split()
        assert f"{field_id}-error" in described
        assert page.locator(f"#{field_id}-error").inner_text().strip()
    summary.locator("a[href='#password']").click()
    assert page.evaluate("location.hash") == "#password"
    check_a11y(page)
    assert _fresh(db, select(User)) == []


def test_log_in_and_log_out(page, make):
    user = make.user(display_name="Alva Ek")

    page.goto("/konto/logga-in")
    check_a11y(page)
    log_in(page, user.email)

    assert page.url.endswith("/")
    assert page.locator(".flash-success").count() == 1
    assert page.locator("nav a[href='/konto']").count() == 1
    check_a11y(page)

    submit(page, LOGOUT_FORM)

    assert page.locator(LOGOUT_FORM).count() == 0
    assert page.locator("nav a[href='/konto/logga-in']").count() == 1
    check_a11y(page)


def test_wrong_password_is_refused_with_an_error(page, make):
    user = make.user()
    page.goto("/konto/logga-in")
    page.fill("#email", user.email)
    page.fill("#password", "not-the-password")

    submit(page)

    assert page.locator(LOGOUT_FORM).count() == 0
    assert page.locator("#password").get_attribute("aria-invalid") == "true"
    assert page.locator(".error-summary a[href='#password']").count() == 1
    check_a11y(page)


def test_profile_saves_a_new_display_name(page, make, db):
    community = make.community("Norrby")
    user = make.user(display_name="Gammalt Namn")
    log_in(page, user.email)

    page.goto("/konto")
    check_a11y(page)
    assert page.input_value("#display_name") == "Gammalt Namn"
    page.fill("#display_name", "Nytt Namn")
    page.select_option("#home_community", str(community.id))
    submit(page, "main form[action$='/konto']")

    assert page.locator(".flash-success").count() == 1
    assert page.input_value("#display_name") == "Nytt Namn"
    assert page.input_value("#home_community") == str(community.id)
    check_a11y(page)
    saved = _fresh(db, select(User).where(User.id == user.id))[0]
    assert saved.display_name == "Nytt Namn"
    assert saved.home_community_id == community.id


def test_community_list_and_page(page, make):
    parent = make.community("Norrby")
    make.community("Norrby strand", slug="norrby-strand", parent=parent)
    make.community("Gamla byn", archived=True)

    page.goto("/lokalsamhallen")
    check_a11y(page)
    names = page.locator("main .card h2 a").all_inner_texts()
    assert names == ["Norrby", "Norrby strand"]

    follow(page, page.locator("main .card h2 a", has_text="Norrby strand"))

    assert page.url.endswith("/lokalsamhallen/norrby-strand")
    assert page.locator("h1").inner_text() == "Norrby strand"
    crumbs = page.locator("nav.breadcrumbs a")
    assert crumbs.all_inner_texts()[1:] == ["Norrby", "Norrby strand"]
    assert crumbs.last.get_attribute("aria-current") == "page"
    check_a11y(page)

    page.goto(f"/lokalsamhallen/{parent.slug}")
    assert page.locator("main a.chip").all_inner_texts() == ["Norrby strand"]
    check_a11y(page)


def test_admin_creates_a_community_that_appears_in_the_public_list(page, make, db):
    admin = make.user(Role.ADMIN)
    parent = make.community("Norrby")
    log_in(page, admin.email)

    page.goto("/admin/lokalsamhallen/ny")
    check_a11y(page)
    submit(page)
    assert page.locator("#name").get_attribute("aria-invalid") == "true"
    check_a11y(page)

    page.fill("#name", "Östra hamnen")
    page.fill("#slug", "ostra-hamnen")
    page.fill("#description", "Hamnen och **kajen**.")
    page.select_option("#parent", str(parent.id))
    submit(page)

    assert page.url.endswith("/admin/lokalsamhallen")
    assert page.locator(".flash-success").count() == 1
    assert page.locator("main table a", has_text="Östra hamnen").count() == 1
    check_a11y(page)
    created = _fresh(db, select(LocalCommunity).where(LocalCommunity.slug == "ostra-hamnen"))
    assert created[0].parent_id == parent.id

    page.goto("/lokalsamhallen")
    assert "Östra hamnen" in page.locator("main .card h2 a").all_inner_texts()
    page.goto("/lokalsamhallen/ostra-hamnen")
    assert page.locator("main .prose strong").inner_text() == "kajen"


def test_admin_overview_users_list_and_user_page(page, make, db):
    admin = make.user(Role.ADMIN, display_name="Ada Admin")
    make.user(display_name="Bo Boende", email="bo@example.org")
    make.user(display_name="Cia Citizen")
    log_in(page, admin.email)

    page.goto("/admin")
    check_a11y(page)

    page.goto("/admin/anvandare")
    check_a11y(page)
    assert page.locator("main table tbody tr").count() == 3
    page.fill("#q", "boende")
    submit(page, "main form[role=search]")
    assert page.locator("main table tbody tr").count() == 1
    assert page.input_value("#q") == "boende"
    check_a11y(page)

    follow(page, page.locator("main table a", has_text="Bo Boende"))
    assert page.locator("h1").inner_text() == "Bo Boende"
    check_a11y(page)
    page.select_option("#role", Role.MODERATOR.value)
    submit(page, "main form:has(#role)")

    assert page.locator(".flash-success").count() == 1
    assert page.input_value("#role") == Role.MODERATOR.value
    check_a11y(page)
    bo = _fresh(db, select(User).where(User.email == "bo@example.org"))[0]
    assert bo.role == Role.MODERATOR


def test_admin_settings_change_the_name_shown_everywhere(page, make):
    admin = make.user(Role.ADMIN)
    log_in(page, admin.email)

    page.goto("/admin/installningar")
    check_a11y(page)
    page.fill("#name", "Testby kommun")
    page.fill("#contact", "Ring **0123-456 78**.")
    submit(page)

    assert page.url.endswith("/admin/installningar")
    assert page.locator(".flash-success").count() == 1
    assert "Testby kommun" in page.locator("header .brand").inner_text()
    assert "0123-456 78" in page.get_by_role("contentinfo").inner_text()
    assert page.title().endswith("Testby kommun")
    check_a11y(page)


def test_accessibility_statement_takes_a_problem_report(page, make, db):
    admin = make.user(Role.ADMIN)
    page.goto("/tillganglighet")
    check_a11y(page)

    submit(page)
    assert page.locator("#description").get_attribute("aria-invalid") == "true"
    check_a11y(page)

    page.fill("#description", "Knappen gick inte att nå med tangentbordet.")
    page.fill("#page_url", "/lokalsamhallen")
    page.fill("#contact_email", "hjalp@example.org")
    submit(page)

    assert page.url.endswith("/tillganglighet")
    assert page.locator(".flash-success").count() == 1
    check_a11y(page)
    reports = _fresh(db, select(AccessibilityReport))
    assert [(r.page_url, r.contact_email) for r in reports] == \
        [("/lokalsamhallen", "hjalp@example.org")]

    log_in(page, admin.email)
    page.goto("/admin/tillganglighetsrapporter")
    assert "tangentbordet" in page.locator("main .card").inner_text()
    check_a11y(page)


def test_unknown_page_shows_a_helpful_404(page):
    response = page.goto("/finns-inte")

    assert response.status == 404
    assert page.locator("h1").count() == 1
    assert page.locator("main a[href='/']").count() == 1
    check_a11y(page)


def test_forgot_password_sends_a_link(page, make, outbox):
    user = make.user()
    page.goto("/konto/glomt-losenord")
    check_a11y(page)

    page.fill("#email", user.email)
    submit(page)

    assert user.email in page.locator("main").inner_text()
    assert len(outbox(user.email)) == 1
    check_a11y(page)


def test_change_password_then_sign_in_with_the_new_one(page, make):
    user = make.user()
    log_in(page, user.email)

    page.goto("/konto/losenord")
    check_a11y(page)
    page.fill("#current_password", "fel-losenord-helt")
    page.fill("#password", "ett nytt fint losenord")
    page.fill("#password_confirm", "ett nytt fint losenord")
    submit(page)
    assert page.locator("#current_password").get_attribute("aria-invalid") == "true"
    check_a11y(page)

    page.fill("#current_password", "ett-bra-losenord-2026")
    page.fill("#password", "ett nytt fint losenord")
    page.fill("#password_confirm", "ett nytt fint losenord")
    submit(page)

    assert page.url.endswith("/konto")
    assert page.locator(".flash-success").count() == 1
    submit(page, LOGOUT_FORM)
    log_in(page, user.email, "ett nytt fint losenord")
    assert page.locator(LOGOUT_FORM).count() == 1


def test_privacy_page(page):
    page.goto("/personuppgifter")
    assert page.locator("h1").count() == 1
    check_a11y(page)
