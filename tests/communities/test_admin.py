"""Administrators create, edit, order, archive and restore local communities."""

import re

import pytest
from sqlalchemy import func, select

from app.communities.models import LocalCommunity
from tests.factories import HOSTILE

NEW = "/admin/lokalsamhallen/ny"


@pytest.fixture
def admin_client(login_as, make):
    return login_as(make.user("admin"))


def form(**overrides):
    data = {"name": "Norrby", "slug": "", "description": "Byn i norr.", "parent": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def communities(db) -> list[LocalCommunity]:
    db.session.expire_all()
    return list(db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id)))


def public_order(client) -> list[str]:
    """Names of the communities in the public list, in the order shown."""
    html = client.get("/lokalsamhallen").get_data(as_text=True)
    return re.findall(r'<h2><a href="/lokalsamhallen/[^"]+">([^<]+)</a></h2>', html)


def test_an_admin_adds_a_community_and_gets_an_address_name_from_the_name(admin_client, db):
    response = admin_client.post(NEW, data=form(name="  Östra Ålsta  "))

    assert response.status_code == 302
    [place] = communities(db)
    assert place.name == "Östra Ålsta"
    assert place.slug == "ostra-alsta"
    assert place.description == "Byn i norr."
    assert admin_client.get("/lokalsamhallen/ostra-alsta").status_code == 200


def test_a_new_community_goes_last(admin_client, db, make):
    make.community("Alfa")
    admin_client.post(NEW, data=form(name="Beta"))
    assert public_order(admin_client) == ["Alfa", "Beta"]


def test_a_given_address_name_is_normalised_to_lower_case(admin_client, db):
    admin_client.post(NEW, data=form(slug=" Norra-Strand "))
    assert communities(db)[0].slug == "norra-strand"


def test_a_community_can_be_part_of_another(admin_client, db, make):
    town = make.community("Sjövik")
    admin_client.post(NEW, data=form(name="Centrum", parent=str(town.id)))
    assert communities(db)[-1].parent_id == town.id


@pytest.mark.parametrize("overrides, field", [
    ({"name": ""}, "name"),
    ({"name": " \t  "}, "name"),
    ({"name": None}, "name"),
    ({"name": "N" * 101}, "name"),
    ({"slug": "Med mellanslag"}, "slug"),
    ({"slug": "åäö"}, "slug"),
    ({"slug": "-inleds-med-streck"}, "slug"),
    ({"slug": "dubbla--streck"}, "slug"),
    ({"slug": HOSTILE}, "slug"),
    ({"slug": "s" * 101}, "slug"),
    ({"description": "d" * 2001}, "description"),
    ({"parent": "999999"}, "parent"),
    ({"parent": "abc"}, "parent"),
], ids=["empty name", "whitespace name", "missing name", "too long name", "slug with space",
        "slug with å", "slug with leading hyphen", "slug with double hyphen", "hostile slug",
        "too long slug", "too long description", "unknown parent", "parent not a number"])
def test_bad_input_is_refused_with_a_field_error_and_nothing_is_written(admin_client, db,
                                                                        make, overrides,
                                                                        field):
    make.community("Befintlig", slug="befintlig")

    response = admin_client.post(NEW, data=form(**overrides))

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert 'aria-invalid="true"' in html
    assert "<script>" not in html
    assert [c.slug for c in communities(db)] == ["befintlig"]


def test_a_taken_address_name_is_refused(admin_client, db, make):
    make.community("Norrby", slug="norrby")
    for data in (form(slug="norrby"), form(name="Norrby", slug="")):
        response = admin_client.post(NEW, data=data)
        assert response.status_code == 400
        assert 'id="slug-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(LocalCommunity.id))) == 1


def test_an_archived_community_cannot_be_chosen_as_parent(admin_client, db, make):
    old = make.community(archived=True)
    response = admin_client.post(NEW, data=form(parent=str(old.id)))
    assert response.status_code == 400
    assert len(communities(db)) == 1


def test_a_hostile_name_and_description_are_stored_as_text_and_escaped(admin_client, db):
    admin_client.post(NEW, data=form(name=HOSTILE, slug="farlig", description=HOSTILE))

    assert communities(db)[0].name == HOSTILE
    for path in ("/admin/lokalsamhallen", "/lokalsamhallen", "/lokalsamhallen/farlig",
                 f"/admin/lokalsamhallen/{communities(db)[0].id}"):
        assert "<script>" not in admin_client.get(path).get_data(as_text=True), path


def test_editing_changes_name_address_description_and_parent(admin_client, db, make):
    town = make.community("Sjövik")
    place = make.community("Norrby", slug="norrby")

    response = admin_client.post(f"/admin/lokalsamhallen/{place.id}", data=form(
        name="Norrby by", slug="norrby-by", description="Ny text", parent=str(town.id)))

    assert response.status_code == 302
    db.session.expire_all()
    place = db.session.get(LocalCommunity, place.id)
    assert (place.name, place.slug, place.description, place.parent_id) == (
        "Norrby by", "norrby-by", "Ny text", town.id)
    assert admin_client.get("/lokalsamhallen/norrby").status_code == 404


def test_the_edit_form_shows_the_current_values(admin_client, make):
    town = make.community("Sjövik")
    place = make.community("Norrby", slug="norrby", parent=town)
    html = admin_client.get(f"/admin/lokalsamhallen/{place.id}").get_data(as_text=True)
    assert 'value="Norrby"' in html
    assert 'value="norrby"' in html
    assert f'<option selected value="{town.id}">' in html


def test_keeping_its_own_address_name_is_fine(admin_client, db, make):
    place = make.community("Norrby", slug="norrby")
    response = admin_client.post(f"/admin/lokalsamhallen/{place.id}",
                                 data=form(name="Norrby", slug="norrby"))
    assert response.status_code == 302


def test_editing_refuses_another_communitys_address_name(admin_client, db, make):
    make.community("Norrby", slug="norrby")
    place = make.community("Söderby", slug="soderby")

    response = admin_client.post(f"/admin/lokalsamhallen/{place.id}",
                                 data=form(name="Söderby", slug="norrby"))

    assert response.status_code == 400
    assert 'id="slug-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(LocalCommunity, place.id).slug == "soderby"


@pytest.mark.parametrize("relation", ["itself", "its child"])
def test_a_community_cannot_be_part_of_itself(admin_client, db, make, relation):
    place = make.community("Sjövik", slug="sjovik")
    child = make.community("Centrum", parent=place)
    parent = place if relation == "itself" else child

    response = admin_client.post(f"/admin/lokalsamhallen/{place.id}",
                                 data=form(name="Sjövik", slug="sjovik", parent=str(parent.id)))

    assert response.status_code == 400
    assert 'id="parent-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(LocalCommunity, place.id).parent_id is None


def test_moving_up_and_down_changes_the_public_order(admin_client, make):
    alfa, beta, gamma = (make.community(name) for name in ("Alfa", "Beta", "Gamma"))

    admin_client.post(f"/admin/lokalsamhallen/{gamma.id}/flytta/up")
    assert public_order(admin_client) == ["Alfa", "Gamma", "Beta"]

    admin_client.post(f"/admin/lokalsamhallen/{alfa.id}/flytta/down")
    assert public_order(admin_client) == ["Gamma", "Alfa", "Beta"]


def test_moving_past_the_ends_changes_nothing(admin_client, make):
    alfa, beta = make.community("Alfa"), make.community("Beta")
    admin_client.post(f"/admin/lokalsamhallen/{alfa.id}/flytta/up")
    admin_client.post(f"/admin/lokalsamhallen/{beta.id}/flytta/down")
    assert public_order(admin_client) == ["Alfa", "Beta"]


def test_an_unknown_direction_is_404(admin_client, make):
    make.community("Alfa")
    beta = make.community("Beta")
    response = admin_client.post(f"/admin/lokalsamhallen/{beta.id}/flytta/sideways")
    assert response.status_code == 404
    assert public_order(admin_client) == ["Alfa", "Beta"]


def test_archiving_hides_from_the_list_but_keeps_the_page(admin_client, db, make):
    place = make.community("Alfa", slug="alfa")

    response = admin_client.post(f"/admin/lokalsamhallen/{place.id}/arkivera")

    assert response.status_code == 302
    assert communities(db)[0].archived_at is not None
    assert public_order(admin_client) == []
    assert admin_client.get("/lokalsamhallen/alfa").status_code == 200
    assert "Alfa" in admin_client.get("/admin/lokalsamhallen").get_data(as_text=True)

    admin_client.post(f"/admin/lokalsamhallen/{place.id}/aterstall")

    assert communities(db)[0].archived_at is None
    assert public_order(admin_client) == ["Alfa"]


def test_an_archived_community_is_no_longer_offered_as_home(admin_client, make):
    place = make.community("Alfa")
    admin_client.post(f"/admin/lokalsamhallen/{place.id}/arkivera")
    html = admin_client.get("/konto").get_data(as_text=True)
    assert f'value="{place.id}"' not in html


@pytest.mark.parametrize("method, path", [
    ("get", "/admin/lokalsamhallen/999999"),
    ("post", "/admin/lokalsamhallen/999999"),
    ("post", "/admin/lokalsamhallen/999999/flytta/up"),
    ("post", "/admin/lokalsamhallen/999999/arkivera"),
    ("post", "/admin/lokalsamhallen/999999/aterstall"),
    ("get", "/admin/lokalsamhallen/abc"),
])
def test_unknown_ids_are_404(admin_client, db, method, path):
    response = getattr(admin_client, method)(path, data=form())
    assert response.status_code == 404
    assert communities(db) == []
