"""A TCP proxy that can be cut and restored: "stop the database" for one app only.

Tests and fault scripts point an app at PostgreSQL through this proxy and cut it
to make the database unreachable for that app, without stopping the server that
other test runs share. Cutting closes every open connection (as a server that
stops does) and stops listening, so new connections are refused; restoring
listens again on the same port.

In a test or a script:

    from tests.support.tcp_proxy import TcpProxy

    with TcpProxy("127.0.0.1", 5432) as proxy:
        url = proxy.proxied_url("postgresql+psycopg://postgres@127.0.0.1:5432/db")
        ...                      # start the app with DATABASE_URL=url
        with proxy.down():       # or proxy.cut() ... proxy.restore()
            ...                  # requests now fail with the 503 page

From a shell (SIGUSR1 cuts, SIGUSR2 restores, SIGTERM or Ctrl-C ends it):

    python -m tests.support.tcp_proxy --target 127.0.0.1:5432 --listen 127.0.0.1:6543
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import socket
import threading
from collections.abc import Iterator

_CHUNK = 65536


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, listen_host: str = "127.0.0.1",
                 listen_port: int = 0) -> None:
        self.target = (target_host, target_port)
        self.listen_host = listen_host
        self.port = listen_port
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self.accepted = 0  # connections accepted since start, for tests and reports

    # -- state -------------------------------------------------------------

    @property
    def is_up(self) -> bool:
        return self._listener is not None

    def start(self) -> TcpProxy:
        """Listen (on a free port unless one was given) and forward connections."""
        with self._lock:
            if self._listener is not None:
                return self
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((self.listen_host, self.port))
            listener.listen(64)
            self.port = listener.getsockname()[1]
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True,
                         name=f"tcp-proxy-accept-{self.port}").start()
        return self

    def cut(self) -> None:
        """Close every forwarded connection and refuse new ones."""
        with self._lock:
            listener, self._listener = self._listener, None
            connections, self._connections = self._connections, set()
        if listener is not None:
            _close(listener)
        for connection in connections:
            _close(connection)

    def restore(self) -> None:
        """Listen again on the same port."""
        self.start()

    def close(self) -> None:
        self.cut()

    @contextlib.contextmanager
    def down(self) -> Iterator[None]:
        """`with proxy.down(): ...`: the database is unreachable inside the block."""
        self.cut()
        try:
            yield
        finally:
            self.restore()

    def proxied_url(self, database_url: str) -> str:
        """The same database URL with the host and port of this proxy."""
        from sqlalchemy.engine import make_url

        url = make_url(database_url).set(host=self.listen_host, port=self.port)
        return url.render_as_string(hide_password=False)

    def __enter__(self) -> TcpProxy:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- forwarding ----------------------------------------------------------

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:  # the listener was closed by cut()
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self._lock:
                if self._listener is not listener:  # cut while connecting
                    _close(client)
                    _close(upstream)
                    continue
                self._connections.update((client, upstream))
                self.accepted += 1
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(_CHUNK):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._connections.discard(source)
                self._connections.discard(sink)
            _close(source)
            _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", required=True, help="host:port to forward to")
    parser.add_argument("--listen", default="127.0.0.1:0", help="host:port to listen on")
    args = parser.parse_args()
    listen_host, listen_port = _address(args.listen)
    proxy = TcpProxy(*_address(args.target), listen_host=listen_host,
                     listen_port=listen_port).start()
    signal.signal(signal.SIGUSR1, lambda *_: proxy.cut())
    signal.signal(signal.SIGUSR2, lambda *_: proxy.restore())
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"listening on {listen_host}:{proxy.port}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    proxy.close()


if __name__ == "__main__":
    main()
