"""Municipality settings edited by an admin, and accessibility problem reports."""

import re

import pytest
from sqlalchemy import func, select

from app.core.mail import OutboxMessage
from app.site.models import AccessibilityReport, MunicipalitySettings
from tests.factories import HOSTILE

SETTINGS = "/admin/installningar"
ACCESSIBILITY = "/tillganglighet"


def settings_form(**overrides):
    data = {
        "name": "Ekby kommun",
        "introduction": "Välkommen till **Ekby**.",
        "contact": "Ring kommunens växel.",
        "privacy_policy": "Vi sparar bara det som behövs.",
        "accessibility_statement": "Vi följer WCAG 2.1 AA.",
    }
    data.update(overrides)
    return data


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def admin_client(login_as, make):
    return login_as(make.user("admin"))


def test_before_any_save_the_configured_name_is_used(client, app):
    html = client.get("/").get_data(as_text=True)
    assert app.config["MUNICIPALITY_NAME"] in html


def test_an_admin_saves_the_settings_and_every_page_uses_them(admin_client, db, client):
    response = admin_client.post(SETTINGS, data=settings_form())

    assert response.status_code == 302
    saved = db.session.scalars(select(MunicipalitySettings)).one()
    assert saved.name == "Ekby kommun"
    front = client.get("/").get_data(as_text=True)
    assert "Ekby kommun" in front
    assert "<strong>Ekby</strong>" in front
    assert "Ring kommunens växel." in front
    assert "Vi sparar bara det som behövs." in client.get("/personuppgifter").get_data(
        as_text=True)
    assert "Vi följer WCAG 2.1 AA." in client.get(ACCESSIBILITY).get_data(as_text=True)


def test_saving_again_updates_the_one_settings_row(admin_client, db):
    admin_client.post(SETTINGS, data=settings_form())
    admin_client.post(SETTINGS, data=settings_form(name="Ekby stad"))
    db.session.expire_all()
    assert [s.name for s in db.session.scalars(select(MunicipalitySettings))] == ["Ekby stad"]


def test_the_form_shows_the_saved_values(admin_client):
    admin_client.post(SETTINGS, data=settings_form())
    html = admin_client.get(SETTINGS).get_data(as_text=True)
    assert 'value="Ekby kommun"' in html
    assert "Ring kommunens växel." in html


@pytest.mark.parametrize("overrides, field", [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "K" * 101}, "name"),
    ({"introduction": "i" * 5001}, "introduction"),
    ({"contact": "c" * 2001}, "contact"),
    ({"privacy_policy": "p" * 20001}, "privacy_policy"),
    ({"accessibility_statement": "a" * 20001}, "accessibility_statement"),
], ids=["empty name", "whitespace name", "too long name", "too long introduction",
        "too long contact", "too long policy", "too long statement"])
def test_bad_settings_are_refused_and_nothing_is_saved(admin_client, db, overrides, field):
    response = admin_client.post(SETTINGS, data=settings_form(**overrides))

    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert count(db, MunicipalitySettings) == 0


def test_hostile_settings_are_sanitised_everywhere(admin_client, client):
    admin_client.post(SETTINGS, data=settings_form(
        name=HOSTILE[:100], introduction=HOSTILE, contact=HOSTILE,
        privacy_policy=HOSTILE, accessibility_statement=HOSTILE))
    for path in ("/", "/personuppgifter", ACCESSIBILITY, "/lokalsamhallen", "/finns-inte"):
        assert "<script>" not in client.get(path).get_data(as_text=True), path
    assert "<script>" not in admin_client.get(SETTINGS).get_data(as_text=True)


def test_residents_cannot_change_the_settings(login_as, db, make):
    response = login_as(make.user()).post(SETTINGS, data=settings_form())
    assert response.status_code == 403
    assert count(db, MunicipalitySettings) == 0


# Accessibility reports

def test_a_visitor_reports_a_problem_and_every_active_admin_gets_a_mail(client, db, make,
                                                                       outbox):
    first = make.user("admin", email="admin1@example.org")
    second = make.user("admin", email="admin2@example.org", locale="en")
    make.user("admin", email="inaktiv@example.org", active=False)
    make.user("moderator", email="moderator@example.org")

    response = client.post(ACCESSIBILITY, data={
        "description": "Knappen går inte att nå med tangentbordet.",
        "page_url": "/konto", "contact_email": "Besokare@Example.org"})

    assert response.status_code == 302
    report = db.session.scalars(select(AccessibilityReport)).one()
    assert report.description == "Knappen går inte att nå med tangentbordet."
    assert report.page_url == "/konto"
    assert report.contact_email == "besokare@example.org"
    assert report.reporter_id is None
    mails = outbox()
    assert sorted(m.recipient for m in mails) == [first.email, second.email]
    assert all(m.kind == "accessibility_report" for m in mails)
    assert all("Knappen går inte att nå med tangentbordet." in m.body for m in mails)


def test_a_signed_in_reporter_is_remembered(login_as, db, make):
    user = make.user()
    login_as(user).post(ACCESSIBILITY, data={"description": "Kontrasten är för låg."})
    report = db.session.scalars(select(AccessibilityReport)).one()
    assert report.reporter_id == user.id
    assert report.contact_email is None
    assert report.page_url == ""


def test_the_report_form_is_prefilled_with_the_page(client):
    html = client.get(ACCESSIBILITY + "?sida=/lokalsamhallen").get_data(as_text=True)
    assert 'value="/lokalsamhallen"' in html


@pytest.mark.parametrize("data, field", [
    ({"description": ""}, "description"),
    ({"description": "  \n  "}, "description"),
    ({}, "description"),
    ({"description": "d" * 5001}, "description"),
    ({"description": "Fel", "page_url": "u" * 501}, "page_url"),
    ({"description": "Fel", "contact_email": "inte-en-adress"}, "contact_email"),
    ({"description": "Fel", "contact_email": HOSTILE}, "contact_email"),
], ids=["empty", "whitespace", "missing", "too long", "too long page", "bad e-mail",
        "hostile e-mail"])
def test_a_bad_report_is_refused_and_nothing_is_written(client, db, make, outbox, data, field):
    make.user("admin")

    response = client.post(ACCESSIBILITY, data=data)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert "<script>" not in html
    assert count(db, AccessibilityReport) == 0
    assert count(db, OutboxMessage) == 0


def test_a_hostile_report_is_escaped_for_the_admin(client, admin_client, db):
    client.post(ACCESSIBILITY, data={"description": HOSTILE, "page_url": HOSTILE})
    response = admin_client.get("/admin/tillganglighetsrapporter")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "alert(1)" in html
    assert "<script>" not in html


def test_the_admin_overview_counts_accounts_communities_and_reports(client, admin_client,
                                                                      make):
    make.community()
    make.community(archived=True)
    for _ in range(3):
        client.post(ACCESSIBILITY, data={"description": "Något fungerar inte."})

    html = admin_client.get("/admin").get_data(as_text=True)

    numbers = re.findall(r'<span class="stat-number">(\d+)</span>', html)
    assert numbers == ["1", "1", "3"]  # the admin, the active community, the reports
