"""Registering and editing an organisation: details, organisation numbers, bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.organisations.models import Membership, Organisation
from tests.factories import HOSTILE
from tests.organisations.helpers import assert_safe, reload, shown


def _form(**overrides) -> dict:
    data = {
        "name": "Sjövik Bygdeförening",
        "kind": "association",
        "org_number": "802002-8711",
        "description": "Vi driver bygdegården.",
        "role_text": "Vi lånar ut lokalen till alla.",
        "website": "https://bygd.example.se",
        "contact_email": "Info@Bygd.Example.se",
    }
    data.update(overrides)
    return data


def _only_organisation() -> Organisation:
    db.session.expire_all()
    return db.session.scalars(select(Organisation)).one()


def test_signing_in_is_needed_to_register(client, rows):
    assert client.get("/organisationer/ny").status_code == 302
    assert client.post("/organisationer/ny", data=_form()).status_code == 302
    assert rows(Organisation) == 0


def test_the_registrant_becomes_administrator_of_an_unverified_organisation(
        client, make, pf, login_as, resident, rows):
    north = make.community("Norrby")
    south = make.community("Söderby")
    theme = pf.theme("Kultur")
    client = login_as(resident)
    assert client.get("/organisationer/ny").status_code == 200

    response = client.post("/organisationer/ny", data={
        **_form(), "communities": [str(north.id), str(south.id)], "themes": [str(theme.id)]})

    assert response.status_code == 302
    organisation = _only_organisation()
    assert response.headers["Location"].endswith(f"/organisationer/{organisation.id}")
    assert organisation.name == "Sjövik Bygdeförening"
    assert organisation.kind == "association"
    assert organisation.org_number == "802002-8711"
    assert organisation.website == "https://bygd.example.se"
    assert organisation.contact_email == "info@bygd.example.se"
    assert organisation.status == "unverified"
    assert organisation.created_by_id == resident.id
    membership = db.session.scalars(select(Membership)).one()
    assert (membership.user_id, membership.role) == (resident.id, "admin")
    found = db.session.scalars(select(Organisation).where(Organisation.id == organisation.id)
                               .options(db.selectinload(Organisation.communities),
                                        db.selectinload(Organisation.themes))).one()
    assert {c.id for c in found.communities} == {north.id, south.id}
    assert [t.id for t in found.themes] == [theme.id]
    # The registrant sees the unverified organisation; others do not.
    assert client.get(f"/organisationer/{organisation.id}").status_code == 200


@pytest.mark.parametrize("number, stored", [
    ("", None),
    ("8020028711", "802002-8711"),
    (" 802002-8711 ", "802002-8711"),
    ("556036-0793", "556036-0793"),
])
def test_organisation_numbers_are_optional_and_normalised(client, login_as, resident,
                                                          number, stored):
    response = login_as(resident).post("/organisationer/ny", data=_form(org_number=number))
    assert response.status_code == 302
    assert _only_organisation().org_number == stored


@pytest.mark.parametrize("number", [
    "802002-8712",      # wrong check digit
    "802002-871",       # too short
    "80200287110",      # too long
    "19802002-8711",    # twelve digits
    "abcdef-ghij",
    "811218-9874",      # third digit below 2: a personal identity number
    "850101-1232",      # a valid personnummer (Luhn passes), never published
    "８０２００２-８７１１",  # full-width digits
    "802002–8711",      # en dash
])
def test_invalid_organisation_numbers_are_refused(client, login_as, resident, rows, number):
    response = login_as(resident).post("/organisationer/ny", data=_form(org_number=number))
    assert response.status_code == 400
    assert rows(Organisation) == 0
    assert rows(Membership) == 0


def test_a_duplicate_organisation_number_is_refused(client, of, login_as, resident, rows):
    of.organisation(org_number="802002-8711")
    response = login_as(resident).post("/organisationer/ny",
                                       data=_form(org_number="8020028711"))
    assert response.status_code == 400
    assert rows(Organisation) == 1
    assert rows(Membership) == 1


def test_an_organisation_may_keep_its_own_number_when_edited(client, of, login_as, resident):
    organisation = of.organisation(resident, org_number="802002-8711")
    response = login_as(resident).post(f"/organisationer/{organisation.id}/redigera",
                                       data=_form(name="Nytt namn"))
    assert response.status_code == 302
    assert reload(organisation).name == "Nytt namn"
    assert reload(organisation).org_number == "802002-8711"


def test_editing_to_another_organisations_number_is_refused(client, of, login_as, resident):
    of.organisation(org_number="556036-0793")
    organisation = of.organisation(resident, org_number="802002-8711")
    response = login_as(resident).post(f"/organisationer/{organisation.id}/redigera",
                                       data=_form(org_number="556036-0793"))
    assert response.status_code == 400
    assert reload(organisation).org_number == "802002-8711"


@pytest.mark.parametrize("field, value", [
    ("name", ""),
    ("name", "   "),
    ("name", "N" * 121),
    ("description", ""),
    ("description", "d" * 2001),
    ("role_text", "r" * 2001),
    ("website", "inte en adress"),
    ("website", "javascript://example.com/%0Aalert(1)"),
    ("website", "https://" + "a" * 300 + ".se"),
    ("contact_email", "inte-en-adress"),
    ("contact_email", "a" * 250 + "@example.se"),
    ("kind", "government"),
    ("communities", "999999"),
    ("themes", "abc"),
])
def test_bad_input_re_renders_the_form_and_saves_nothing(client, make, login_as, resident,
                                                         rows, field, value):
    response = login_as(resident).post("/organisationer/ny", data=_form(**{field: value}))
    assert response.status_code == 400
    assert rows(Organisation) == 0
    assert rows(Membership) == 0


def test_bad_input_when_editing_keeps_the_old_details(client, of, login_as, resident):
    organisation = of.organisation(resident, name="Gamla namnet")
    response = login_as(resident).post(f"/organisationer/{organisation.id}/redigera",
                                       data=_form(name="x" * 121))
    assert response.status_code == 400
    assert reload(organisation).name == "Gamla namnet"


def test_hostile_html_is_stored_as_text_and_escaped_on_output(client, make, login_as,
                                                                resident, admin):
    name = "Klubben <script>alert('n')</script>"
    response = login_as(resident).post("/organisationer/ny", data=_form(
        name=name, description=f"Vi finns. {HOSTILE}", role_text=f"Roll {HOSTILE}"))
    assert response.status_code == 302
    organisation = _only_organisation()
    assert organisation.name == name

    html = client.get(f"/organisationer/{organisation.id}").get_data(as_text=True)
    assert shown(name) in html
    assert "<script>alert('n')" not in html
    assert_safe(html)

    queue = login_as(admin).get("/admin/organisationer").get_data(as_text=True)
    assert shown(name) in queue
    assert "<script>alert('n')" not in queue


def test_a_rendered_form_offers_the_communities_and_themes(client, make, pf, login_as,
                                                             resident):
    make.community("Norrby")
    make.community("Gamla byn", archived=True)
    pf.theme("Trafik")
    html = login_as(resident).get("/organisationer/ny").get_data(as_text=True)
    assert "Norrby" in html and "Trafik" in html
    assert "Gamla byn" not in html


def test_only_the_organisations_administrators_may_edit(client, of, make, login_as, resident,
                                                        rows):
    organisation = of.organisation(name="Orört namn")
    plain_member = make.user()
    of.member(organisation, plain_member)
    for user, code in [(plain_member, 403), (resident, 403)]:
        client = login_as(user)
        assert client.get(f"/organisationer/{organisation.id}/redigera").status_code == code
        assert client.post(f"/organisationer/{organisation.id}/redigera",
                           data=_form(name="Kapat")).status_code == code
    assert reload(organisation).name == "Orört namn"
