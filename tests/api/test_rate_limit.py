"""Anonymous use of the API and the files shares one budget per address; beyond
it the answer is a 429 JSON error with Retry-After. Signed-in people are not
limited."""

from __future__ import annotations

import pytest
from flask import Flask

from app.extensions import db
from tests.support.apps import separate_app


@pytest.fixture
def limited_app(tmp_path, monkeypatch):
    """A separate app with rate limits on and a small API limit, on its own database."""
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path))
    with separate_app(f"sqlite:///{tmp_path / 'limited.db'}", upgrade=True,
                      RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                      API_RATE_LIMIT="3 per minute") as app:
        yield app


def test_beyond_the_limit_the_answer_is_a_429_json_error(limited_app):
    client = limited_app.test_client()
    statuses = [client.get(url).status_code for url in
                ("/api/v1/proposals", "/api/v1/dialogues", "/oppna-data/forslag.csv")]
    blocked = client.get("/api/v1/plans")

    assert statuses == [200, 200, 200]
    assert blocked.status_code == 429
    assert blocked.mimetype == "application/json"
    error = blocked.get_json()["error"]
    assert error["code"] == "rate_limited"
    assert error["status"] == 429
    assert "Retry-After" in error["message"]
    assert 0 < int(blocked.headers["Retry-After"]) <= 60


def test_each_address_has_its_own_budget(limited_app):
    client = limited_app.test_client()
    for _ in range(4):
        client.get("/api/v1/themes", environ_base={"REMOTE_ADDR": "10.0.0.1"})
    other = client.get("/api/v1/themes", environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.status_code == 200


def test_signed_in_people_are_not_limited(limited_app):
    from tests.factories import user

    with limited_app.app_context():
        person_id = user().get_id()
        db.session.remove()
    client = limited_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = person_id
        session["_fresh"] = True
    statuses = {client.get("/api/v1/communities").status_code for _ in range(6)}
    assert statuses == {200}


def test_the_open_data_page_and_the_document_are_not_counted(limited_app):
    client = limited_app.test_client()
    for _ in range(4):
        assert client.get("/oppna-data").status_code == 200
        assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/communities").status_code == 200


def test_the_session_test_app_is_not_rate_limited(client):
    assert {client.get("/api/v1/themes").status_code for _ in range(70)} == {200}
