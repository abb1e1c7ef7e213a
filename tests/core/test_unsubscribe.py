"""One-click unsubscribe: a signed link in every notification e-mail and digest,
working without signing in, and a clear page for a bad or old link."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from app.accounts import services as account_services
from app.core import digest, mail, notifications
from app.core.mail import OutboxMessage
from app.core.notifications import DIGEST, Category, Mode
from app.core.tokens import make_token
from app.extensions import db
from app.proposals import services as proposal_services
from app.proposals.models import ProposalStatus
from tests.factories import PASSWORD


def path(url: str) -> str:
    return urlsplit(url).path


def mails(person) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == person.email).order_by(OutboxMessage.id)))


def link_for(person, category) -> str:
    return path(notifications.unsubscribe_url(person, category))


def mode(person, category) -> Mode:
    db.session.expire_all()
    return notifications.mode_for(person, category)


@pytest.fixture
def followed(make, pf, moderator):
    """A follower who got an e-mail about a status change."""
    proposal = pf.proposal()
    person = make.user()
    pf.follow(proposal, person)
    proposal_services.transition(proposal, ProposalStatus.UNDER_CONSIDERATION, moderator)
    db.session.commit()
    return person


def test_a_notification_email_carries_its_unsubscribe_link_and_headers(followed):
    [message] = mails(followed)
    assert message.unsubscribe_url.startswith("http://127.0.0.1:5000/konto/aviseringar/avsluta/")
    assert f"Sluta få de här mejlen: {message.unsubscribe_url}" in message.body
    assert "Förslag jag bevakar" in message.body
    email = mail._build_email(message)
    assert email["List-Unsubscribe"] == f"<{message.unsubscribe_url}>"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize("send", ["register", "reset", "change email"])
def test_account_mail_has_no_unsubscribe_link(app, make, send):
    person = make.user(email="anna@example.org")
    with app.test_request_context():
        if send == "register":
            account_services.register_user("anna@example.org", "Anna", "ett-bra-losenord-26")
        elif send == "reset":
            account_services.request_password_reset("anna@example.org")
        else:
            account_services.request_email_change(person, "ny@example.org", PASSWORD)
    db.session.commit()
    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert message.unsubscribe_url is None
    assert "avsluta" not in message.body
    email = mail._build_email(message)
    assert email["List-Unsubscribe"] is None and email["List-Unsubscribe-Post"] is None


def test_the_link_asks_first_and_changes_nothing(client, followed):
    url = path(mails(followed)[0].unsubscribe_url)
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Vill du sluta få mejl om det här?" in html
    assert "Förslag jag bevakar" in html
    assert html.count('<button type="submit" class="button">') == 1
    assert mode(followed, Category.FOLLOWED_PROPOSALS) == Mode.IMMEDIATELY


def test_the_button_turns_the_category_off_without_signing_in(client, followed):
    url = path(mails(followed)[0].unsubscribe_url)
    response = client.post(url)
    assert response.status_code == 200
    assert "Mejlen är avslutade" in response.get_data(as_text=True)
    assert mode(followed, Category.FOLLOWED_PROPOSALS) == Mode.OFF
    assert mode(followed, Category.MY_PROPOSALS) == Mode.IMMEDIATELY
    assert client.post(url).status_code == 200  # twice: still off, no error
    assert mode(followed, Category.FOLLOWED_PROPOSALS) == Mode.OFF


def test_a_mail_programs_one_click_post_works_without_a_form_token(app, followed):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        response = client.post(path(mails(followed)[0].unsubscribe_url),
                               data={"List-Unsubscribe": "One-Click"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 200
    assert mode(followed, Category.FOLLOWED_PROPOSALS) == Mode.OFF


def test_after_unsubscribing_the_news_still_shows_in_the_app(client, make, pf, moderator,
                                                             followed):
    client.post(path(mails(followed)[0].unsubscribe_url))
    proposal = pf.proposal()
    pf.follow(proposal, followed)
    proposal_services.transition(proposal, ProposalStatus.UNDER_CONSIDERATION, moderator)
    db.session.commit()
    assert len(mails(followed)) == 1
    db.session.expire_all()
    assert len(db.session.scalars(select(notifications.Notification).where(
        notifications.Notification.user_id == followed.id)).all()) == 2


def test_the_digest_link_stops_every_digest_category(app, client, make):
    person = make.user()
    notifications.set_mode(person, Category.MY_PROPOSALS, Mode.DIGEST)
    notifications.set_mode(person, Category.DIALOGUES, Mode.DIGEST)
    notifications.notify(person, Category.DIALOGUES, "dialogue_feedback", subject="Återkoppling",
                         template="dialogue_feedback", url="http://127.0.0.1:5000/dialoger/1",
                         dialogue=type("D", (), {"title": "Dialog"})())
    db.session.commit()
    digest.send_digests()
    [message] = mails(person)
    email = mail._build_email(message)
    assert email["List-Unsubscribe"] == f"<{message.unsubscribe_url}>"

    html = client.get(path(message.unsubscribe_url)).get_data(as_text=True)
    assert "det dagliga mejlet" in html
    assert "Mina förslag och kommentarer" in html and "Dialoger jag har anmält mig till" in html
    client.post(path(message.unsubscribe_url))
    assert notifications.modes(person) == {
        Category.MY_PROPOSALS: Mode.OFF, Category.FOLLOWED_PROPOSALS: Mode.IMMEDIATELY,
        Category.SUPPORTED_PROPOSALS: Mode.OFF, Category.DIALOGUES: Mode.OFF}


def _forged(person, category="followed_proposals"):
    wrong_key = URLSafeTimedSerializer("någon annans nyckel", salt="inflytande-unsubscribe")
    return wrong_key.dumps({"user": person.id, "category": category})


BAD_TOKENS = {
    "tampered": lambda person: make_token("unsubscribe", {"user": person.id,
                                                          "category": "dialogues"})[:-3] + "abc",
    "forged": _forged,
    "another purpose": lambda person: make_token("reset", {"user": person.id,
                                                           "category": "dialogues"}),
    "unknown category": lambda person: make_token("unsubscribe", {"user": person.id,
                                                                  "category": "everything"}),
    "not a user": lambda person: make_token("unsubscribe", {"user": "1 OR 1=1",
                                                            "category": "dialogues"}),
    "unknown user": lambda person: make_token("unsubscribe", {"user": 999999,
                                                              "category": "dialogues"}),
    "garbage": lambda person: "<script>alert(1)</script>",
    "empty payload": lambda person: make_token("unsubscribe", None),
}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("bad", list(BAD_TOKENS))
def test_a_bad_link_gets_a_clear_page_and_changes_nothing(client, make, bad, method):
    person = make.user()
    token = BAD_TOKENS[bad](person)
    response = getattr(client, method)(f"/konto/aviseringar/avsluta/{token}")
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        html = response.get_data(as_text=True)
        assert "Länken fungerar inte" in html
        assert "<script>alert(1)</script>" not in html
    assert notifications.modes(person)[Category.DIALOGUES] == Mode.IMMEDIATELY
    assert db.session.scalars(select(notifications.NotificationPreference)).all() == []


def test_an_old_link_gets_the_clear_page(app, client, followed, monkeypatch):
    url = path(mails(followed)[0].unsubscribe_url)
    monkeypatch.setitem(app.config, "UNSUBSCRIBE_TOKEN_MAX_AGE", -1)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "för gammal" in response.get_data(as_text=True)
    assert mode(followed, Category.FOLLOWED_PROPOSALS) == Mode.IMMEDIATELY


def test_a_deleted_account_cannot_be_changed_through_an_old_link(client, login_as, followed):
    url = path(mails(followed)[0].unsubscribe_url)
    login_as(followed).post("/konto/radera", data={"password": PASSWORD, "understood": "y"})
    assert client.get(url).status_code == 400


def test_a_moderation_link_for_someone_who_no_longer_moderates(client, moderator):
    url = link_for(moderator, Category.MODERATION)
    moderator.role = "resident"
    db.session.commit()
    html = client.get(url).get_data(as_text=True)
    assert "Det finns inget att avsluta" in html
    assert client.post(url).status_code == 200
    assert db.session.scalars(select(notifications.NotificationPreference)).all() == []


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(client, followed, method):
    url = path(mails(followed)[0].unsubscribe_url)
    assert getattr(client, method)(url).status_code == 405


def test_the_digest_token_is_accepted_only_as_the_digest(make):
    person = make.user()
    token = notifications.unsubscribe_token(person, DIGEST)
    assert notifications.read_unsubscribe_token(token) == (person.id, DIGEST)
