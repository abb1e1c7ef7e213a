"""While the database cannot be reached, every request that needs it gets a plain 503
(a page in Swedish, JSON under /api/), never a stack trace; /readyz says not ready;
when the database is back, the same app serves again without a restart.

On PostgreSQL the app under test reaches the shared server through a TCP proxy that
the test cuts and restores (tests/support/tcp_proxy.py), so the server itself, which
other test runs use, is never stopped. On SQLite the database's folder disappears
for a while, as when a volume is unmounted, or a writer holds the lock.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.engine import make_url

from app.core.caching import static_url
from app.extensions import db
from app.proposals.models import Proposal, Support
from tests.support.apps import separate_app
from tests.support.gunicorn import gunicorn
from tests.support.tcp_proxy import TcpProxy

UNAVAILABLE_SV = "Tjänsten går inte att använda just nu"
LEAKS = ("Traceback", "OperationalError", "psycopg", "sqlite3", "SELECT", "127.0.0.1")


def _session_url(app: Flask) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"]


def _on_postgresql(app: Flask) -> bool:
    return make_url(_session_url(app)).get_backend_name() == "postgresql"


@pytest.fixture
def proxy(app) -> Iterator[TcpProxy]:
    if not _on_postgresql(app):
        pytest.skip("the PostgreSQL outage runs in the PostgreSQL suite (TEST_DATABASE_URL)")
    url = make_url(_session_url(app))
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as running:
        yield running


@pytest.fixture
def proxied_app(app, proxy) -> Iterator[Flask]:
    """An app on the test database, through the proxy; errors are handled as in
    production instead of being raised into the test."""
    with separate_app(proxy.proxied_url(_session_url(app)),
                      PROPAGATE_EXCEPTIONS=False) as proxied:
        yield proxied


def assert_friendly_503(response, language: str = "sv") -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response.headers
    assert f'<html lang="{language}">' in page
    for leak in LEAKS:
        assert leak not in page
    return page


def test_pages_the_api_and_readyz_say_unavailable_while_postgresql_is_down(
        proxied_app, proxy, pf, resident, caplog):
    proposal = pf.proposal()
    client = proxied_app.test_client()
    assert client.get("/").status_code == 200

    with proxy.down(), caplog.at_level(logging.INFO):
        page = assert_friendly_503(client.get("/"))
        assert UNAVAILABLE_SV in page
        assert "Felet ligger hos oss, inte hos dig" in page
        assert '<a href="/">Försök igen</a>' in page
        assert_friendly_503(client.get(f"/forslag/{proposal.reference}"))
        assert_friendly_503(client.get("/finns-inte"))  # even the 404 page needs the database

        api = client.get("/api/v1/proposals")
        assert api.status_code == 503
        assert api.headers["Retry-After"] == "30"
        assert api.get_json()["error"]["code"] == "unavailable"
        assert api.get_json()["error"]["status"] == 503

        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.get_json() == {"status": "not ready",
                                    "checks": {"database": "unreachable"}}
        assert client.get("/healthz").status_code == 200
        with proxied_app.test_request_context():
            css = static_url("css/main.css")
        assert client.get(css, buffered=True).status_code == 200

    # One log line per failure says why, without the statement or its values.
    failures = [r.getMessage() for r in caplog.records if r.name == "inflytande.errors"]
    assert failures and all("refused" in message or "closed" in message
                            for message in failures)
    assert any("GET / 503" in r.getMessage() for r in caplog.records
               if r.name == "inflytande.requests")

    # Back without a restart.
    assert client.get("/").status_code == 200
    assert client.get(f"/forslag/{proposal.reference}").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_a_signed_in_persons_write_during_the_outage_is_refused_whole(
        proxied_app, proxy, pf, resident):
    proposal = pf.proposal()
    client = proxied_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = resident.get_id()
        session["_fresh"] = True
    assert client.get("/konto").status_code == 200

    with proxy.down():
        assert_friendly_503(client.get("/konto"))
        page = assert_friendly_503(client.post(f"/forslag/{proposal.reference}/stod"))
        assert "kan det ha gått förlorat" in page
        # No "try again" link to the address of a form's POST: the start page instead.
        assert "Försök igen</a>" not in page
        assert '<a href="/">Gå till startsidan</a>' in page

    response = client.post(f"/forslag/{proposal.reference}/stod")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Proposal.support_count)
                             .where(Proposal.id == proposal.id)) == 1
    assert len(db.session.scalars(select(Support)).all()) == 1


def test_a_connection_lost_inside_a_transaction_is_an_outage_not_a_crash(
        proxied_app, proxy, pf):
    """The database goes away between two statements of one transaction: the
    error is the database's, which the app answers with a 503, and rolling
    back works (nothing listening on the connection may fail instead)."""
    from sqlalchemy import update
    from sqlalchemy.exc import OperationalError

    from app.core.errors import is_unavailable

    proposal = pf.proposal()
    proposal_id, title = proposal.id, proposal.title  # read here, not in the other app
    with proxied_app.app_context():
        db.session.execute(select(Proposal.id).where(Proposal.id == proposal_id))
        proxy.cut()
        with pytest.raises(OperationalError) as raised:
            db.session.execute(update(Proposal).where(Proposal.id == proposal_id)
                               .values(title="Aldrig sparad"))
            db.session.commit()
        assert is_unavailable(raised.value)
        db.session.rollback()
        proxy.restore()
        assert db.session.scalar(select(Proposal.title).where(
            Proposal.id == proposal_id)) == title


def test_a_signed_in_persons_api_request_during_the_outage_is_a_503(
        proxied_app, proxy, resident):
    """The API's error message is translated without reading the person's own
    language from the database (found by `make faulttest`: it was a 500)."""
    client = proxied_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = resident.get_id()
        session["_fresh"] = True
    with proxy.down():
        response = client.get("/api/v1/proposals")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "unavailable"


def test_english_visitors_get_the_page_in_english(proxied_app, proxy):
    client = proxied_app.test_client()
    client.set_cookie("lang", "en")
    with proxy.down():
        page = assert_friendly_503(client.get("/"), language="en")
    assert "The service is temporarily unavailable" in page


def test_pooled_connections_broken_by_a_restart_are_replaced_without_an_error(
        proxied_app, proxy):
    client = proxied_app.test_client()
    assert client.get("/").status_code == 200  # the pool now holds a connection

    proxy.cut()  # the server "restarts": every open connection is closed
    proxy.restore()

    assert client.get("/").status_code == 200  # pool_pre_ping found the dead connection


def test_under_gunicorn_the_outage_is_a_503_and_the_workers_recover(app, proxy):
    with gunicorn(proxy.proxied_url(_session_url(app)), GUNICORN_THREADS="2") as server:
        assert server.get("/")[0] == 200
        with proxy.down():
            # The front page was just rendered for a visitor: the page cache
            # still has it (for PAGE_CACHE_SECONDS), without the database.
            status, _body, headers = server.get("/")
            assert (status, headers["X-Page-Cache"]) == (200, "hit")
            status, body, headers = server.get("/forslag")
            assert status == 503
            assert UNAVAILABLE_SV in body.decode()
            assert headers["Retry-After"] == "30"
            assert server.get("/readyz")[0] == 503
            assert server.get("/api/v1/themes")[0] == 503
            assert server.get("/healthz")[0] == 200
        assert server.get("/")[0] == 200
        assert server.get("/readyz")[0] == 200
    assert "GET /forslag 503" in server.output
    assert "Traceback" not in server.output


# -- SQLite -------------------------------------------------------------------------


@pytest.fixture
def sqlite_app(app, tmp_path) -> Iterator[Flask]:
    if _on_postgresql(app):
        pytest.skip("the SQLite outage runs in the SQLite suite")
    folder = tmp_path / "volume"
    folder.mkdir()
    with separate_app(f"sqlite:///{folder / 'inflytande.db'}", upgrade=True,
                      PROPAGATE_EXCEPTIONS=False, SQLITE_BUSY_TIMEOUT_MS=200) as separate:
        yield separate


def test_sqlite_whose_folder_is_gone_gives_503_until_it_is_back(sqlite_app, tmp_path):
    client = sqlite_app.test_client()
    assert client.get("/").status_code == 200
    folder = tmp_path / "volume"

    shutil.move(folder, tmp_path / "elsewhere")
    try:
        with sqlite_app.app_context():
            db.engine.dispose()  # open files would still work: a new connection is needed
        assert UNAVAILABLE_SV in assert_friendly_503(client.get("/"))
        assert client.get("/api/v1/themes").status_code == 503
        assert client.get("/readyz").status_code == 503
    finally:
        shutil.move(tmp_path / "elsewhere", folder)

    assert client.get("/").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_sqlite_locked_past_the_busy_timeout_gives_503(sqlite_app, tmp_path):
    with sqlite_app.app_context():
        from tests.factories import user
        from tests.proposal_factories import proposal as make_proposal

        reference = make_proposal().reference
        person = user().get_id()
    client = sqlite_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = person
        session["_fresh"] = True

    holder = sqlite3.connect(tmp_path / "volume" / "inflytande.db")
    holder.execute("BEGIN EXCLUSIVE")  # e.g. a long restore or a stuck script
    try:
        assert_friendly_503(client.post(f"/forslag/{reference}/stod"))
    finally:
        holder.rollback()
        holder.close()

    assert client.post(f"/forslag/{reference}/stod").status_code == 302


def test_a_database_failure_after_the_view_is_a_503_too(tmp_path):
    """Failures outside the view (after the request, or in an error page) reach the
    server-error handler wrapped; they are still the friendly 503."""
    from sqlalchemy.exc import OperationalError

    with separate_app(f"sqlite:///{tmp_path / 'after.db'}", PROPAGATE_EXCEPTIONS=False) as app:
        failures = iter([OperationalError("COMMIT", {}, Exception("server closed"))])

        def fail(response):  # once: the error page's own answer passes here again
            error = next(failures, None)
            if error is not None:
                raise error
            return response

        app.after_request(fail)
        response = app.test_client().get("/healthz")

    assert UNAVAILABLE_SV in assert_friendly_503(response)


def test_a_mistake_in_a_query_stays_a_server_error(tmp_path):
    """SQLite reports a missing column with the same class as a missing file: only
    the outages are a 503, a bug is the ordinary 500 (and logged as one)."""
    with separate_app(f"sqlite:///{tmp_path / 'bug.db'}", upgrade=True,
                      PROPAGATE_EXCEPTIONS=False) as app:
        @app.route("/broken")
        def broken():
            db.session.execute(db.text("SELECT no_such_column FROM user_account"))
            return "never"

        response = app.test_client().get("/broken")

    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    assert UNAVAILABLE_SV not in response.get_data(as_text=True)
