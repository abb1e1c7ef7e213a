"""Build, or reuse when it is already big enough, the database the benchmark,
load and fault tests run against: the demo municipality plus `flask demo
scale` (app/demo/scale.py), on SQLite or PostgreSQL.

A database is only ever emptied when its name says it belongs to these tests
(it contains "bench"), so pointing BENCH_DATABASE_URL at a real database by
mistake cannot wipe it.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app.core.database import normalise_database_url
from app.demo.scale import ScaleSizes

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "instance" / "bench_scale.db"
PG_ADMIN_DB = "postgres"

FULL = ScaleSizes()
# Small enough to build in seconds, for CI and quick runs; still with the
# proposal of 200 comments and a plan of 100 actions.
SMALL = replace(FULL, proposals=2_000, users=600, organisations=40, dialogues=20, plans=1,
                actions_per_plan=100, links=600)
PRESETS = {"full": FULL, "small": SMALL}


def default_url(preset: str) -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    path = DEFAULT_SQLITE if preset == "full" else DEFAULT_SQLITE.with_name(
        f"bench_{preset}.db")
    return f"sqlite:///{path}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _check_disposable(url: str) -> None:
    name = make_url(url).database or ""
    if "bench" not in Path(name).name:
        raise SystemExit(f"Refusing to empty the database {name!r}: give the benchmark a "
                         "database of its own whose name contains 'bench', e.g. "
                         "inflytande_bench_scale.")


def _ensure_postgres_database(url: str) -> bool:
    """Create the PostgreSQL database when it does not exist; True when created."""
    parsed = make_url(url)
    admin = create_engine(parsed.set(database=PG_ADMIN_DB), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": parsed.database})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    return not exists


def reset(url: str) -> None:
    """Remove everything: the file on SQLite, the public schema on PostgreSQL
    (creating the database first when it does not exist)."""
    _check_disposable(url)
    if is_sqlite(url):
        path = make_url(url).database
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return
    url = normalise_database_url(url)
    if _ensure_postgres_database(url):
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def counts() -> dict[str, int]:
    """The sizes that matter to the benchmark, read in the app context."""
    from app.accounts.models import User
    from app.dialogues.models import Dialogue
    from app.extensions import db
    from app.organisations.models import Organisation
    from app.plans.models import Action, ProposalActionLink
    from app.proposals.models import Comment, Proposal, Support

    def count(column) -> int:
        return db.session.scalar(select(func.count(column))) or 0

    return {"proposals": count(Proposal.id), "supports": count(Support.id),
            "comments": count(Comment.id), "users": count(User.id),
            "organisations": count(Organisation.id), "dialogues": count(Dialogue.id),
            "actions": count(Action.id), "links": count(ProposalActionLink.id),
            "busiest_comments": db.session.scalar(select(func.max(Proposal.comment_count)))
            or 0}


def big_enough(have: dict[str, int], sizes: ScaleSizes) -> bool:
    """Whether a database already holds (about) what `sizes` would write; the
    random supports and comments come out within a few per cent of the mean."""
    want = {"proposals": sizes.proposals,
            "supports": 0.9 * sizes.proposals * sizes.supports_per_proposal,
            "comments": 0.9 * sizes.proposals * sizes.comments_per_proposal,
            "users": sizes.users, "organisations": sizes.organisations,
            "dialogues": sizes.dialogues, "actions": sizes.plans * sizes.actions_per_plan,
            "links": sizes.links, "busiest_comments": sizes.busiest_comments}
    return all(have.get(key, 0) >= value for key, value in want.items())


def make_app(url: str, **config):
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, **config})


def prepare(url: str, sizes: ScaleSizes, fresh: bool = False, log=print) -> dict[str, int]:
    """Make sure the database at `url` holds the demo municipality and `sizes`
    of scale data, at the migrations' head. Returns its counts."""
    from flask_migrate import upgrade

    from app.demo.cli import load_demo
    from app.demo.scale import generate_municipality
    from app.extensions import db

    if fresh:
        reset(url)
    elif not is_sqlite(url):
        _ensure_postgres_database(normalise_database_url(url))
    app = make_app(url)
    with app.app_context():
        upgrade()
        have = counts()
        if big_enough(have, sizes):
            log(f"Reusing the scale database ({have['proposals']} proposals).")
            db.session.remove()
            db.engine.dispose()
            return have
        if have["proposals"]:
            log("The database is smaller than asked for: building it again.")
            db.session.remove()
            db.engine.dispose()
            return prepare(url, sizes, fresh=True, log=log)
        if load_demo():
            db.session.commit()
        log(f"Building the scale database ({sizes.proposals} proposals)…")
        started = time.monotonic()
        generate_municipality(sizes)
        log(f"…built in {time.monotonic() - started:.0f} s.")
        have = counts()
        db.session.remove()
        db.engine.dispose()
        return have
