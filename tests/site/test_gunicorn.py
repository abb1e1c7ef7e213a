"""The production setup runs: gunicorn with the repository's config file serves the
app built by app/wsgi.py, and its health checks answer."""

from __future__ import annotations

from tests.support.gunicorn import gunicorn


def test_gunicorn_serves_the_app_with_the_repository_config(app):
    with gunicorn(app.config["SQLALCHEMY_DATABASE_URI"]) as server:
        status, body, headers = server.get("/healthz")
        assert status == 200 and b'"ok"' in body
        assert headers.get("X-Request-ID")
        status, body, _headers = server.get("/readyz")
        assert status == 200, body
        assert b'"current"' in body
    # The request lines name the route, and gunicorn's own access log is off.
    assert "GET /healthz 200" in server.output
    assert "GET /readyz 200" in server.output
