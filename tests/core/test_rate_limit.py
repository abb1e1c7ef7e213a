"""Sign-in, registration and password reset are rate limited per address: after
the limit the answer is a 429 page, not more password guesses."""

import pytest
from flask import Flask

from tests.support.apps import separate_app


@pytest.fixture
def limited_app(tmp_path, monkeypatch):
    """A separate app with rate limits on and a small limit, on its own database."""
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path))
    with separate_app(f"sqlite:///{tmp_path / 'limited.db'}", upgrade=True,
                      RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                      AUTH_RATE_LIMIT="3 per minute") as app:
        yield app


def attempt(client):
    return client.post("/konto/logga-in", data={"email": "anna@example.org",
                                                "password": "fel-losenord-123"})


def test_sign_in_attempts_beyond_the_limit_get_a_429_page(limited_app):
    client = limited_app.test_client()

    answers = [attempt(client).status_code for _ in range(3)]
    blocked = attempt(client)

    assert answers == [400, 400, 400]
    assert blocked.status_code == 429
    html = blocked.get_data(as_text=True)
    assert "<main" in html
    assert "429" in html
    assert "Retry-After" in blocked.headers or "X-RateLimit-Reset" in blocked.headers


def test_reading_the_sign_in_page_is_not_limited(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        attempt(client)
    assert client.get("/konto/logga-in").status_code == 200


@pytest.mark.parametrize("path, data", [
    ("/konto/registrera", {"email": "x@example.org"}),
    ("/konto/glomt-losenord", {"email": "x@example.org"}),
    ("/konto/nytt-losenord/x", {}),
])
def test_the_other_account_forms_are_limited_too(limited_app, path, data):
    client = limited_app.test_client()
    statuses = [client.post(path, data=data).status_code for _ in range(4)]
    assert statuses[:3] != [429] * 3
    assert statuses[3] == 429


def test_the_session_test_app_is_not_rate_limited(client):
    statuses = {attempt(client).status_code for _ in range(12)}
    assert statuses == {400}
