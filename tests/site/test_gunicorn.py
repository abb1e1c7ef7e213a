"""The production setup runs: gunicorn with the repository's config file serves the
app built by app/wsgi.py, and its health checks answer."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, bytes, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def test_gunicorn_serves_the_app_with_the_repository_config(app):
    port = _free_port()
    env = {**os.environ, "INFLYTANDE_ENV": "production", "SECRET_KEY": "test-secret-key",
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body, headers = _get(port, "/healthz")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start in 30 s"
                time.sleep(0.2)
        assert status == 200 and b'"ok"' in body
        assert headers.get("X-Request-ID")
        status, body, _headers = _get(port, "/readyz")
        assert status == 200, body
        assert b'"current"' in body
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    # The request lines name the route, and gunicorn's own access log is off.
    assert "GET /healthz 200" in output
    assert "GET /readyz 200" in output
