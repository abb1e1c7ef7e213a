"""Administrators list and search accounts, assign roles and deactivate accounts."""

import pytest

from app.accounts.models import User
from tests.factories import HOSTILE


@pytest.fixture
def admin(make):
    return make.user("admin", display_name="Adam Admin", email="admin@example.org")


@pytest.fixture
def admin_client(login_as, admin):
    return login_as(admin)


def reload(db, user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_the_list_shows_every_account(admin_client, make):
    make.user(display_name="Anna Andersson", email="anna@example.org")
    make.user("moderator", display_name="Bertil Berg", email="bertil@example.org")

    html = admin_client.get("/admin/anvandare").get_data(as_text=True)

    for text in ("Anna Andersson", "anna@example.org", "Bertil Berg", "Adam Admin"):
        assert text in html


@pytest.mark.parametrize("query", [
    "?q=ANNA&role=", "?q=anna", "?q=andersson", "?q=anna%40example", "?q=%20anna%20",
], ids=["upper case name", "without a role filter", "surname", "e-mail", "padded"])
def test_search_finds_by_name_or_email(admin_client, make, query):
    make.user(display_name="Anna Andersson", email="anna@example.org")
    make.user(display_name="Bertil Berg", email="bertil@example.org")

    html = admin_client.get("/admin/anvandare" + query).get_data(as_text=True)

    assert "Anna Andersson" in html
    assert "Bertil Berg" not in html


def test_the_role_filter_shows_only_that_role(admin_client, make):
    make.user(display_name="Anna Andersson")
    make.user("moderator", display_name="Mona Moderator")

    html = admin_client.get("/admin/anvandare?q=&role=moderator").get_data(as_text=True)

    assert "Mona Moderator" in html
    assert "Anna Andersson" not in html


@pytest.mark.parametrize("query", ["?role=emperor", "?q=" + "x" * 101, "?q=" + HOSTILE,
                                   "?page=abc", "?page=-1", "?page=99999"])
def test_odd_search_input_never_breaks_the_list(admin_client, query):
    response = admin_client.get("/admin/anvandare" + query)
    assert response.status_code in (200, 400)
    assert "<script>" not in response.get_data(as_text=True)


def test_names_in_the_list_are_escaped(admin_client, make):
    make.user(display_name=HOSTILE[:80])
    html = admin_client.get("/admin/anvandare").get_data(as_text=True)
    assert "<script>" not in html


def test_an_admin_assigns_a_role(admin_client, db, make):
    user = make.user()

    response = admin_client.post(f"/admin/anvandare/{user.id}", data={"role": "moderator"})

    assert response.status_code == 302
    assert reload(db, user).role == "moderator"


@pytest.mark.parametrize("role", ["", "emperor", HOSTILE, "ADMIN"])
def test_an_unknown_role_is_refused(admin_client, db, make, role):
    user = make.user()

    response = admin_client.post(f"/admin/anvandare/{user.id}", data={"role": role})

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="role-error"' in html
    assert "<script>" not in html
    assert reload(db, user).role == "resident"


def test_an_admin_cannot_remove_their_own_admin_role(admin_client, db, admin):
    response = admin_client.post(f"/admin/anvandare/{admin.id}", data={"role": "resident"})

    assert response.status_code == 400
    assert 'id="role-error"' in response.get_data(as_text=True)
    assert reload(db, admin).role == "admin"


def test_deactivation_and_reactivation(admin_client, db, make):
    user = make.user()

    response = admin_client.post(f"/admin/anvandare/{user.id}/inaktivera")

    assert response.status_code == 302
    user = reload(db, user)
    assert not user.active
    assert user.deactivated_at is not None
    assert user.session_version == 2

    admin_client.post(f"/admin/anvandare/{user.id}/aktivera")

    user = reload(db, user)
    assert user.active
    assert user.deactivated_at is None


def test_a_deactivated_user_is_signed_out_at_once(admin_client, app, db, make):
    user = make.user()
    their_client = app.test_client()
    with their_client.session_transaction() as session:
        session["_user_id"] = user.get_id()
    assert their_client.get("/konto").status_code == 200

    admin_client.post(f"/admin/anvandare/{user.id}/inaktivera")

    assert their_client.get("/konto").status_code == 302


def test_an_admin_cannot_deactivate_themselves(admin_client, db, admin):
    response = admin_client.post(f"/admin/anvandare/{admin.id}/inaktivera")

    assert response.status_code == 302
    assert reload(db, admin).active
    follow = admin_client.get(response.headers["Location"])
    assert follow.status_code == 200
    assert "flash-error" in follow.get_data(as_text=True)


@pytest.mark.parametrize("method, path", [
    ("get", "/admin/anvandare/999999"),
    ("post", "/admin/anvandare/999999"),
    ("post", "/admin/anvandare/999999/inaktivera"),
    ("post", "/admin/anvandare/999999/aktivera"),
    ("get", "/admin/anvandare/abc"),
])
def test_unknown_users_are_404(admin_client, method, path):
    assert getattr(admin_client, method)(path, data={"role": "admin"}).status_code == 404


def test_the_user_page_shows_the_account(admin_client, make):
    user = make.user(display_name="Anna Andersson", email="anna@example.org")
    html = admin_client.get(f"/admin/anvandare/{user.id}").get_data(as_text=True)
    assert "Anna Andersson" in html
    assert "anna@example.org" in html
    assert '<option selected value="resident">' in html
