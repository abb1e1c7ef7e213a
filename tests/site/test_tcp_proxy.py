"""The proxy that fault tests cut to make the database unreachable: forwards bytes,
closes open connections and refuses new ones while cut, and listens again on the
same port when restored; from Python and from a shell."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.tcp_proxy import TcpProxy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def echo_port() -> Iterator[int]:
    """A server that sends back what it gets."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve(connection: socket.socket) -> None:
        with connection:
            while data := connection.recv(1024):
                connection.sendall(data)

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()


def echo(port: int, text: bytes = b"hej") -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(text)
        return connection.recv(1024)


def test_cut_closes_connections_and_refuses_new_ones_until_restored(echo_port):
    with TcpProxy("127.0.0.1", echo_port) as proxy:
        assert echo(proxy.port) == b"hej"
        open_connection = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
        open_connection.sendall(b"ett")
        assert open_connection.recv(1024) == b"ett"

        proxy.cut()
        assert not proxy.is_up
        assert open_connection.recv(1024) == b""  # closed, as by a stopping server
        open_connection.close()
        with pytest.raises(ConnectionRefusedError):
            echo(proxy.port)

        port = proxy.port
        proxy.restore()
        assert proxy.port == port
        assert echo(proxy.port, b"igen") == b"igen"
        assert proxy.accepted == 3


def test_the_url_points_at_the_proxy_and_keeps_the_rest():
    proxy = TcpProxy("127.0.0.1", 5432, listen_port=6543)
    assert proxy.proxied_url("postgresql+psycopg://u:p%40ss@db.example:5432/inflytande") == (
        "postgresql+psycopg://u:p%40ss@127.0.0.1:6543/inflytande")


def test_from_a_shell_signals_cut_and_restore(echo_port):
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.tcp_proxy", "--target",
         f"127.0.0.1:{echo_port}", "--listen", "127.0.0.1:0"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("listening on 127.0.0.1:")
        port = int(line.rsplit(":", 1)[1])
        assert echo(port) == b"hej"

        process.send_signal(signal.SIGUSR1)
        deadline = time.monotonic() + 10
        while True:
            try:
                echo(port)
            except ConnectionError:  # refused, or reset while the cut happened
                break
            assert time.monotonic() < deadline, "the proxy was not cut"
            time.sleep(0.05)

        process.send_signal(signal.SIGUSR2)
        deadline = time.monotonic() + 10
        while True:
            try:
                assert echo(port, b"tillbaka") == b"tillbaka"
                break
            except ConnectionError:
                assert time.monotonic() < deadline, "the proxy was not restored"
                time.sleep(0.05)
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
        process.stdout.close()
