"""Creating an account: form rules, consent, e-mail verification and no account
enumeration."""

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.core.mail import OutboxMessage
from tests.factories import HOSTILE, PASSWORD

REGISTER = "/konto/registrera"


def valid_form(**overrides):
    data = {
        "email": "ny.person@example.org",
        "display_name": "Ny Person",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "consent": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def link_path(body: str) -> str:
    """The path of the first link in an e-mail body."""
    match = re.search(r"https?://\S+", body)
    assert match, f"no link in the e-mail:\n{body}"
    parts = urlsplit(match.group(0))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_registration_creates_an_unverified_resident_with_consent(client, db):
    response = client.post(REGISTER, data=valid_form(email="  Ny.Person@Example.org "))

    assert response.status_code == 200
    user = db.session.scalars(select(User)).one()
    assert user.email == "ny.person@example.org"
    assert user.display_name == "Ny Person"
    assert user.role == "resident"
    assert user.active
    assert user.email_verified_at is None
    assert user.consented_at is not None
    assert user.password_hash != PASSWORD
    assert user.check_password(PASSWORD)


def test_registration_sends_a_link_that_verifies_the_address(client, db, outbox):
    client.post(REGISTER, data=valid_form())
    [message] = outbox("ny.person@example.org")
    assert message.kind == "verify_email"

    response = client.get(link_path(message.body))

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/konto/logga-in")
    db.session.expire_all()
    assert db.session.scalars(select(User)).one().email_verified_at is not None


def test_a_forged_verification_link_is_refused(client, db, make):
    user = make.user(verified=False)

    response = client.get("/konto/verifiera/not-a-real-token")

    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified_at is None


def test_an_unverified_user_can_ask_for_a_new_link(login_as, make, outbox):
    user = make.user(verified=False)
    client = login_as(user)

    response = client.post("/konto/skicka-bekraftelse")

    assert response.status_code == 302
    assert [m.kind for m in outbox(user.email)] == ["verify_email"]


def test_a_verified_user_gets_no_new_link(login_as, make, outbox):
    user = make.user(verified=True)
    login_as(user).post("/konto/skicka-bekraftelse")
    assert outbox(user.email) == []


def test_the_registration_page_explains_the_fields(client):
    response = client.get(REGISTER)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for name in ("email", "display_name", "password", "password_confirm", "consent"):
        assert f'name="{name}"' in html
        assert f'for="{name}"' in html


def test_a_signed_in_user_is_sent_to_their_account(login_as, make):
    response = login_as(make.user()).get(REGISTER)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/konto")


BAD_REGISTRATIONS = {
    "no consent": ({"consent": None}, "consent"),
    "empty e-mail": ({"email": ""}, "email"),
    "not an e-mail": ({"email": "inte-en-adress"}, "email"),
    "hostile e-mail": ({"email": HOSTILE}, "email"),
    "too long e-mail": ({"email": "a" * 250 + "@example.org"}, "email"),
    "empty name": ({"display_name": ""}, "display_name"),
    "whitespace name": ({"display_name": "   \t "}, "display_name"),
    "too long name": ({"display_name": "N" * 81}, "display_name"),
    "too short password": ({"password": "kort", "password_confirm": "kort"}, "password"),
    "common password": ({"password": "1234567890", "password_confirm": "1234567890"},
                        "password"),
    "repetitive password": ({"password": "aaaaaaaaaaaa", "password_confirm": "aaaaaaaaaaaa"},
                            "password"),
    "too long password": ({"password": "Lång-fras " * 25, "password_confirm": "Lång-fras " * 25},
                          "password"),
    "different confirmation": ({"password_confirm": PASSWORD + "x"}, "password_confirm"),
}


@pytest.mark.parametrize("overrides, field", BAD_REGISTRATIONS.values(),
                         ids=BAD_REGISTRATIONS.keys())
def test_bad_registrations_are_refused_with_a_field_error(client, db, outbox, overrides, field):
    response = client.post(REGISTER, data=valid_form(**overrides))

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert "<script>" not in html
    assert count(db, User) == 0
    assert outbox() == []


def test_an_empty_post_is_refused_and_writes_nothing(client, db):
    response = client.post(REGISTER, data={})
    assert response.status_code == 400
    assert count(db, User) == 0
    assert count(db, OutboxMessage) == 0


def test_a_hostile_display_name_is_stored_as_text_and_escaped(client, db, login_as):
    client.post(REGISTER, data=valid_form(display_name=HOSTILE[:80]))
    user = db.session.scalars(select(User)).one()
    assert user.display_name == HOSTILE[:80]

    html = login_as(user).get("/konto").get_data(as_text=True)

    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def page_without(response, email: str) -> str:
    """The page with the address and the (time-stamped) CSRF tokens blanked out."""
    html = response.get_data(as_text=True).replace(email, "EMAIL")
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1TOKEN", html)


def test_registering_a_taken_address_answers_exactly_like_a_new_one(client, db, make, outbox):
    owner = make.user(email="finns@example.org")

    taken = client.post(REGISTER, data=valid_form(email="finns@example.org"))
    new = client.post(REGISTER, data=valid_form(email="ny@example.org"))

    assert taken.status_code == new.status_code == 200
    assert page_without(taken, "finns@example.org") == page_without(new, "ny@example.org")
    assert count(db, User) == 2  # the owner and the new account, no duplicate
    [notice] = outbox(owner.email)
    assert notice.kind == "account_exists"
