"""With RATELIMIT_STORAGE_URI pointing at Redis, every worker and every instance
counts against the same limit; without Redis each would have its own.

Needs a Redis server: TEST_REDIS_URL, by default redis://127.0.0.1:6379/15 (CI has
one). Each test uses a key prefix of its own and removes its keys afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import redis

from tests.support.apps import separate_app
from tests.support.gunicorn import gunicorn

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
LIMIT = 4


def _redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        client.close()
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); install redis-server or set "
                    "TEST_REDIS_URL to run the shared rate-limit tests")
    return client


@pytest.fixture
def redis_prefix() -> Iterator[tuple[redis.Redis, str]]:
    client = _redis_or_skip()
    prefix = f"inflytande-test-{uuid.uuid4().hex[:12]}"
    try:
        yield client, prefix
    finally:
        keys = list(client.scan_iter(match=f"*{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()


def test_the_limit_is_counted_in_redis(app, redis_prefix):
    client, prefix = redis_prefix
    with separate_app(app.config["SQLALCHEMY_DATABASE_URI"], RATELIMIT_ENABLED=True,
                      RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix,
                      API_RATE_LIMIT=f"{LIMIT} per minute") as limited:
        test_client = limited.test_client()
        statuses = [test_client.get("/api/v1/themes").status_code for _ in range(LIMIT + 2)]

    assert statuses == [200] * LIMIT + [429, 429]
    assert list(client.scan_iter(match=f"*{prefix}*")), "no counter was written to Redis"


@pytest.mark.parametrize(("storage", "allowed"), [("redis", LIMIT), ("memory", 2 * LIMIT)])
def test_two_servers_share_the_limit_only_through_redis(app, redis_prefix, storage, allowed):
    """Two gunicorn instances take turns answering one address: with Redis they
    allow LIMIT requests together; with memory each allows LIMIT of its own."""
    _client, prefix = redis_prefix
    environment = {"RATELIMIT_STORAGE_URI": REDIS_URL if storage == "redis" else "memory://",
                   "RATELIMIT_KEY_PREFIX": prefix, "API_RATE_LIMIT": f"{LIMIT} per minute",
                   "GUNICORN_THREADS": "1"}
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with gunicorn(url, **environment) as first, gunicorn(url, **environment) as second:
        statuses = [server.get("/api/v1/themes")[0]
                    for _ in range(LIMIT + 2) for server in (first, second)]

    assert statuses.count(200) == allowed
    assert statuses.count(429) == len(statuses) - allowed


def test_a_gunicorn_with_two_workers_shares_the_limit_through_redis(app, redis_prefix):
    _client, prefix = redis_prefix
    with gunicorn(app.config["SQLALCHEMY_DATABASE_URI"], workers=2,
                  RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix,
                  API_RATE_LIMIT=f"{LIMIT} per minute") as server:
        # A new connection per request, so both workers take requests.
        statuses = [server.get("/api/v1/themes")[0] for _ in range(3 * LIMIT)]

    assert statuses.count(200) == LIMIT


def test_when_redis_is_unreachable_each_worker_counts_in_memory(app):
    """A Redis that is down must not take the sign-in and the API down with it."""
    with separate_app(app.config["SQLALCHEMY_DATABASE_URI"], RATELIMIT_ENABLED=True,
                      RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
                      API_RATE_LIMIT=f"{LIMIT} per minute",
                      PROPAGATE_EXCEPTIONS=False) as limited:
        test_client = limited.test_client()
        statuses = [test_client.get("/api/v1/themes").status_code for _ in range(LIMIT + 1)]

    assert statuses == [200] * LIMIT + [429]
