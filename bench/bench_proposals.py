"""Benchmark the proposal pages at municipal scale, single process.

    .venv/bin/python bench/bench_proposals.py [--proposals 100000] [--requests 200]

Builds (once) a SQLite database with the demo municipality plus
`flask demo scale --proposals N`, then times the list page (default and
filtered by community and status), search, detail and community pages through
the app in this one process, and prints median and 95th percentile latency.
Writes the table to bench/results/proposals.txt. Exits 1 when a page's 95th
percentile is over its target (50 ms).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import measure, p95, write_table  # noqa: E402

TARGET_MS = 50.0


def build_database(path: Path, proposals: int) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from app import create_app
    from app.demo.cli import load_demo
    from app.demo.scale import generate
    from app.extensions import db
    from app.proposals.models import Proposal

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade()
        if load_demo():
            db.session.commit()
        have = db.session.scalar(select(func.count(Proposal.id)))
        if have < proposals:
            print(f"Generating {proposals - have} proposals (once)…", flush=True)
            started = time.monotonic()
            generate(proposals - have)
            print(f"…done in {time.monotonic() - started:.0f} s", flush=True)
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--db", default=str(ROOT / "instance" / "bench.db"))
    args = parser.parse_args()

    path = Path(args.db)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("RATELIMIT_ENABLED", "false")
    build_database(path, args.proposals)

    from sqlalchemy import select

    from app import create_app
    from app.communities.models import LocalCommunity
    from app.extensions import db
    from app.proposals.models import Proposal

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "RATELIMIT_ENABLED": False,
                      "PAGE_CACHE_SECONDS": 0})
    gc.freeze()  # as app/wsgi.py does after building the app in production
    with app.app_context():
        community = db.session.scalars(select(LocalCommunity).order_by(LocalCommunity.id)).first()
        busiest = db.session.scalars(select(Proposal).where(Proposal.status == "published")
                                     .order_by(Proposal.comment_count.desc())).first()
        total = db.session.scalar(select(db.func.count(Proposal.id)))
    pages = [
        ("list, default", "/forslag"),
        ("list, community + status",
         f"/forslag?community={community.id}&status=published"),
        ("list, sorted by supports", "/forslag?sort=supports"),
        ("search", "/forslag?q=cykelbanor"),
        ("detail", f"/forslag/{busiest.reference}"),
        ("community page", f"/lokalsamhallen/{community.slug}"),
    ]
    client = app.test_client()
    rows = []
    failed = False
    for label, url in pages:
        timings, _cpu = measure(client, url, args.requests)
        slowest = p95(timings)
        ok = slowest <= TARGET_MS
        failed |= not ok
        rows.append((label, statistics.median(timings), slowest,
                     "ok" if ok else f"OVER {TARGET_MS:.0f} ms"))

    lines = [
        f"Proposal pages, {total} proposals on SQLite, {args.requests} requests each, "
        "single process (Flask test client)",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}",
        "",
        f"{'page':<28}{'median ms':>10}{'p95 ms':>10}  target {TARGET_MS:.0f} ms",
    ]
    lines += [f"{label:<28}{p50:>10.1f}{slow:>10.1f}  {verdict}"
              for label, p50, slow, verdict in rows]
    write_table(lines, "proposals.txt")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
