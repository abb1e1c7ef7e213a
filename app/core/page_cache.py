"""Whole pages kept for a few seconds, for visitors and for signed-in residents.

A public page costs 20–150 ms of CPU to render, the same for every visitor who
is not signed in. Views marked with `@cached_page` (the public pages and the open
API's lists: see `cached_endpoints()`) keep their answer and hand it to the next
such visitor who asks for the same thing, for at most `PAGE_CACHE_SECONDS`.
Views marked `@cached_page(signed_in=...)` share their page between signed-in
residents too, with what belongs to each person filled in on every answer (see
"pages shared by signed-in residents" below).

What is shared, and with whom:

- Only GET and HEAD, only for a request with no signed-in person (no user in
  the session, no remember-me cookie) and no session state that would change the
  page: a session holding anything but the CSRF token and bookkeeping (a flash
  message waiting to be shown, for instance) is never served from or stored in
  the cache.
- The key is the address (scheme, host, path and the whole query string, so
  filters, search and cursors each have their own entry) and the language
  (the `lang` cookie, or Swedish).
- Only a 200 answer of HTML or JSON is kept, and only when rendering it set no
  cookie, left nothing in the session but a CSRF token and wrote no CSRF token
  into the page (a token belongs to one visitor's session): such an answer is
  not the same for every visitor.
- The answer is kept as the view returned it; everything added afterwards is
  added again on every answer from the cache (security headers, Cache-Control
  `private, no-cache`, the request id, the API's CORS header). Rate limits apply
  as before: the cache is consulted inside the view, after them.

When a change shows: every key carries a generation that goes up right after a
transaction that changed public data commits, whatever wrote it (a request of
any worker, a cron command): content edited, hidden, deleted or redacted, a
status, an answer, settings — anything but writes to the private bookkeeping
tables (`PRIVATE_TABLES`) and additions. The next visitor's key is new, so the
page is rendered again from the committed data. Additions — a new proposal,
comment, support, follow or registration, a support withdrawn, counts moving —
show within `PAGE_CACHE_SECONDS` instead: when hundreds of people support and
comment at once, a generation that went up on every one of them would empty the
cache many times a second, and every page would be rendered for every reader
(`classify_write`). What concerns the person who added something is theirs on
every answer (the support panel, their registration: see below). The
generation is kept in a small file, one per database (beside a SQLite
database, or in the instance folder), shared by every process of the server
that uses that database, and in Redis when the cache uses it (shared by
several servers). `PAGE_CACHE_SECONDS` bounds what the generation
does not see: a deadline passing, a change made directly in the database.

Where pages are kept: in Redis (`PAGE_CACHE_URL`, by default the rate limits'
Redis when that is one), so the workers render a page once between them; or in
each worker's memory, at most `PAGE_CACHE_MAX_MB`, least recently used first out.
When Redis does not answer (within half a second), the worker keeps pages in its
own memory and tries Redis again after `REDIS_RETRY_SECONDS`: nothing fails.
"""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import json
import logging
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    current_app,
    g,
    has_request_context,
    make_response,
    request,
    session,
)
from markupsafe import Markup, escape
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from app.core.i18n import locale_without_database
from app.core.memo import request_memo

log = logging.getLogger("inflytande.page_cache")

# Tables whose rows no page for visitors shows: writing them does not change a
# cached page.
PRIVATE_TABLES = frozenset({"audit_entry", "outbox_message", "notification",
                            "notification_preference", "moderation_summary",
                            "accessibility_report"})
# Session keys that a page for someone not signed in does not depend on (the
# login manager marks such a session not fresh).
NEUTRAL_SESSION_KEYS = frozenset({"csrf_token", "_permanent", "_fresh"})
CACHED_MIMETYPES = frozenset({"text/html", "application/json"})
MAX_ENTRY_BYTES = 512 * 1024
# How long a request waits for another thread of its worker that is already
# rendering the same page, before rendering it itself.
FLIGHT_WAIT_SECONDS = 10
REDIS_TIMEOUT_SECONDS = 0.5
REDIS_RETRY_SECONDS = 10
STATUS_HEADER = "X-Page-Cache"

_READS = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "SHOW", "SET",
          "EXPLAIN", "COMMIT")
_DML = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)


# What a committed write does to the cached pages (see `classify_write`).
ADDITION = "addition"
CHANGE = "change"
# Bookkeeping no page shows: an UPDATE of these alone changes nothing shown,
# and with counts (`*_count`) it is an addition.
QUIET_COLUMNS = frozenset({"updated_at", "last_login_at"})
# Rows that say who takes part: deleting one (a support or a follow withdrawn)
# only moves a count.
PARTICIPATION_TABLES = frozenset({"support", "follow", "organisation_support"})
# Tables that only count (the list's facet counts, the last reference number
# given): every write to them is an addition.
COUNT_TABLES = frozenset({"proposal_tally", "reference_counter"})
_UPDATE = re.compile(r'^\s*UPDATE\s+"?(\w+)"?\s+SET\s+(.*?)(?:\s+(?:WHERE|RETURNING|FROM)\s|$)',
                     re.IGNORECASE | re.DOTALL)
_INSERT = re.compile(r'^\s*INSERT\s+(?:OR\s+(\w+)\s+)?INTO\s+"?(\w+)"?', re.IGNORECASE)
_DELETE = re.compile(r'^\s*DELETE\s+FROM\s+"?(\w+)"?', re.IGNORECASE)


def _set_columns(assignments: str) -> list[str] | None:
    """The column names of an UPDATE's SET list (split at the commas outside
    brackets and quotes), or None when it cannot be read."""
    columns, depth, quote, start = [], 0, "", 0
    for index, char in enumerate(assignments + ","):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            name, equals, _value = assignments[start:index].partition("=")
            name = name.strip().strip('"').rsplit(".", 1)[-1].strip('"')
            if not equals or not re.fullmatch(r"\w+", name):
                return None
            columns.append(name.lower())
            start = index + 1
    return columns if columns and depth == 0 and not quote else None


def classify_write(statement: str) -> str | None:
    """What an SQL statement does to what the public pages show.

    None: nothing (a read, a write to `PRIVATE_TABLES`, an UPDATE of
    `QUIET_COLUMNS` alone). ADDITION: a new
    row (a proposal, a comment, a support, a registration), a support or follow
    withdrawn, a write to `COUNT_TABLES`, or an UPDATE of counts (`*_count`) and
    `QUIET_COLUMNS` only: a
    cached page may go on without it until it expires. CHANGE: anything else
    (content edited, hidden, deleted, a status, settings), or a statement that
    cannot be read: every cached page is dropped once it commits.
    """
    head = statement.lstrip()[:10].upper()
    if head.startswith(_READS):
        return None
    if head.startswith("WITH"):
        return CHANGE if _DML.search(statement) else None
    insert, update = _INSERT.match(statement), _UPDATE.match(statement)
    delete = _DELETE.match(statement)
    if insert:
        table = insert.group(2).lower()
    elif update or delete:
        table = (update or delete).group(1).lower()
    else:
        return CHANGE
    if table in PRIVATE_TABLES:
        return None
    if table in COUNT_TABLES:
        return ADDITION
    if insert:
        replaces = (insert.group(1) or "").upper() == "REPLACE" or re.search(
            r"\bON\s+CONFLICT\b.*\bDO\s+UPDATE\b", statement, re.IGNORECASE | re.DOTALL)
        return CHANGE if replaces else ADDITION
    if delete:
        return ADDITION if table in PARTICIPATION_TABLES else CHANGE
    columns = _set_columns(update.group(2))
    if columns and all(name in QUIET_COLUMNS for name in columns):
        return None
    if columns and all(name.endswith("_count") or name in QUIET_COLUMNS for name in columns):
        return ADDITION
    return CHANGE


def writes_public_data(statement: str) -> bool:
    """Whether an SQL statement may change what a public page shows: any
    statement but a read (a WITH … SELECT is one unless it holds a write),
    except writes to `PRIVATE_TABLES`."""
    return classify_write(statement) is not None


class FileGeneration:
    """A counter in a file, shared by the processes of one server.

    Readers read the file without a lock; a writer takes a lock, writes the next
    value to a new file and renames it over the old one, so a reader sees the old
    value or the new one, never half of one. A missing file starts from the
    clock, so a counter that is removed does not give old keys again.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.lock_path = path + ".lock"

    def read(self) -> str:
        try:
            with open(self.path, "rb") as file:
                return file.read(32).decode("ascii", "replace").strip() or "0"
        except OSError:
            return "0"

    def bump(self) -> None:
        with open(self.lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                current = int(self.read())
            except ValueError:
                current = 0
            following = current + 1 if current else time.time_ns() // 1000
            temporary = f"{self.path}.{os.getpid()}.{threading.get_ident()}"
            with open(temporary, "w") as file:
                file.write(str(following))
            os.replace(temporary, self.path)


class MemoryStore:
    """Pages in this process's memory: at most `max_bytes`, least recently used
    out first. Entries of an older generation are dropped when one of a newer
    generation arrives."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[str, tuple[float, str, bytes]] = OrderedDict()
        self._generation = ""
        self._lock = threading.Lock()

    def get(self, key: str, generation: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, stored_generation, value = entry
            if stored_generation != generation or expires < time.monotonic():
                return None
            self._entries.move_to_end(key)
            return value

    def set(self, key: str, generation: str, value: bytes, seconds: int) -> None:
        cost = len(value) + len(key)
        if cost > self.max_bytes:
            return
        with self._lock:
            if generation != self._generation:
                self._entries.clear()
                self.size = 0
                self._generation = generation
            previous = self._entries.pop(key, None)
            if previous is not None:
                self.size -= len(previous[2]) + len(key)
            self._entries[key] = (time.monotonic() + seconds, generation, value)
            self.size += cost
            while self.size > self.max_bytes:
                old_key, (_expires, _generation, old_value) = self._entries.popitem(last=False)
                self.size -= len(old_value) + len(old_key)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0


class RedisStore:
    """Pages and the shared generation in Redis; `None` answers mean Redis is
    unavailable for now."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                                           socket_timeout=REDIS_TIMEOUT_SECONDS)
        self.generation_key = f"{prefix}:page-cache:generation"
        self.page_prefix = f"{prefix}:page-cache:page:"
        self._down_until = 0.0

    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, error: Exception) -> None:
        if self.available():
            log.warning("Redis for the page cache is unavailable (%s); pages are kept in "
                        "each worker's memory for now", type(error).__name__)
        self._down_until = time.monotonic() + REDIS_RETRY_SECONDS

    def lookup(self, key: str) -> tuple[str, bytes | None] | None:
        """(Redis's generation, the stored page or None), or None when Redis fails."""
        import redis

        try:
            generation, value = self.client.mget(self.generation_key, self.page_prefix + key)
        except redis.RedisError as error:
            self._failed(error)
            return None
        return (generation or b"0").decode("ascii", "replace"), value

    def set(self, key: str, value: bytes, seconds: int) -> None:
        import redis

        try:
            self.client.set(self.page_prefix + key, value, ex=seconds)
        except redis.RedisError as error:
            self._failed(error)

    def bump(self) -> None:
        import redis

        try:
            self.client.incr(self.generation_key)
        except redis.RedisError as error:
            self._failed(error)


def _encode(generation: str, response: Response, rendered_at: float = 0.0) -> bytes:
    headers = [(name, value) for name, value in response.headers.items()
               if name.lower() != "content-length"]
    head = json.dumps({"g": generation, "s": response.status_code, "h": headers,
                       "t": rendered_at})
    return head.encode("utf-8") + b"\n" + response.get_data()


def _decode(value: bytes) -> tuple[str, int, list, bytes, float]:
    head, _, body = value.partition(b"\n")
    meta = json.loads(head)
    return meta["g"], meta["s"], meta["h"], body, float(meta.get("t", 0.0))


class PageCache:
    def __init__(self, app: Flask) -> None:
        self.seconds = int(app.config.get("PAGE_CACHE_SECONDS") or 0)
        self.file_generation = FileGeneration(
            generation_path(app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path))
        self._local_generation = itertools.count(1)
        self.local_generation = 0
        self.memory = MemoryStore(int(float(app.config.get("PAGE_CACHE_MAX_MB", 8))
                                      * 1024 * 1024))
        self._flights: dict[str, threading.Event] = {}
        self._flights_lock = threading.Lock()
        url = page_cache_url(app.config)
        self.redis = (RedisStore(url, app.config.get("RATELIMIT_KEY_PREFIX") or "inflytande")
                      if url.startswith(("redis://", "rediss://", "unix://")) else None)

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    def bump(self) -> None:
        """A change to public data was committed: every key changes."""
        self.local_generation = next(self._local_generation)
        try:
            self.file_generation.bump()
        except OSError as error:
            log.warning("Could not write the page cache generation (%s)", error)
        if self.redis is not None and self.redis.available():
            self.redis.bump()

    def _generation(self, redis_generation: str | None) -> str:
        """The generation of pages kept in Redis (shared by every worker), or,
        without one, of pages kept in this worker's memory, which also counts this
        worker's own commits in case the file cannot be written."""
        if redis_generation is not None:
            return f"{self.file_generation.read()}.{redis_generation}"
        return f"{self.file_generation.read()}.{self.local_generation}.-"

    def lookup(self, key: str) -> tuple[str, Response | None]:
        """(the generation now, the stored answer when there is a current one)."""
        value = None
        if self.redis is not None and self.redis.available():
            found = self.redis.lookup(key)
            if found is not None:
                redis_generation, value = found
                generation = self._generation(redis_generation)
                return generation, self._answer(value, generation)
        generation = self._generation(None)
        return generation, self._answer(self.memory.get(key, generation), generation)

    @staticmethod
    def _answer(value: bytes | None, generation: str) -> Response | None:
        if value is None:
            return None
        try:
            stored_generation, status, headers, body, rendered_at = _decode(value)
        except (ValueError, KeyError, TypeError):
            return None
        if stored_generation != generation:
            return None
        answer = Response(body, status=status, headers=headers)
        answer.rendered_at = rendered_at
        return answer

    @contextmanager
    def flight(self, key: str) -> Iterator[bool]:
        """Render a page once per worker when several of its threads miss it at
        the same time (after a change, or when it expires): the first renders
        (True); the others wait for it (False) and then look again."""
        with self._flights_lock:
            event = self._flights.get(key)
            first = event is None
            if first:
                event = self._flights[key] = threading.Event()
        if not first:
            event.wait(FLIGHT_WAIT_SECONDS)
            yield False
            return
        try:
            yield True
        finally:
            with self._flights_lock:
                self._flights.pop(key, None)
            event.set()

    def store(self, key: str, generation: str, response: Response,
              rendered_at: float = 0.0) -> None:
        value = _encode(generation, response, rendered_at)
        if len(value) > MAX_ENTRY_BYTES:
            return
        if generation.endswith(".-"):
            self.memory.set(key, generation, value, self.seconds)
        else:
            self.redis.set(key, value, self.seconds)


def generation_path(database_url: str, instance_path: str) -> str:
    """One counter per database, so every process that writes to it (the
    workers, cron) bumps the same file and nothing else does: beside a SQLite
    database file, otherwise in the instance folder under a name made from the
    database's URL."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return os.path.abspath(url.database) + "-page-cache-generation"
    digest = hashlib.sha256(str(database_url).encode("utf-8")).hexdigest()[:12]
    return os.path.join(instance_path, f"page-cache-generation-{digest}")


def page_cache_url(config) -> str:
    configured = config.get("PAGE_CACHE_URL")
    if configured:
        return configured
    shared = str(config.get("RATELIMIT_STORAGE_URI") or "")
    return shared if shared.startswith(("redis://", "rediss://")) else "memory://"


def page_cache() -> PageCache:
    return current_app.extensions["page_cache"]


def _anonymous_request() -> bool:
    """No one signed in and nothing in the session that changes a page. Read
    from the session cookie alone: no database query."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")):
        return False
    return set(session.keys()) <= NEUTRAL_SESSION_KEYS


def _key(*extra: str) -> str:
    locale = extra[0] if extra else locale_without_database()
    raw = "\n".join((request.scheme, request.host, locale, request.path,
                     request.query_string.decode("latin-1"), *extra[1:]))
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _shareable(response: Response) -> bool:
    """A 200 of HTML or JSON that sets no cookie, left nothing in the session a
    page depends on, and holds no CSRF token. (A view may make a form whose
    token it then does not show to someone not signed in; the token stays in
    that visitor's session, and the page is still the same for everyone.)"""
    if (response.status_code != 200 or response.mimetype not in CACHED_MIMETYPES
            or response.is_streamed or "Set-Cookie" in response.headers
            or not set(session.keys()) <= NEUTRAL_SESSION_KEYS):
        return False
    token = g.get("csrf_token")
    return not token or token.encode("ascii") not in response.get_data()


# --- pages shared by signed-in residents ----------------------------------------
#
# A view may also share its page between signed-in people, when what the page
# shows them differs only in parts it marks (`@cached_page(signed_in=...)`).
# Its `signed_in` function returns what else the page depends on for this
# person (added to the key), or None when the page must be rendered for them
# alone (`resident()`: anyone but a resident whose account is not blocked).
# What the stored copy leaves out is put back on every answer:
#
# - the person's CSRF token (in every form on the page);
# - one-time keys that views make with `private_value()` (a form's submission
#   key): each answer gets new ones;
# - holes: parts rendered for the person on every answer (`page_hole(name)` in
#   a template, `register_hole(name, render)` for what fills it), such as the
#   unread notifications in the menu;
# - switches: parts with a few variants, all in the stored copy, of which each
#   answer keeps the person's (`page_switch(name, argument, *variants)`,
#   `register_switch`): the "viewer" switch gives the author of a comment or a
#   proposal their own buttons on it and everyone else the report link.
#
# Only GET and HEAD, only with nothing in the session but the sign-in, a CSRF
# token, messages waiting to be shown (a hole) and the person's recent writes
# (below), and a page is stored only when rendering it set no cookie, left
# nothing new in the session and does not hold the person's e-mail address.
# A page the person was taken to after a write of theirs is rendered for them
# again when the stored copy is older than the write (`_older_than_own_write`).

# The pages (paths) a person was taken to after adding or changing something,
# with when (seconds since the epoch): a stored copy of such a page rendered
# before that is not theirs to see. The last few, for PAGE_CACHE_SECONDS.
OWN_WRITE_KEY = "_wrote"
OWN_WRITES_KEPT = 5
# The messages waiting to be shown (`_flashes`) are a hole of every page.
SIGNED_IN_SESSION_KEYS = NEUTRAL_SESSION_KEYS | {"_user_id", "_id", "_remember",
                                                 "_remember_seconds", "_flashes",
                                                 OWN_WRITE_KEY}
_MARK = re.compile(r"<!--page-cache:(csrf|private|hole):([\w-]*)-->")
_SWITCH = re.compile(r"<!--page-cache:switch:(\w+):([\w-]*)-->(.*?)<!--page-cache:end-->",
                     re.DOTALL)
_OR = "<!--page-cache:or-->"
_holes: dict[str, Callable[[], str]] = {}
_switches: dict[str, Callable[[str], int]] = {}


def _word(value: Any) -> str:
    """A name or argument of a mark: letters, digits, _ and - only, so a mark
    can neither carry markup nor be misread."""
    text = str(value)
    if not re.fullmatch(r"[\w-]+", text):
        raise ValueError(f"not a page cache mark: {text!r}")
    return text


def register_hole(name: str, render: Callable[[], str]) -> None:
    """What fills the hole `name` for the person asking: a rendered template."""
    _holes[_word(name)] = render


def page_hole(name: str) -> Markup:
    """In a template: the part `name`, rendered for the person asking. In a page
    that is being stored for sharing, a mark that each answer fills in."""
    if g.get("page_cache_holes"):
        return Markup("<!--page-cache:hole:%s-->") % _word(name)
    # A rendered template: its variables were escaped as it was rendered.
    return Markup(_holes[name]())  # noqa: S704


def register_switch(name: str, choose: Callable[[str], int]) -> None:
    """Which variant of the switch `name` the person asking gets, from its
    argument (a string): an index into the variants."""
    _switches[_word(name)] = choose


def page_switch(name: str, argument: Any, *variants: Callable[[], str]) -> Markup:
    """In a template: one of `variants` (macros), chosen for the person asking
    by the switch `name` from `argument`. A page being stored for sharing holds
    every variant, and each answer keeps the one chosen for its person. The
    variants hold no switch of their own."""
    if g.get("page_cache_holes"):
        rendered = Markup(_OR).join(variant() for variant in variants)  # noqa: S704
        return Markup("<!--page-cache:switch:%s:%s-->%s<!--page-cache:end-->") % (
            _word(name), _word(argument), rendered)
    return Markup(variants[_switches[name](str(argument))]())  # noqa: S704 - a macro's output


def _is_the_viewer(user_id: str) -> int:
    """The switch "viewer": variant 1 for the person whose id is the argument
    (their own comment, their own proposal), variant 0 for everyone else."""
    from flask_login import current_user

    return int(current_user.is_authenticated and str(current_user.id) == user_id)


register_switch("viewer", _is_the_viewer)


def private_value(value: str) -> str:
    """A random one-time value (a form's submission key) that belongs to this
    answer alone: a shared copy gets a new one on every answer."""
    request_memo().setdefault("page_cache_private", []).append(value)
    return value


def _signed_in_request() -> bool:
    """A GET with nothing in the session but the sign-in and a CSRF token, by
    someone signed in (this loads the person)."""
    from flask_login import current_user

    return (request.method in ("GET", "HEAD")
            and set(session.keys()) <= SIGNED_IN_SESSION_KEYS
            and "_user_id" in session and current_user.is_authenticated)


def _without_private(body: str) -> str:
    """The page with the person's CSRF token and one-time values marked."""
    token = g.get("csrf_token")
    if token:
        body = body.replace(token, "<!--page-cache:csrf:-->")
    for number, value in enumerate(request_memo().get("page_cache_private", ())):
        body = body.replace(value, f"<!--page-cache:private:{number}-->")
    return body


def _names_the_person(body: str) -> bool:
    """Whether the page holds the person's e-mail address, which no shared page
    may (their name may: as the author of a proposal or a comment)."""
    from flask_login import current_user

    email = current_user.email or ""
    return bool(email) and str(escape(email)) in body


def _filled(body: str) -> str:
    """A stored page with this person's variants, token, new one-time values
    and holes."""
    if "<!--page-cache:" not in body:
        return body
    from flask_wtf.csrf import generate_csrf

    fresh: dict[str, str] = {}

    def choose(match: re.Match) -> str:
        variants = match.group(3).split(_OR)
        return variants[_switches[match.group(1)](match.group(2))]

    body = _SWITCH.sub(choose, body)

    def fill(match: re.Match) -> str:
        kind, name = match.group(1), match.group(2)
        if kind == "csrf":
            return generate_csrf()
        if kind == "private":
            return fresh.setdefault(name, secrets.token_urlsafe(24))
        return str(_holes[name]())

    return _MARK.sub(fill, body)


def _older_than_own_write(hit: Response | None) -> Response | None:
    """The stored page, unless the person was taken to this page (whatever its
    query string) after a write of theirs that committed after the page was
    rendered: then they would not see what they just added."""
    if hit is None:
        return None
    for path, written in session.get(OWN_WRITE_KEY) or ():
        if (path == request.path and isinstance(written, (int, float))
                and hit.rendered_at <= written):
            return None
    return hit


def _serve_signed_in(cache: PageCache, key: str, render: Callable[[], Any]) -> Response:
    generation, hit = cache.lookup(key)
    hit = _older_than_own_write(hit)
    if hit is None:
        with cache.flight(key) as first:
            if not first:
                generation, hit = cache.lookup(key)
                hit = _older_than_own_write(hit)
            if hit is None:
                rendered_at = time.time()
                g.page_cache_holes = True
                try:
                    response = make_response(render())
                finally:
                    g.page_cache_holes = False
                if response.is_streamed or response.mimetype not in CACHED_MIMETYPES:
                    return response
                body = _without_private(response.get_data(as_text=True))
                if (response.status_code == 200 and "Set-Cookie" not in response.headers
                        and set(session.keys()) <= SIGNED_IN_SESSION_KEYS
                        and not _names_the_person(body)):
                    response.set_data(body)
                    cache.store(key, generation, response, rendered_at)
                response.set_data(_filled(body))
                response.headers[STATUS_HEADER] = "miss"
                return response
    hit.set_data(_filled(hit.get_data(as_text=True)))
    hit.headers[STATUS_HEADER] = "hit"
    return hit


def cached_page(view: Callable | None = None, *,
                signed_in: Callable[..., tuple | None] | None = None) -> Callable:
    """Serve this public view's answer from the page cache to visitors who are
    not signed in, and with `signed_in`, to signed-in people too (see above):
    `signed_in(**view_arguments)` says what the page depends on for the person
    asking, or None to render it for them alone. Put it right above the
    function, under @requires and any rate limit, so they keep applying."""
    if view is None:
        return lambda view: cached_page(view, signed_in=signed_in)

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any):
        cache = page_cache()
        if not cache.enabled:
            return view(*args, **kwargs)
        if not _anonymous_request():
            if signed_in is None or not _signed_in_request():
                return view(*args, **kwargs)
            from flask_babel import get_locale

            extra = signed_in(**kwargs)
            if extra is None:
                return view(*args, **kwargs)
            key = _key(str(get_locale()), "signed-in", *(str(part) for part in extra))
            return _serve_signed_in(cache, key, lambda: view(*args, **kwargs))
        key = _key()
        generation, hit = cache.lookup(key)
        if hit is None:
            with cache.flight(key) as first:
                if not first:
                    generation, hit = cache.lookup(key)
                if hit is None:
                    response = make_response(view(*args, **kwargs))
                    if _shareable(response):
                        cache.store(key, generation, response)
                    response.headers[STATUS_HEADER] = "miss"
                    return response
        hit.headers[STATUS_HEADER] = "hit"
        return hit

    wrapped.page_cached = True
    wrapped.page_cached_signed_in = signed_in is not None
    return wrapped


def resident(**_view_arguments: Any) -> tuple | None:
    """`signed_in` for a page that is the same for every resident whose account
    is not blocked; people with other roles get their own render."""
    from flask_login import current_user

    from app.core.permissions import Role, is_blocked

    if current_user.role != Role.RESIDENT.value or is_blocked(current_user):
        return None
    return ("resident",)


def cached_endpoints(app: Flask) -> set[str]:
    return {endpoint for endpoint, view in app.view_functions.items()
            if getattr(view, "page_cached", False)}


def _watch_writes(cache: PageCache, engine) -> None:
    """Bump the generation once a transaction that changed public data
    (`classify_write`: a CHANGE, not an addition) has committed: marked on the
    connection when such a statement runs, and acted on when the connection
    goes back to the pool, which is after its commit."""

    def info(connection) -> dict:
        # A connection the database dropped has no info to keep (and reading it
        # would raise): it is discarded, and its transaction with it.
        if connection.invalidated:
            return {}
        try:
            return connection.info
        except SQLAlchemyError:
            return {}

    @event.listens_for(engine, "after_cursor_execute")
    def _statement(connection, cursor, statement, parameters, context, executemany):
        kind = classify_write(statement)
        if kind is not None:
            info(connection)["page_cache_added"] = True
        if kind == CHANGE:
            info(connection)["page_cache_wrote"] = True

    @event.listens_for(engine, "commit")
    def _commit(connection):
        found = info(connection)
        if found.pop("page_cache_wrote", False):
            found["page_cache_committed"] = True
        if found.pop("page_cache_added", False) and has_request_context():
            g.page_cache_own_write = True

    @event.listens_for(engine, "rollback")
    def _rollback(connection):
        info(connection).pop("page_cache_wrote", None)
        info(connection).pop("page_cache_added", None)

    @event.listens_for(engine, "checkin")
    def _checkin(dbapi_connection, connection_record):
        # A write never committed is rolled back when the connection returns.
        connection_record.info.pop("page_cache_wrote", None)
        connection_record.info.pop("page_cache_added", None)
        if connection_record.info.pop("page_cache_committed", False):
            cache.bump()


def init_app(app: Flask) -> None:
    from app.extensions import db

    cache = PageCache(app)
    app.extensions["page_cache"] = cache
    with app.app_context():
        for engine in db.engines.values():
            _watch_writes(cache, engine)

    @app.after_request
    def _remember_own_write(response: Response) -> Response:
        """A request that committed public data and sends its person on to a
        page of this site notes that page in their session, so no copy of it
        stored before the write is served to them (`_older_than_own_write`)."""
        if not (cache.enabled and g.pop("page_cache_own_write", False)
                and response.status_code in (301, 302, 303, 307, 308)):
            return response
        target = urlsplit(response.headers.get("Location", ""))
        if target.netloc and target.netloc != request.host:
            return response
        now = round(time.time(), 3)
        kept = [entry for entry in session.get(OWN_WRITE_KEY) or ()
                if isinstance(entry, (list, tuple)) and len(entry) == 2
                and isinstance(entry[1], (int, float)) and now - entry[1] < cache.seconds]
        path = target.path or "/"
        kept = [entry for entry in kept if entry[0] != path] + [[path, now]]
        session[OWN_WRITE_KEY] = kept[-OWN_WRITES_KEPT:]
        return response
