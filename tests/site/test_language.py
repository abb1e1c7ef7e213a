"""Swedish by default, English on request; the choice is kept in a cookie or on
the account."""

import pytest
from flask_babel import force_locale, gettext

from app.accounts.models import User


def translated(app, locale: str, msgid: str) -> str:
    """What the app's catalogue says for msgid in locale (msgid until translated)."""
    with app.test_request_context(), force_locale(locale):
        return gettext(msgid)


def html_lang(response) -> str:
    html = response.get_data(as_text=True)
    start = html.index("<html lang=\"") + len("<html lang=\"")
    return html[start:html.index('"', start)]


def test_swedish_is_the_default(client, app):
    response = client.get("/konto/logga-in")
    assert html_lang(response) == "sv"
    assert translated(app, "sv", "Sign in") in response.get_data(as_text=True)


def test_choosing_english_sets_a_cookie_and_returns_to_the_page(client, app):
    response = client.post("/sprak", data={"language": "en", "next": "/lokalsamhallen"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/lokalsamhallen"
    cookie = client.get_cookie("lang")
    assert cookie.value == "en"
    assert cookie.http_only
    page = client.get("/konto/logga-in")
    assert html_lang(page) == "en"
    assert translated(app, "en", "Forgot your password?") in page.get_data(as_text=True)


def test_switching_back_to_swedish(client):
    client.post("/sprak", data={"language": "en"})
    client.post("/sprak", data={"language": "sv"})
    assert html_lang(client.get("/")) == "sv"


@pytest.mark.parametrize("language", ["de", "", "<script>", "sv-SE" * 100])
def test_an_unsupported_language_changes_nothing(client, language):
    response = client.post("/sprak", data={"language": language, "next": "/lokalsamhallen"})
    assert response.status_code == 302
    assert client.get_cookie("lang") is None
    assert html_lang(client.get("/")) == "sv"


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil.example",
                                    ""])
def test_the_language_switch_never_leaves_the_site(client, target):
    response = client.post("/sprak", data={"language": "en", "next": target})
    assert response.headers["Location"] == "/"


def test_an_unknown_cookie_value_falls_back_to_swedish(client):
    client.set_cookie("lang", "xx")
    assert html_lang(client.get("/")) == "sv"


def test_a_signed_in_users_choice_is_saved_on_the_account(login_as, db, make):
    user = make.user(locale="sv")
    client = login_as(user)

    client.post("/sprak", data={"language": "en"})

    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"
    client.delete_cookie("lang")
    assert html_lang(client.get("/")) == "en"


def test_the_accounts_language_wins_over_the_cookie(login_as, make):
    client = login_as(make.user(locale="en"))
    client.set_cookie("lang", "sv")
    assert html_lang(client.get("/")) == "en"


def test_the_page_offers_the_other_language(client):
    html = client.get("/").get_data(as_text=True)
    assert 'name="language" value="en" lang="en"' in html
    client.post("/sprak", data={"language": "en"})
    html = client.get("/").get_data(as_text=True)
    assert 'name="language" value="sv" lang="sv"' in html


def test_mail_is_written_in_the_recipients_language(client, make, outbox, app):
    make.user(email="anna@example.org", locale="en")
    client.post("/konto/glomt-losenord", data={"email": "anna@example.org"})
    [message] = outbox("anna@example.org")
    assert message.subject == translated(app, "en", "Choose a new password")
