"""Run the app under gunicorn with the repository's gunicorn.conf.py, as in production."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    output: str = field(default="")

    def get(self, path: str, headers: dict[str, str] | None = None,
            timeout: float = 10) -> tuple[int, bytes, dict[str, str]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read(), dict(response.getheaders())
        finally:
            connection.close()


@contextmanager
def gunicorn(database_url: str, *, workers: int = 1, startup_seconds: float = 90,
             **environment: str) -> Iterator[Server]:
    """Start gunicorn in production mode on a free port and wait until /healthz answers;
    stop it afterwards. The server's output is in `server.output` after the block."""
    port = free_port()
    env = {**os.environ, "INFLYTANDE_ENV": "production", "SECRET_KEY": "test-secret-key",
           "DATABASE_URL": database_url, "GUNICORN_BIND": f"127.0.0.1:{port}",
           "GUNICORN_WORKERS": str(workers), **environment}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    server = Server(port, process)
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            try:
                server.get("/healthz")
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError("gunicorn stopped:\n"
                                       + process.stdout.read().decode()) from None
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"gunicorn did not start in {startup_seconds} s") from None
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            server.output = process.communicate(timeout=30)[0].decode()
        except subprocess.TimeoutExpired:
            process.kill()
            server.output = process.communicate()[0].decode()
