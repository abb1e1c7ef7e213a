"""The mixed workload of the load and fault tests: virtual users, each signed
in with an account of their own, who read pages, support, comment, send
proposals and sign up for meetings the way a browser does — every form is
fetched first and its csrf_token sent back, every redirect is followed.

One thread per user, one keep-alive connection per user, standard library
only. Every answer is recorded with its latency; every write is recorded as
accepted, refused, or unknown (the answer never came, as when the server is
killed), keyed so the database can be compared with it afterwards
(bench/checks.py).
"""

from __future__ import annotations

import base64
import http.client
import json
import random
import re
import threading
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

# The share of each kind of action (per cent).
MIX = (("read", 80), ("support", 10), ("comment", 5), ("propose", 2.5), ("register", 2.5))
SESSION_COOKIE = "session"
IDLE_RECONNECT_S = 4.0  # below gunicorn's keep-alive (5 s): never reuse a socket it may close
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_KEY = re.compile(r'name="submission_key"[^>]*value="([^"]+)"')


class ConnectionFailure(Exception):
    """The request got no answer (refused, reset or timed out)."""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: str
    ms: float


@dataclass
class Workload:
    """What the users pick from: pages to read and things to write to."""

    read_paths: list[str]
    supportable: list[tuple[int, str]]        # (proposal id, reference)
    commentable: list[str]                    # references
    meetings: list[tuple[int, int]]           # (dialogue id, meeting id)
    password: str
    users: list[tuple[int, str]] = field(default_factory=list)  # (user id, e-mail)


@dataclass
class Ledger:
    """Every answer and every write's outcome, shared by the users' threads."""

    samples: list[tuple[str, int, float]] = field(default_factory=list)  # kind, status, ms
    # When each answer came (time.monotonic()) and its status, in order.
    timeline: list[tuple[float, int]] = field(default_factory=list)
    # Every 5xx answer: when, kind, status and the start of its body.
    server_error_pages: list[tuple[float, str, int, str]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)        # kind, message
    accepted: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    refused: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    unknown: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def sample(self, kind: str, answer: Answer) -> None:
        now = time.monotonic()
        with self.lock:
            self.samples.append((kind, answer.status, answer.ms))
            self.timeline.append((now, answer.status))
            if answer.status >= 500:
                self.server_error_pages.append((now, kind, answer.status, answer.body[:4000]))

    def failure(self, kind: str, message: str) -> None:
        with self.lock:
            self.failures.append((kind, message))

    def outcome(self, kind: str, key, result: str) -> None:
        with self.lock:
            getattr(self, result)[kind].add(key)

    def server_errors(self) -> int:
        return sum(1 for _kind, status, _ms in self.samples if status >= 500)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95 for the 95th)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


def flashes(cookie: str | None) -> list[tuple[str, str]]:
    """The flashed (category, message) pairs in a Flask session cookie. The
    cookie is signed, not encrypted: its payload can be read without the key."""
    if not cookie:
        return []
    compressed = cookie.startswith(".")
    payload = cookie.lstrip(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if compressed:
        data = zlib.decompress(data)
    found = []
    for item in json.loads(data).get("_flashes", []):
        pair = item.get(" t") if isinstance(item, dict) else item
        found.append((pair[0], pair[1]))
    return found


def form_value(pattern: re.Pattern, html: str) -> str:
    match = pattern.search(html)
    if match is None:
        raise ValueError(f"no {pattern.pattern!r} in the page")
    return match.group(1)


def select_values(name: str, html: str) -> list[str]:
    block = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if block is None:
        return []
    return [value for value in re.findall(r'<option[^>]*value="([^"]*)"', block.group(1))
            if value]


class Browser:
    """One user's connection and cookies."""

    def __init__(self, host: str, port: int, timeout: float = 30):
        self.host, self.port, self.timeout = host, port, timeout
        self.connection: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}
        self.last_used = 0.0

    def _connect(self) -> http.client.HTTPConnection:
        if self.connection is None or time.monotonic() - self.last_used > IDLE_RECONNECT_S:
            if self.connection is not None:
                self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port,
                                                         timeout=self.timeout)
        return self.connection

    def request(self, method: str, path: str, form: dict | None = None) -> Answer:
        headers = {"Accept": "text/html", "User-Agent": "inflytande-loadtest"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = self._connect()
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            self.connection = None
            raise ConnectionFailure(f"{method} {path}: {type(error).__name__}: {error}") \
                from None
        ms = (time.perf_counter() - started) * 1000
        self.last_used = time.monotonic()
        if response.will_close:
            connection.close()
            self.connection = None
        set_cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie_name, _sep, rest = value.partition("=")
                set_cookies[cookie_name.strip()] = rest.split(";", 1)[0]
        self.cookies.update(set_cookies)
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()},
                      set_cookies, content.decode("utf-8", "replace"), ms)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


class VirtualUser(threading.Thread):
    def __init__(self, number: int, base_url: str, workload: Workload, ledger: Ledger,
                 deadline: float, think: tuple[float, float], seed: int,
                 arrive_within: float = 0.0):
        super().__init__(daemon=True, name=f"user-{number}")
        parts = urlsplit(base_url)
        self.browser = Browser(parts.hostname, parts.port)
        self.user_id, self.email = workload.users[number]
        self.workload, self.ledger = workload, ledger
        self.deadline, self.think = deadline, think
        self.arrive_within = max(arrive_within, think[1])
        self.rng = random.Random(seed * 1000 + number)
        self.supported: set[int] = set()
        self.registered: set[int] = set()
        self.signed_in = False

    # -- one step of a browser ------------------------------------------------
    def get(self, kind: str, path: str) -> Answer:
        answer = self.browser.request("GET", path)
        self.ledger.sample(kind, answer)
        return answer

    def post(self, kind: str, path: str, form: dict) -> Answer:
        answer = self.browser.request("POST", path, form)
        self.ledger.sample(kind, answer)
        return answer

    def follow(self, answer: Answer) -> None:
        location = answer.headers.get("location")
        if answer.status in (301, 302, 303) and location:
            parts = urlsplit(location)
            self.get("redirect", parts.path + (f"?{parts.query}" if parts.query else ""))

    def submit(self, kind: str, key, path: str, form: dict, accepted_when) -> None:
        """POST a form and record the write's outcome under `key`."""
        try:
            answer = self.post(kind, path, form)
        except ConnectionFailure as error:
            self.ledger.outcome(kind, key, "unknown")
            self.ledger.failure(kind, str(error))
            self.signed_in = False  # the server may have restarted: check the session
            return
        if answer.status >= 500:
            self.ledger.outcome(kind, key, "unknown")
            self.ledger.failure(kind, f"POST {path}: {answer.status}")
            return
        categories = [category for category, _message in
                      flashes(answer.cookies.get(SESSION_COOKIE))]
        self.ledger.outcome(kind, key,
                            "accepted" if accepted_when(answer, categories) else "refused")
        self.follow(answer)

    # -- actions --------------------------------------------------------------
    def sign_in(self) -> None:
        page = self.get("sign-in", "/konto/logga-in")
        if page.status == 302:  # still signed in (e.g. after the server restarted)
            self.signed_in = True
            return
        answer = self.post("sign-in", "/konto/logga-in", {
            "csrf_token": form_value(_CSRF, page.body), "email": self.email,
            "password": self.workload.password})
        if answer.status != 302:
            raise RuntimeError(f"{self.email} could not sign in: {answer.status}")
        self.follow(answer)
        self.signed_in = True

    def read(self) -> None:
        self.get("read", self.rng.choice(self.workload.read_paths))

    def support(self) -> None:
        choices = [p for p in self.rng.sample(self.workload.supportable,
                                              min(20, len(self.workload.supportable)))
                   if p[0] not in self.supported]
        if not choices:
            return self.read()
        proposal_id, reference = choices[0]
        self.supported.add(proposal_id)
        page = self.get("read", f"/forslag/{reference}")
        self.submit("support", (self.user_id, proposal_id), f"/forslag/{reference}/stod",
                    {"csrf_token": form_value(_CSRF, page.body)},
                    lambda answer, flashed: answer.status == 302 and "success" in flashed)

    def comment(self) -> None:
        reference = self.rng.choice(self.workload.commentable)
        page = self.get("read", f"/forslag/{reference}")
        key = form_value(_KEY, page.body)
        self.submit("comment", key, f"/forslag/{reference}/kommentarer",
                    {"csrf_token": form_value(_CSRF, page.body), "submission_key": key,
                     "body": self.rng.choice(COMMENTS)},
                    lambda answer, flashed: answer.status == 302)

    def propose(self) -> None:
        page = self.get("read", "/forslag/nytt")
        key = form_value(_KEY, page.body)
        communities = select_values("community", page.body)
        themes = select_values("theme", page.body)
        self.submit("propose", key, "/forslag/nytt", {
            "csrf_token": form_value(_CSRF, page.body), "submission_key": key,
            "title": self.rng.choice(TITLES), "body": self.rng.choice(BODIES),
            "community": self.rng.choice(communities), "theme": self.rng.choice(themes),
            "action": "send"}, lambda answer, flashed: answer.status == 302)

    def register(self) -> None:
        open_meetings = [m for m in self.workload.meetings if m[1] not in self.registered]
        if not open_meetings:
            return self.read()
        dialogue_id, meeting_id = self.rng.choice(open_meetings)
        self.registered.add(meeting_id)
        path = f"/dialoger/{dialogue_id}/moten/{meeting_id}/anmalan"
        page = self.get("read", path)
        self.submit("register", (self.user_id, meeting_id), path,
                    {"csrf_token": form_value(_CSRF, page.body)},
                    lambda answer, flashed: answer.status == 302)

    def run(self) -> None:
        kinds = [kind for kind, _share in MIX]
        weights = [share for _kind, share in MIX]
        # Users arrive over the first seconds (the ramp-up), not all in the
        # same instant.
        time.sleep(self.rng.uniform(0, self.arrive_within))
        while time.monotonic() < self.deadline:
            kind = self.rng.choices(kinds, weights)[0]
            try:
                if not self.signed_in:
                    self.sign_in()
                getattr(self, kind)()
            except ConnectionFailure as error:
                self.ledger.failure(kind, str(error))
                self.signed_in = False
                time.sleep(0.5)
            except (ValueError, RuntimeError) as error:
                # A page without the form it should have (an error page, say).
                self.ledger.failure(kind, str(error))
                time.sleep(0.5)
            time.sleep(self.rng.uniform(*self.think))
        self.browser.close()


def run_load(base_url: str, workload: Workload, users: int, duration: float,
             think: tuple[float, float] = (0.5, 1.5), seed: int = 1,
             during=None, ramp_up: float = 0.0) -> Ledger:
    """Run `users` virtual users for `duration` seconds, arriving at random
    within the first `ramp_up` seconds (at least the longest pause).
    `during(started)` is called in this thread while they run (the fault test
    kills the server in it)."""
    ledger = Ledger()
    deadline = time.monotonic() + duration
    threads = [VirtualUser(n, base_url, workload, ledger, deadline, think, seed, ramp_up)
               for n in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    if during is not None:
        during(started)
    for thread in threads:
        thread.join(timeout=max(deadline - time.monotonic(), 0) + 60)
    return ledger


def wait_for(base_url: str, path: str = "/healthz", timeout: float = 60) -> None:
    parts = urlsplit(base_url)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except (TimeoutError, OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base_url}{path} did not answer")


TITLES = ["Fler bänkar längs ån", "Belysning på gångvägen till skolan",
          "Ett utegym i parken", "Bättre snöröjning på cykelbanorna",
          "Sommaröppet bibliotek", "Fler papperskorgar vid badplatsen"]
BODIES = ["Det skulle göra vardagen enklare för många som bor här.",
          "På kvällarna är det mörkt och otryggt, och många har saknat det länge.",
          "Föreningarna i området kan hjälpa till med skötseln."]
COMMENTS = ["Håller med, det behövs.", "Bra förslag!", "Tänk också på dem som använder "
            "rullstol.", "Kan man göra det stegvis?"]
