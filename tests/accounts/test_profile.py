"""The user's own account: details, language, password and e-mail address."""

import re
from urllib.parse import urlsplit

import pytest

from app.accounts.models import User
from tests.factories import HOSTILE, PASSWORD

NEW_PASSWORD = "ett-helt-nytt-losenord"


def reload(db, user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def link_path(body: str) -> str:
    match = re.search(r"https?://\S+", body)
    assert match, f"no link in the e-mail:\n{body}"
    return urlsplit(match.group(0)).path


def profile_form(**overrides):
    data = {"display_name": "Anna Andersson", "home_community": "", "locale": "sv"}
    data.update(overrides)
    return data


def test_the_profile_shows_the_users_details(login_as, db, make):
    place = make.community("Norrby")
    user = make.user(display_name="Anna Andersson", email="anna@example.org")
    user.home_community_id = place.id
    db.session.commit()

    html = login_as(user).get("/konto").get_data(as_text=True)

    assert "Anna Andersson" in html
    assert "anna@example.org" in html
    assert f'<option selected value="{place.id}">' in html


def test_saving_the_profile_changes_name_community_and_language(login_as, db, make):
    place = make.community("Norrby")
    user = make.user()

    response = login_as(user).post("/konto", data=profile_form(
        display_name="  Anna A  ", home_community=str(place.id), locale="en"))

    assert response.status_code == 302
    user = reload(db, user)
    assert user.display_name == "Anna A"
    assert user.home_community_id == place.id
    assert user.locale == "en"


def test_the_home_community_can_be_left_empty(login_as, db, make):
    place = make.community()
    user = make.user()
    user.home_community_id = place.id
    db.session.commit()

    login_as(user).post("/konto", data=profile_form(home_community=""))

    assert reload(db, user).home_community_id is None


@pytest.mark.parametrize("overrides, field", [
    ({"display_name": ""}, "display_name"),
    ({"display_name": "   "}, "display_name"),
    ({"display_name": "A"}, "display_name"),
    ({"display_name": "N" * 81}, "display_name"),
    ({"home_community": "999999"}, "home_community"),
    ({"home_community": "inte-ett-id"}, "home_community"),
    ({"locale": "de"}, "locale"),
    ({"locale": HOSTILE}, "locale"),
], ids=["empty name", "whitespace name", "too short name", "too long name",
        "unknown community", "community not a number", "unknown language", "hostile language"])
def test_bad_profile_input_is_refused_and_nothing_changes(login_as, db, make, overrides,
                                                          field):
    user = make.user(display_name="Före Ändring", locale="sv")

    response = login_as(user).post("/konto", data=profile_form(**overrides))

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert "<script>" not in html
    user = reload(db, user)
    assert (user.display_name, user.locale, user.home_community_id) == ("Före Ändring", "sv",
                                                                        None)


def test_an_archived_community_cannot_be_chosen_as_home(login_as, db, make):
    place = make.community(archived=True)
    user = make.user()
    response = login_as(user).post("/konto", data=profile_form(home_community=str(place.id)))
    assert response.status_code == 400
    assert reload(db, user).home_community_id is None


def test_a_hostile_name_is_escaped_on_the_profile(login_as, db, make):
    user = make.user()
    client = login_as(user)
    client.post("/konto", data=profile_form(display_name=HOSTILE[:80]))
    assert reload(db, user).display_name == HOSTILE[:80]
    html = client.get("/konto").get_data(as_text=True)
    assert "<script>" not in html


# Changing the password

def change_password(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post("/konto/losenord", data={
        "current_password": current, "password": new,
        "password_confirm": new if confirm is None else confirm})


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, login_as, db,
                                                                       make):
    user = make.user()
    other_device = app.test_client()
    with other_device.session_transaction() as session:
        session["_user_id"] = user.get_id()
    this_device = login_as(user)

    response = change_password(this_device)

    assert response.status_code == 302
    user = reload(db, user)
    assert user.check_password(NEW_PASSWORD)
    assert user.session_version == 2
    assert this_device.get("/konto").status_code == 200
    assert other_device.get("/konto").status_code == 302


@pytest.mark.parametrize("current, new, confirm, field", [
    ("fel-losenord-123", NEW_PASSWORD, None, "current_password"),
    ("", NEW_PASSWORD, None, "current_password"),
    (PASSWORD, "kort", None, "password"),
    (PASSWORD, NEW_PASSWORD, "något-annat-lösenord", "password_confirm"),
], ids=["wrong current", "no current", "weak new", "mistyped confirmation"])
def test_a_refused_password_change_changes_nothing(login_as, db, make, current, new, confirm,
                                                   field):
    user = make.user()
    client = login_as(user)

    response = change_password(client, current, new, confirm)

    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    user = reload(db, user)
    assert user.check_password(PASSWORD)
    assert user.session_version == 1
    assert client.get("/konto").status_code == 200


# Changing the e-mail address

def change_email(client, email, password=PASSWORD):
    return client.post("/konto/e-post", data={"email": email, "current_password": password})


def test_a_new_address_is_confirmed_by_a_link_sent_to_it(login_as, db, make, outbox):
    user = make.user(email="gammal@example.org")
    client = login_as(user)

    response = change_email(client, "Ny@Example.org")

    assert response.status_code == 302
    assert reload(db, user).email == "gammal@example.org"  # not until confirmed
    [message] = outbox("ny@example.org")
    assert message.kind == "change_email"

    confirmed = client.get(link_path(message.body))

    assert confirmed.status_code == 302
    user = reload(db, user)
    assert user.email == "ny@example.org"
    assert user.email_verified_at is not None
    assert [m.kind for m in outbox("gammal@example.org")] == ["email_changed"]


def test_a_confirmation_link_works_only_once(login_as, db, make, outbox):
    user = make.user(email="gammal@example.org")
    client = login_as(user)
    change_email(client, "ny@example.org")
    link = link_path(outbox("ny@example.org")[0].body)
    client.get(link)

    assert client.get(link).status_code == 400
    assert reload(db, user).email == "ny@example.org"


def test_a_taken_address_is_not_revealed_and_not_used(login_as, db, make, outbox):
    make.user(email="upptagen@example.org")
    user = make.user(email="gammal@example.org")
    client = login_as(user)

    taken = change_email(client, "upptagen@example.org")
    free = change_email(client, "ledig@example.org")

    assert taken.status_code == free.status_code == 302
    assert [m.kind for m in outbox("upptagen@example.org")] == ["email_taken"]
    assert "/konto/e-post/bekrafta/" not in outbox("upptagen@example.org")[0].body
    assert reload(db, user).email == "gammal@example.org"


@pytest.mark.parametrize("email, password, field", [
    ("ny@example.org", "fel-losenord-123", "current_password"),
    ("gammal@example.org", PASSWORD, "email"),
    ("", PASSWORD, "email"),
    ("   ", PASSWORD, "email"),
    ("inte-en-adress", PASSWORD, "email"),
    (HOSTILE, PASSWORD, "email"),
    ("a" * 250 + "@example.org", PASSWORD, "email"),
], ids=["wrong password", "same address", "empty", "whitespace", "not an address", "hostile",
        "too long"])
def test_a_refused_email_change_sends_nothing(login_as, db, make, outbox, email, password,
                                              field):
    user = make.user(email="gammal@example.org")

    response = change_email(login_as(user), email, password)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert "<script>" not in html
    assert outbox() == []
    assert reload(db, user).email == "gammal@example.org"


def test_a_forged_email_change_link_is_refused(client):
    assert client.get("/konto/e-post/bekrafta/x").status_code == 400
