"""Signing in and out, remember me, safe redirects and deactivated accounts."""

import re

import pytest
from sqlalchemy import select

from app.accounts import services
from app.accounts.models import User
from tests.factories import HOSTILE, PASSWORD

LOGIN = "/konto/logga-in"


def sign_in(client, email, password=PASSWORD, remember=False, next_url=None):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    url = LOGIN + (f"?next={next_url}" if next_url else "")
    return client.post(url, data=data)


def is_signed_in(client) -> bool:
    response = client.get("/konto")
    return response.status_code == 200


def test_the_right_password_signs_in_and_records_the_time(client, db, make):
    user = make.user(email="anna@example.org")

    response = sign_in(client, "Anna@Example.org ")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert is_signed_in(client)
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at is not None


@pytest.mark.parametrize("email, password", [
    ("anna@example.org", "fel-losenord-123"),
    ("ingen@example.org", PASSWORD),
], ids=["wrong password", "unknown address"])
def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client, make, email,
                                                                      password):
    make.user(email="anna@example.org")

    response = sign_in(client, email, password)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="password-error"' in html
    assert PASSWORD not in html
    assert not is_signed_in(client)


def page_without(response, email: str) -> str:
    """The page with the address and the (time-stamped) CSRF tokens blanked out."""
    html = response.get_data(as_text=True).replace(email, "EMAIL")
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1TOKEN", html)


def test_the_answers_for_wrong_password_and_unknown_address_are_identical(client, make):
    make.user(email="anna@example.org")
    wrong = sign_in(client, "anna@example.org", "fel-losenord-123")
    unknown = sign_in(client, "ingen@example.org", "fel-losenord-123")
    assert page_without(wrong, "anna@example.org") == page_without(unknown, "ingen@example.org")


@pytest.mark.parametrize("data, field", [
    ({}, "email"),
    ({"email": "", "password": PASSWORD}, "email"),
    ({"email": "   ", "password": PASSWORD}, "email"),
    ({"email": HOSTILE, "password": PASSWORD}, "email"),
    ({"email": "anna@example.org", "password": ""}, "password"),
], ids=["nothing", "empty e-mail", "whitespace e-mail", "hostile e-mail", "empty password"])
def test_incomplete_sign_in_forms_are_refused(client, make, data, field):
    make.user(email="anna@example.org")
    response = client.post(LOGIN, data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert "<script>" not in html


def test_sign_out_ends_the_session(client, make):
    make.user(email="anna@example.org")
    sign_in(client, "anna@example.org")

    response = client.post("/konto/logga-ut")

    assert response.status_code == 302
    assert not is_signed_in(client)


def test_sign_out_is_not_possible_by_get(client, make):
    make.user(email="anna@example.org")
    sign_in(client, "anna@example.org")
    assert client.get("/konto/logga-ut").status_code == 405
    assert is_signed_in(client)


def test_without_remember_me_there_is_no_remember_cookie(client, make):
    make.user(email="anna@example.org")
    sign_in(client, "anna@example.org")
    assert client.get_cookie("remember_token") is None


def test_remember_me_keeps_you_signed_in_after_the_session_cookie_is_gone(client, make):
    make.user(email="anna@example.org")
    sign_in(client, "anna@example.org", remember=True)
    remember = client.get_cookie("remember_token")
    assert remember is not None
    assert remember.http_only

    client.delete_cookie("session")

    assert is_signed_in(client)


def test_sign_in_follows_a_local_next_address(client, make):
    make.user(email="anna@example.org")
    response = sign_in(client, "anna@example.org", next_url="/lokalsamhallen")
    assert response.headers["Location"] == "/lokalsamhallen"


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/",
                                    "/\\evil.example", "javascript:alert(1)"])
def test_sign_in_never_redirects_to_another_site(client, make, target):
    make.user(email="anna@example.org")
    response = sign_in(client, "anna@example.org", next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_protected_page_sends_visitors_to_sign_in_and_back(client):
    response = client.get("/konto")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/konto/logga-in")
    assert "next=%2Fkonto" in response.headers["Location"]


def test_a_deactivated_account_cannot_sign_in(client, make):
    make.user(email="anna@example.org", active=False)

    response = sign_in(client, "anna@example.org")

    assert response.status_code == 400
    assert not is_signed_in(client)


def test_deactivation_ends_existing_sessions_and_remember_cookies(client, db, make):
    user = make.user(email="anna@example.org")
    admin = make.user("admin")
    sign_in(client, "anna@example.org", remember=True)
    assert is_signed_in(client)

    services.deactivate(db.session.get(User, user.id), admin)
    db.session.commit()

    assert not is_signed_in(client)
    client.delete_cookie("session")
    assert not is_signed_in(client)


def test_an_email_with_different_case_finds_the_same_account(client, db, make):
    make.user(email="anna@example.org")
    assert sign_in(client, "ANNA@EXAMPLE.ORG").status_code == 302
    assert db.session.scalars(select(User)).one().email == "anna@example.org"
