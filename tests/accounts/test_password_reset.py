"""Password reset by a signed, time-limited, single-use link."""

import re
import time
from urllib.parse import urlsplit

import pytest
from itsdangerous import TimestampSigner

from app.accounts.models import User
from tests.factories import HOSTILE

FORGOT = "/konto/glomt-losenord"
NEW_PASSWORD = "ett-helt-nytt-losenord"


def link_path(body: str) -> str:
    match = re.search(r"https?://\S+", body)
    assert match, f"no link in the e-mail:\n{body}"
    return urlsplit(match.group(0)).path


def reset_link(client, outbox, email: str) -> str:
    client.post(FORGOT, data={"email": email})
    [message] = [m for m in outbox(email) if m.kind == "reset_password"]
    return link_path(message.body)


def new_password(**overrides):
    data = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    data.update(overrides)
    return data


def password_of(db, user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_a_reset_link_lets_you_choose_a_new_password(client, db, make, outbox):
    user = make.user(email="anna@example.org")
    link = reset_link(client, outbox, "anna@example.org")

    assert client.get(link).status_code == 200
    response = client.post(link, data=new_password())

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/konto/logga-in")
    assert password_of(db, user).check_password(NEW_PASSWORD)
    signed_in = client.post("/konto/logga-in", data={"email": "anna@example.org",
                                                     "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def test_a_reset_link_works_only_once(client, db, make, outbox):
    user = make.user(email="anna@example.org")
    link = reset_link(client, outbox, "anna@example.org")
    client.post(link, data=new_password())

    assert client.get(link).status_code == 400
    response = client.post(link, data=new_password(password="ett-tredje-losenord",
                                                   password_confirm="ett-tredje-losenord"))

    assert response.status_code == 400
    assert password_of(db, user).check_password(NEW_PASSWORD)


def test_an_expired_reset_link_is_refused(client, db, make, outbox, monkeypatch):
    user = make.user(email="anna@example.org")
    link = reset_link(client, outbox, "anna@example.org")
    max_age = client.application.config["RESET_TOKEN_MAX_AGE"]
    later = int(time.time()) + max_age + 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)

    assert client.get(link).status_code == 400
    assert client.post(link, data=new_password()).status_code == 400
    assert not password_of(db, user).check_password(NEW_PASSWORD)


def test_a_link_is_still_good_just_before_it_expires(client, make, outbox, monkeypatch):
    make.user(email="anna@example.org")
    link = reset_link(client, outbox, "anna@example.org")
    max_age = client.application.config["RESET_TOKEN_MAX_AGE"]
    later = int(time.time()) + max_age - 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    assert client.get(link).status_code == 200


@pytest.mark.parametrize("token", ["x", "a" * 300, "eyJ1c2VyIjoxfQ.forged.signature"])
def test_a_forged_link_is_refused(client, token):
    assert client.get(f"/konto/nytt-losenord/{token}").status_code == 400


def test_a_link_for_a_deactivated_account_is_refused(client, db, make, outbox):
    user = make.user(email="anna@example.org")
    link = reset_link(client, outbox, "anna@example.org")
    user.active = False
    db.session.commit()
    assert client.get(link).status_code == 400


def test_a_reset_ends_every_session(client, db, make, outbox, app):
    user = make.user(email="anna@example.org")
    other_device = app.test_client()
    other_device.post("/konto/logga-in", data={"email": "anna@example.org",
                                               "password": "ett-bra-losenord-2026"})
    assert other_device.get("/konto").status_code == 200

    link = reset_link(client, outbox, "anna@example.org")
    client.post(link, data=new_password())

    assert other_device.get("/konto").status_code == 302
    assert password_of(db, user).session_version == 2


def test_a_reset_proves_the_address(client, db, make, outbox):
    user = make.user(email="anna@example.org", verified=False)
    link = reset_link(client, outbox, "anna@example.org")
    client.post(link, data=new_password())
    assert password_of(db, user).email_verified_at is not None


@pytest.mark.parametrize("data, field", [
    ({"password": "", "password_confirm": ""}, "password"),
    ({"password": "kort", "password_confirm": "kort"}, "password"),
    ({"password": HOSTILE, "password_confirm": HOSTILE + "x"}, "password_confirm"),
    ({"password_confirm": "något-annat-lösenord"}, "password_confirm"),
], ids=["empty", "too short", "hostile and different", "different"])
def test_a_weak_or_mistyped_new_password_is_refused(client, db, make, outbox, data, field):
    user = make.user(email="anna@example.org")
    link = reset_link(client, outbox, "anna@example.org")

    response = client.post(link, data=new_password(**data))

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert "<script>" not in html
    assert password_of(db, user).check_password("ett-bra-losenord-2026")
    assert client.get(link).status_code == 200  # the link is not used up


def page_without(response, email: str) -> str:
    """The page with the address and the (time-stamped) CSRF tokens blanked out."""
    html = response.get_data(as_text=True).replace(email, "EMAIL")
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1TOKEN", html)


def test_the_answer_does_not_reveal_who_has_an_account(client, make, outbox):
    make.user(email="anna@example.org")

    known = client.post(FORGOT, data={"email": "anna@example.org"})
    unknown = client.post(FORGOT, data={"email": "ingen@example.org"})

    assert known.status_code == unknown.status_code == 200
    assert page_without(known, "anna@example.org") == page_without(unknown, "ingen@example.org")
    assert len(outbox("anna@example.org")) == 1
    assert outbox("ingen@example.org") == []


def test_no_reset_mail_for_a_deactivated_account(client, make, outbox):
    make.user(email="anna@example.org", active=False)
    response = client.post(FORGOT, data={"email": "anna@example.org"})
    assert response.status_code == 200
    assert outbox() == []


@pytest.mark.parametrize("email", ["", "   ", "inte-en-adress", HOSTILE])
def test_a_bad_address_gets_a_field_error(client, outbox, email):
    response = client.post(FORGOT, data={"email": email})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="email-error"' in html
    assert "<script>" not in html
    assert outbox() == []
