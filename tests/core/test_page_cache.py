"""The shared page cache for visitors who are not signed in (app/core/page_cache.py):
what it shares, with whom, and that a committed change shows at once."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date

import pytest
import redis
from flask import Response, session
from flask_wtf.csrf import generate_csrf

from app.core import page_cache as pc
from app.core.page_cache import PageCache, cached_endpoints, writes_public_data
from app.extensions import db
from tests.factories import PASSWORD
from tests.proposals.test_submit import _form
from tests.support.apps import separate_app

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

PUBLIC_ENDPOINTS = {
    "site.index", "proposals.index", "proposals.show", "communities.index",
    "communities.show", "dialogues.index", "dialogues.show", "plans.index", "plans.show",
    "plans.action", "reports.followup_choose", "reports.followup", "stats.statistics",
    "organisations.index", "organisations.community_directory", "organisations.show",
    "groups.index", "groups.community_index", "groups.show", "api.open_data", "api.index",
    "api.communities", "api.themes", "api.proposals", "api.proposal", "api.dialogues",
    "api.dialogue", "api.plans", "api.plan", "api.action", "api.stats",
}


@pytest.fixture
def cache(app) -> Iterator[PageCache]:
    """The session app's cache, switched on for the test."""
    cache = app.extensions["page_cache"]
    cache.seconds = 60
    cache.memory.clear()
    try:
        yield cache
    finally:
        cache.seconds = 0
        cache.memory.clear()


def anonymous(app):
    return app.test_client()


def status(response) -> str | None:
    return response.headers.get(pc.STATUS_HEADER)


def test_only_the_public_pages_and_the_api_are_cached(app):
    assert cached_endpoints(app) == PUBLIC_ENDPOINTS


def test_a_second_visitor_gets_the_page_from_the_cache(app, cache, pf):
    proposal = pf.proposal(title="Fler bänkar i parken")
    first = anonymous(app).get("/forslag")
    second = anonymous(app).get("/forslag")

    assert (status(first), status(second)) == ("miss", "hit")
    assert second.status_code == 200
    assert second.get_data() == first.get_data()
    assert proposal.title in second.get_data(as_text=True)
    assert second.mimetype == "text/html"


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_every_public_page_can_be_shared(app, cache, csrf_on, make, pf, df, plf):
    """No public page holds a form token for visitors, with CSRF protection on as
    in production (pages that make a form they do not show are still shared)."""
    community = make.community()
    proposal = pf.proposal(community=community)
    pf.comment(proposal)
    dialogue = df.dialogue()
    df.meeting(dialogue)
    plan = plf.plan()
    action = plf.action(plf.commitment(plan))
    paths = ["/", "/forslag", f"/forslag?community={community.id}&status=published",
             "/forslag?q=parken", f"/forslag/{proposal.reference}", "/lokalsamhallen",
             f"/lokalsamhallen/{community.slug}", "/dialoger", "/styrdokument", "/statistik",
             "/organisationer", "/utvecklingsgrupper", "/oppna-data", "/api/v1/proposals",
             f"/api/v1/proposals/{proposal.reference}", "/api/v1/themes",
             f"/dialoger/{dialogue.id}", f"/styrdokument/{plan.id}", f"/atgarder/{action.id}",
             f"/styrdokument/{plan.id}/uppfoljning/{date.today().year}"]
    for path in paths:
        first = anonymous(app).get(path)
        assert first.status_code == 200, path
        assert 'name="csrf_token"' not in first.get_data(as_text=True), path
        assert status(first) == "miss", path
        second = anonymous(app).get(path)
        assert status(second) == "hit", path
        assert "Set-Cookie" not in second.headers, path


def test_answers_from_the_cache_keep_their_headers(app, cache, pf):
    pf.proposal()
    anonymous(app).get("/forslag")
    hit = anonymous(app).get("/forslag")

    assert status(hit) == "hit"
    assert hit.headers["Cache-Control"] == "private, no-cache"
    assert "default-src 'self'" in hit.headers["Content-Security-Policy"]
    assert hit.headers["X-Content-Type-Options"] == "nosniff"
    assert hit.headers["X-Request-ID"]
    assert "Set-Cookie" not in hit.headers
    api = anonymous(app).get("/api/v1/proposals")
    api_hit = anonymous(app).get("/api/v1/proposals")
    assert status(api_hit) == "hit"
    assert api_hit.is_json and api_hit.get_json() == api.get_json()
    assert api_hit.headers["Access-Control-Allow-Origin"] == "*"


def test_head_is_answered_from_the_cache(app, cache, pf):
    pf.proposal()
    anonymous(app).get("/forslag")
    head = anonymous(app).head("/forslag")
    assert head.status_code == 200
    assert status(head) == "hit"
    assert head.get_data() == b""


def test_each_query_string_has_its_own_entry(app, cache, pf):
    pf.proposal(title="Cykelbanor längs ån")
    pf.proposal(title="Belysning vid skolan")
    anonymous(app).get("/forslag?q=cykelbanor")
    other = anonymous(app).get("/forslag?q=belysning")

    assert status(other) == "miss"
    assert "Belysning vid skolan" in other.get_data(as_text=True)
    assert "Cykelbanor längs ån" not in other.get_data(as_text=True)


# --- a committed change shows at once ---------------------------------------------


def test_a_new_proposal_shows_at_once(app, cache, make, pf, login_as, participation):
    participation(premoderation=False)
    community, theme = make.community(), pf.theme()
    assert "Fler cykelbanor i centrum" not in anonymous(app).get("/forslag").get_data(
        as_text=True)
    assert status(anonymous(app).get("/forslag")) == "hit"

    response = login_as(make.user()).post("/forslag/nytt", data=_form(community, theme))
    assert response.status_code == 302

    after = anonymous(app).get("/forslag")
    assert status(after) == "miss"
    assert "Fler cykelbanor i centrum" in after.get_data(as_text=True)


def later(monkeypatch, seconds: float) -> None:
    """Move the cache's clock on, as if `seconds` had passed."""
    moved = pc.time.monotonic() + seconds
    monkeypatch.setattr(pc.time, "monotonic", lambda: moved)


def test_a_new_comment_and_a_support_show_when_the_page_expires(app, cache, make, pf,
                                                                 login_as, monkeypatch):
    """Additions do not empty the cache: under many supports and comments at
    once it would be emptied many times a second. They show to other people
    when the page expires, and at once to the person who made them."""
    proposal = pf.proposal()
    path = f"/forslag/{proposal.reference}"
    api_path = f"/api/v1/proposals/{proposal.reference}"
    supporters = anonymous(app).get(api_path).get_json()["support_count"]
    anonymous(app).get(path)
    assert status(anonymous(app).get(path)) == "hit"
    person = login_as(make.user())

    assert person.post(f"{path}/kommentarer", data={
        "body": "Det här vill jag se i vår", "submission_key": uuid.uuid4().hex,
        "acting_as": ""}).status_code == 302
    assert person.post(f"{path}/stod").status_code == 302
    own = person.get(path)
    assert status(own) == "miss"  # the stored copy is older than what they added
    assert "Det här vill jag se i vår" in own.get_data(as_text=True)
    assert "Du stöder det här förslaget." in own.get_data(as_text=True)

    before = anonymous(app).get(path)
    assert status(before) == "hit"
    assert "Det här vill jag se i vår" not in before.get_data(as_text=True)
    assert anonymous(app).get(api_path).get_json()["support_count"] == supporters

    later(monkeypatch, cache.seconds + 1)
    after = anonymous(app).get(path)
    assert status(after) == "miss"
    assert "Det här vill jag se i vår" in after.get_data(as_text=True)
    assert anonymous(app).get(api_path).get_json()["support_count"] == supporters + 1


def test_a_status_change_shows_at_once(app, cache, pf, login_as, moderator):
    proposal = pf.proposal()
    path = f"/forslag/{proposal.reference}"
    anonymous(app).get(path)
    assert status(anonymous(app).get(path)) == "hit"

    response = login_as(moderator).post(f"{path}/status", data={
        "status": "answered", "decision": "accepted", "reason": "Vi bygger bänkarna i vår"})
    assert response.status_code == 302

    after = anonymous(app).get(path)
    assert status(after) == "miss"
    assert "Vi bygger bänkarna i vår" in after.get_data(as_text=True)
    assert anonymous(app).get(f"/api/v1/proposals/{proposal.reference}").get_json()[
        "status"] == "answered"


def test_a_change_made_outside_a_request_shows_too(app, cache, pf):
    """A cron command or the shell: any committed write to public data."""
    proposal = pf.proposal(title="Före")
    path = f"/forslag/{proposal.reference}"
    anonymous(app).get(path)

    proposal.title = "Efter ändringen"
    db.session.commit()

    assert "Efter ändringen" in anonymous(app).get(path).get_data(as_text=True)


def test_a_rolled_back_write_changes_nothing(app, cache, pf):
    proposal = pf.proposal()
    anonymous(app).get("/forslag")
    proposal.title = "Aldrig sparad"
    db.session.flush()
    db.session.rollback()
    assert status(anonymous(app).get("/forslag")) == "hit"


def test_private_bookkeeping_does_not_empty_the_cache(app, cache, pf, make):
    from app.core.notifications import Notification

    pf.proposal()
    user = make.user()
    anonymous(app).get("/forslag")
    columns = {column.name for column in Notification.__table__.columns}
    assert "user_id" in columns
    db.session.execute(Notification.__table__.delete().where(
        Notification.__table__.c.user_id == user.id))
    db.session.commit()
    assert status(anonymous(app).get("/forslag")) == "hit"


@pytest.mark.parametrize(("statement", "public"), [
    ("SELECT * FROM proposal", False),
    ("  select 1", False),
    ("PRAGMA foreign_keys = ON", False),
    ("SAVEPOINT sa_savepoint_1", False),
    ("INSERT INTO proposal (title) VALUES (?)", True),
    ('UPDATE "proposal" SET title=%(title)s', True),
    ("DELETE FROM support WHERE id = 1", True),
    ("INSERT OR IGNORE INTO proposal_fts VALUES (?)", True),
    ("INSERT INTO outbox_message (recipient) VALUES (?)", False),
    ("UPDATE notification SET read_at = ?", False),
    ('INSERT INTO "audit_entry" (action) VALUES (?)', False),
    ("WITH moved AS (UPDATE proposal SET x = 1 RETURNING id) SELECT 1", True),
    ("WITH answers AS (SELECT updated_at, deleted_at FROM proposal) SELECT 1", False),
    ("TRUNCATE audit_entry", True),
])
def test_which_statements_count_as_public_writes(statement, public):
    assert writes_public_data(statement) is public


@pytest.mark.parametrize(("statement", "kind"), [
    ("SELECT * FROM proposal", None),
    ("UPDATE notification SET read_at = ?", None),
    ("INSERT INTO support (proposal_id, user_id) VALUES (?, ?)", pc.ADDITION),
    ("INSERT INTO comment (body) VALUES (%(body)s)", pc.ADDITION),
    ("DELETE FROM support WHERE support.id = ?", pc.ADDITION),
    ("DELETE FROM follow WHERE follow.id = ?", pc.ADDITION),
    ("UPDATE proposal SET support_count=(proposal.support_count + %(support_count_1)s::INTEGER)"
     " WHERE proposal.id = %(id_1)s::INTEGER", pc.ADDITION),
    ("UPDATE meeting SET registered_count=?, updated_at=? WHERE meeting.id = ?", pc.ADDITION),
    ('UPDATE "user_account" SET "last_login_at"=? WHERE user_account.id = ?', None),
    ("UPDATE proposal SET title=?, support_count=? WHERE proposal.id = ?", pc.CHANGE),
    ("UPDATE proposal SET status=%(status)s WHERE proposal.id = %(id)s", pc.CHANGE),
    ("UPDATE comment SET hidden_at=?, hidden_reason=? WHERE comment.id = ?", pc.CHANGE),
    ("UPDATE proposal SET title='a, b = c', comment_count=1", pc.CHANGE),
    ("UPDATE proposal SET comment_count=(1", pc.CHANGE),  # unreadable: a change
    ("DELETE FROM comment WHERE comment.id = ?", pc.CHANGE),
    ("INSERT OR REPLACE INTO proposal_fts VALUES (?)", pc.CHANGE),
    ("INSERT INTO stats_snapshot (period) VALUES (?) ON CONFLICT (period) DO UPDATE SET x = 1",
     pc.CHANGE),
    ("INSERT INTO stats_snapshot (period) VALUES (?) ON CONFLICT DO NOTHING", pc.ADDITION),
    ("UPDATE reference_counter SET last_value=(reference_counter.last_value + ?)", pc.ADDITION),
    ("INSERT INTO proposal_tally (status, count) VALUES (?, ?) ON CONFLICT (status) DO UPDATE "
     "SET count = proposal_tally.count + 1", pc.ADDITION),
    ("TRUNCATE proposal", pc.CHANGE),
])
def test_which_writes_are_additions(statement, kind):
    assert pc.classify_write(statement) == kind


# --- who is never served from, or stored in, the cache ----------------------------


def test_signed_in_people_never_get_the_visitors_page(app, cache, make, pf, login_as):
    pf.proposal()
    anonymous(app).get("/forslag")
    assert status(anonymous(app).get("/forslag")) == "hit"

    page = login_as(make.user()).get("/forslag")

    assert status(page) == "miss"  # the residents' copy, not the visitors'
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "/konto/logga-ut" in page.get_data(as_text=True)


def test_signed_in_pages_never_reach_visitors(app, cache, make, pf, login_as):
    pf.proposal()
    login_as(make.user()).get("/forslag")
    login_as(make.user()).get("/")

    for path in ("/forslag", "/"):
        page = anonymous(app).get(path)
        assert status(page) == "miss"
        assert "/konto/logga-ut" not in page.get_data(as_text=True)
        assert "/konto/logga-in" in page.get_data(as_text=True)


def test_a_remember_me_cookie_bypasses_the_cache(app, cache, pf):
    pf.proposal()
    anonymous(app).get("/forslag")
    visitor = anonymous(app)
    visitor.set_cookie("remember_token", "1|whatever")
    assert status(visitor.get("/forslag")) is None


def test_signing_in_for_real_and_out_again(app, cache, make, pf):
    """A whole visit: a page, signing in, the same page, signing out."""
    make.user(email="anna@example.org")
    pf.proposal()
    anonymous(app).get("/forslag")
    visitor = anonymous(app)
    assert status(visitor.get("/forslag")) == "hit"
    visitor.post("/konto/logga-in", data={"email": "anna@example.org", "password": PASSWORD})
    signed_in = visitor.get("/forslag")
    assert status(signed_in) == "miss"  # the residents' copy, never the visitors'
    assert "/konto/logga-ut" in signed_in.get_data(as_text=True)
    visitor.post("/konto/logga-ut")
    assert "/konto/logga-ut" not in visitor.get("/forslag").get_data(as_text=True)


def test_a_flash_message_is_shown_once_and_never_cached(app, cache, pf):
    pf.proposal()
    anonymous(app).get("/forslag")
    visitor = anonymous(app)
    with visitor.session_transaction() as state:
        state["_flashes"] = [("success", "Tack för ditt meddelande")]

    page = visitor.get("/forslag")
    assert status(page) is None
    assert "Tack för ditt meddelande" in page.get_data(as_text=True)
    for reader in (visitor, anonymous(app)):
        again = reader.get("/forslag")
        assert status(again) == "hit"
        assert "Tack för ditt meddelande" not in again.get_data(as_text=True)


def test_the_language_is_part_of_the_key(app, cache, pf):
    pf.proposal()
    swedish = anonymous(app).get("/forslag")
    english_visitor = anonymous(app)
    english_visitor.set_cookie("lang", "en")
    english = english_visitor.get("/forslag")

    assert status(english) == "miss"
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert '<html lang="sv">' in swedish.get_data(as_text=True)
    assert '<html lang="sv">' in anonymous(app).get("/forslag").get_data(as_text=True)
    unknown = anonymous(app)
    unknown.set_cookie("lang", "xx")
    page = unknown.get("/forslag")  # an unknown language is Swedish, and gets the same page
    assert status(page) == "hit"
    assert '<html lang="sv">' in page.get_data(as_text=True)


def test_a_visitor_can_switch_language_without_a_session(app, cache, pf):
    """The language switch has no form token for visitors, so the page can be
    shared; choosing a language still works, and sets nothing but the cookie."""
    pf.proposal()
    visitor = anonymous(app)
    html = visitor.get("/forslag").get_data(as_text=True)
    assert 'name="csrf_token"' not in html
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = visitor.post("/sprak", data={"language": "en", "next": "/forslag"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 302
    assert visitor.get_cookie("lang").value == "en"
    assert visitor.get_cookie("session") is None
    assert '<html lang="en">' in visitor.get("/forslag").get_data(as_text=True)


def test_a_signed_in_person_still_needs_the_token_to_switch(app, make, login_as):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        person = login_as(make.user())
        assert 'name="csrf_token"' in person.get("/").get_data(as_text=True)
        assert person.post("/sprak", data={"language": "en"}).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def _shareable_in(app, prepare) -> bool:
    with app.test_request_context("/forslag"):
        response = Response("<p>sida</p>", mimetype="text/html")
        prepare(response)
        return pc._shareable(response)


def test_what_may_be_stored(app):
    assert _shareable_in(app, lambda response: None)
    assert _shareable_in(app, lambda response: generate_csrf())  # made, not shown
    assert not _shareable_in(app, lambda response: response.set_data(
        f'<input name="csrf_token" value="{generate_csrf()}">'))
    assert not _shareable_in(app, lambda response: response.set_cookie("x", "1"))
    assert not _shareable_in(app, lambda response: session.update(note="1"))
    assert not _shareable_in(app, lambda response: setattr(response, "status_code", 404))
    assert not _shareable_in(app, lambda response: setattr(response, "mimetype", "text/csv"))


def test_errors_are_not_stored(app, cache):
    for _ in range(2):
        missing = anonymous(app).get("/forslag/F-2020-9999")
        assert missing.status_code == 404
        assert status(missing) is None
    for _ in range(2):
        bad = anonymous(app).get("/api/v1/proposals?limit=nonsense")
        assert bad.status_code == 400
        assert status(bad) != "hit"


def test_posts_are_never_cached(app, cache, pf):
    proposal = pf.proposal()
    response = anonymous(app).post(f"/forslag/{proposal.reference}/stod")
    assert status(response) is None


def test_switched_off_with_zero_seconds(app, pf):
    pf.proposal()
    assert status(anonymous(app).get("/forslag")) is None


# --- storage ---------------------------------------------------------------------


def test_workers_share_the_generation_through_the_instance_folder(app, tmp_path):
    """Each worker keeps pages in its own memory; a commit in one makes the
    others' pages old too."""
    path = str(tmp_path / "generation")
    first, second = pc.FileGeneration(path), pc.FileGeneration(path)
    before = second.read()
    first.bump()
    after = second.read()
    assert after != before
    first.bump()
    assert int(second.read()) == int(after) + 1


def test_the_memory_store_is_bounded(app):
    store = pc.MemoryStore(max_bytes=10_000)
    for number in range(50):
        store.set(f"key{number}", "g1", b"x" * 1000, 60)
    assert store.size <= 10_000
    assert store.get("key49", "g1") is not None
    assert store.get("key0", "g1") is None
    assert store.get("key49", "g2") is None
    store.set("new", "g2", b"y", 60)
    assert store.get("key49", "g1") is None  # a newer generation drops the old pages


def test_a_page_too_big_for_the_cache_is_just_served(app, cache, pf, monkeypatch):
    monkeypatch.setattr(pc, "MAX_ENTRY_BYTES", 100)
    pf.proposal()
    anonymous(app).get("/forslag")
    assert status(anonymous(app).get("/forslag")) == "miss"


def test_redis_that_does_not_answer_falls_back_to_memory(app, pf):
    pf.proposal(title="Sparad i minnet")
    with separate_app(app.config["SQLALCHEMY_DATABASE_URI"], PAGE_CACHE_SECONDS=60,
                      PAGE_CACHE_URL="redis://127.0.0.1:1/0") as other:
        visitor = other.test_client()
        first = visitor.get("/forslag")
        second = visitor.get("/forslag")
    assert first.status_code == second.status_code == 200
    assert (status(first), status(second)) == ("miss", "hit")
    assert "Sparad i minnet" in second.get_data(as_text=True)


@pytest.fixture
def redis_prefix() -> Iterator[tuple[redis.Redis, str]]:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        client.close()
        pytest.skip(f"no Redis at {REDIS_URL} ({error})")
    prefix = f"inflytande-test-{uuid.uuid4().hex[:12]}"
    try:
        yield client, prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()


def test_servers_share_pages_and_changes_through_redis(app, pf, redis_prefix):
    client, prefix = redis_prefix
    proposal = pf.proposal(title="Delad sida")
    model, proposal_id = type(proposal), proposal.id
    settings = {"PAGE_CACHE_SECONDS": 60, "PAGE_CACHE_URL": REDIS_URL,
                "RATELIMIT_KEY_PREFIX": prefix}
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with separate_app(url, **settings) as one, separate_app(url, **settings) as two:
        assert status(one.test_client().get("/forslag")) == "miss"
        assert status(two.test_client().get("/forslag")) == "hit"
        assert list(client.scan_iter(match=f"{prefix}:page-cache:page:*"))

        with two.app_context():
            changed = db.session.get(model, proposal_id)
            changed.title = "Ändrad på den andra servern"
            db.session.commit()
        page = one.test_client().get("/forslag")
        assert status(page) == "miss"
        assert "Ändrad på den andra servern" in page.get_data(as_text=True)
        assert int(client.get(f"{prefix}:page-cache:generation")) >= 1


def test_the_api_rate_limit_still_counts_cached_answers(app, pf):
    pf.proposal()
    with separate_app(app.config["SQLALCHEMY_DATABASE_URI"], PAGE_CACHE_SECONDS=60,
                      RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute") as limited:
        visitor = limited.test_client()
        statuses = [visitor.get("/api/v1/themes").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_each_database_has_its_own_generation(tmp_path):
    sqlite = pc.generation_path(f"sqlite:///{tmp_path}/site.db", "/srv/instance")
    assert sqlite == f"{tmp_path}/site.db-page-cache-generation"
    one = pc.generation_path("postgresql+psycopg://u@h/one", "/srv/instance")
    two = pc.generation_path("postgresql+psycopg://u@h/two", "/srv/instance")
    assert one.startswith("/srv/instance/page-cache-generation-") and one != two
    assert pc.generation_path("sqlite://", "/srv/instance").startswith("/srv/instance/")


def test_threads_that_miss_the_same_page_render_it_once(app):
    """The first renders; the others wait for it and then read it from the cache."""
    import threading

    cache = app.extensions["page_cache"]
    order: list[str] = []

    def follower():
        with cache.flight("k") as first:
            order.append(f"follower first={first}")

    with cache.flight("k") as first:
        assert first
        other = threading.Thread(target=follower)
        other.start()
        other.join(0.3)
        assert other.is_alive()  # waiting for the first
        order.append("first done")
    other.join(5)
    assert order == ["first done", "follower first=False"]
    with cache.flight("k") as again:
        assert again  # nothing in flight any more


def test_answers_from_the_cache_do_not_count_toward_recycling_a_worker():
    """gunicorn.conf.py restarts a worker after ~5,000 requests; hits render
    nothing, so they are taken off its count."""
    import runpy
    from pathlib import Path
    from types import SimpleNamespace

    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    worker = SimpleNamespace(nr=10)
    config["post_request"](worker, None, {}, SimpleNamespace(headers=[
        ("Content-Type", "text/html"), (pc.STATUS_HEADER, "hit")]))
    assert worker.nr == 9
    config["post_request"](worker, None, {}, SimpleNamespace(headers=[
        (pc.STATUS_HEADER, "miss")]))
    config["post_request"](worker, None, {}, None)
    assert worker.nr == 9
