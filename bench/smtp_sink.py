"""A tiny SMTP server for the fault test: it accepts every message and
remembers its Message-ID, so the test can tell whether an e-mail from the
outbox arrived once, twice or never. Plain SMTP on loopback, no TLS, no
authentication; enough of RFC 5321 for smtplib."""

from __future__ import annotations

import re
import socketserver
import threading
from collections import Counter

_MESSAGE_ID = re.compile(rb"^Message-ID:\s*<([^>]+)>", re.I | re.M)


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self.reply("220 sink ready")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.strip().split(b" ", 1)[0].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self.reply("250 OK")
            elif verb == b"DATA":
                self.reply("354 go ahead")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data)
                match = _MESSAGE_ID.search(b"".join(lines))
                self.server.sink.received(match.group(1).decode() if match else "")
                self.reply("250 queued")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    def __init__(self):
        self.message_ids: list[str] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.sink = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def received(self, message_id: str) -> None:
        with self._lock:
            self.message_ids.append(message_id)

    def outbox_ids(self) -> Counter:
        """How often each outbox message arrived (its Message-ID holds `outbox-<id>`)."""
        with self._lock:
            found = [re.search(r"outbox-(\d+)", mid) for mid in self.message_ids]
        return Counter(int(match.group(1)) for match in found if match)

    def __enter__(self) -> SmtpSink:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
