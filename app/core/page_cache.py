"""Whole pages kept for a few seconds for visitors who are not signed in.

A public page costs 20–60 ms of CPU to render, the same for every visitor who is
not signed in. Views marked with `@cached_page` (the public pages and the open
API's lists: see `cached_endpoints()`) keep their answer and hand it to the next
such visitor who asks for the same thing, for at most `PAGE_CACHE_SECONDS`.

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
transaction that wrote to a table other than the private bookkeeping ones
(`PRIVATE_TABLES`) commits, whatever wrote it (a request of any worker, a cron
command). The next visitor's key is new, so the page is rendered again from the
committed data. The generation is kept in a small file, one per database
(beside a SQLite database, or in the instance folder), shared by every process
of the server that uses that database, and in Redis when the cache uses it
(shared by several servers). `PAGE_CACHE_SECONDS` bounds what the generation
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
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from flask import Flask, Response, current_app, g, make_response, request, session
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from app.core.i18n import locale_without_database

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
_WRITTEN_TABLE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
_DML = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)


def writes_public_data(statement: str) -> bool:
    """Whether an SQL statement may change what a public page shows: any
    statement but a read (a WITH … SELECT is one unless it holds a write),
    except writes to `PRIVATE_TABLES`."""
    head = statement.lstrip()[:10].upper()
    if head.startswith(_READS):
        return False
    if head.startswith("WITH"):
        return _DML.search(statement) is not None
    match = _WRITTEN_TABLE.match(statement)
    return not (match and match.group(1).lower() in PRIVATE_TABLES)


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


def _encode(generation: str, response: Response) -> bytes:
    headers = [(name, value) for name, value in response.headers.items()
               if name.lower() != "content-length"]
    head = json.dumps({"g": generation, "s": response.status_code, "h": headers})
    return head.encode("utf-8") + b"\n" + response.get_data()


def _decode(value: bytes) -> tuple[str, int, list, bytes]:
    head, _, body = value.partition(b"\n")
    meta = json.loads(head)
    return meta["g"], meta["s"], meta["h"], body


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
            stored_generation, status, headers, body = _decode(value)
        except (ValueError, KeyError, TypeError):
            return None
        if stored_generation != generation:
            return None
        return Response(body, status=status, headers=headers)

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

    def store(self, key: str, generation: str, response: Response) -> None:
        value = _encode(generation, response)
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


def _key() -> str:
    raw = "\n".join((request.scheme, request.host, locale_without_database(), request.path,
                     request.query_string.decode("latin-1")))
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


def cached_page(view: Callable) -> Callable:
    """Serve this public view's answer from the page cache to visitors who are
    not signed in. Put it right above the function, under @requires and any
    rate limit, so they keep applying."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any):
        cache = page_cache()
        if not cache.enabled or not _anonymous_request():
            return view(*args, **kwargs)
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
    return wrapped


def cached_endpoints(app: Flask) -> set[str]:
    return {endpoint for endpoint, view in app.view_functions.items()
            if getattr(view, "page_cached", False)}


def _watch_writes(cache: PageCache, engine) -> None:
    """Bump the generation once a transaction that wrote public data has
    committed: marked on the connection when such a statement runs, and acted
    on when the connection goes back to the pool, which is after its commit."""

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
        if writes_public_data(statement):
            info(connection)["page_cache_wrote"] = True

    @event.listens_for(engine, "commit")
    def _commit(connection):
        found = info(connection)
        if found.pop("page_cache_wrote", False):
            found["page_cache_committed"] = True

    @event.listens_for(engine, "rollback")
    def _rollback(connection):
        info(connection).pop("page_cache_wrote", None)

    @event.listens_for(engine, "checkin")
    def _checkin(dbapi_connection, connection_record):
        # A write never committed is rolled back when the connection returns.
        connection_record.info.pop("page_cache_wrote", None)
        if connection_record.info.pop("page_cache_committed", False):
            cache.bump()


def init_app(app: Flask) -> None:
    from app.extensions import db

    cache = PageCache(app)
    app.extensions["page_cache"] = cache
    with app.app_context():
        for engine in db.engines.values():
            _watch_writes(cache, engine)
