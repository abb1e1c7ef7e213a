"""Benchmark the statistics page and /api/v1/stats at municipal scale, single process.

    .venv/bin/python bench/bench_stats.py [--requests 50] [--cold-requests 10]

Uses the database of bench/bench_proposals.py (instance/bench.db: the demo
municipality and 100,000 generated proposals with about a million supports
and 300,000 comments over six years; built once if missing), then times the
statistics of the whole municipality through the app in this one process:

- refresh: `flask stats refresh` (snapshot.refresh and its commit), which
  counts the last twelve months, this year and last year and stores them;
- snapshot: every request reads the stored figures (STATS_CACHE_SECONDS=0),
  as every worker does after a refresh, for the default period and the API;
- cold: every request counts the figures (no snapshot, STATS_CACHE_SECONDS=0),
  for the default period (the last twelve months), this calendar year and all
  six years: what a custom period, or a usual one without a fresh snapshot,
  costs;
- warm: with the per-process cache (STATS_CACHE_SECONDS=600), where a period's
  figures are counted once and reused.

Prints the median and 95th percentile latency and the median CPU time of the
process per request (steadier than wall time when other work shares the
machine), and writes the table to bench/results/stats.txt. Exits 1 when the
snapshot-served default page's 95th percentile is over the target (200 ms).
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
sys.path.insert(0, str(ROOT / "bench"))

from bench.timing import measure, p95, write_table  # noqa: E402

TARGET_MS = 200.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--cold-requests", type=int, default=10)
    parser.add_argument("--refreshes", type=int, default=3)
    parser.add_argument("--db", default=str(ROOT / "instance" / "bench.db"))
    args = parser.parse_args()

    path = Path(args.db)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("RATELIMIT_ENABLED", "false")
    from bench_proposals import build_database

    build_database(path, args.proposals)

    from sqlalchemy import func, select

    from app import create_app
    from app.extensions import db
    from app.proposals.models import Proposal, Support
    from app.stats import snapshot
    from app.stats.period import today

    def app_with(cache_seconds: int, snapshot_seconds: int = 0):
        return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                           "RATELIMIT_ENABLED": False, "PAGE_CACHE_SECONDS": 0,
                           "STATS_CACHE_SECONDS": cache_seconds,
                           "STATS_SNAPSHOT_SECONDS": snapshot_seconds})

    cold_app, warm_app = app_with(0), app_with(600)
    snapshot_app = app_with(0, snapshot_seconds=24 * 3600)
    gc.freeze()  # as app/wsgi.py does after building the app in production
    with cold_app.app_context():
        proposals = db.session.scalar(select(func.count(Proposal.id)))
        supports = db.session.scalar(select(func.count(Support.id)))
        this_year = today().year
        first = db.session.scalar(select(func.min(Proposal.created_at)))
        six_years = f"/statistik?start={first.date().isoformat()}&end={today().isoformat()}"
    refresh_wall, refresh_cpu = [], []
    with snapshot_app.app_context():
        for _ in range(args.refreshes):
            started, started_cpu = time.perf_counter(), time.process_time()
            snapshot.refresh()
            db.session.commit()
            refresh_wall.append((time.perf_counter() - started) * 1000)
            refresh_cpu.append((time.process_time() - started_cpu) * 1000)
    refresh_wall.sort()
    rows = [("refresh: flask stats refresh (3 periods)", statistics.median(refresh_wall),
             refresh_wall[-1], statistics.median(refresh_cpu), "")]
    pages = [
        ("snapshot", "default page (last 12 months)", "/statistik", snapshot_app),
        ("snapshot", f"page, year {this_year}", f"/statistik?year={this_year}", snapshot_app),
        ("snapshot", "API, default period", "/api/v1/stats", snapshot_app),
        ("cold", "default page (last 12 months)", "/statistik", cold_app),
        ("cold", f"page, year {this_year}", f"/statistik?year={this_year}", cold_app),
        ("cold", "page, all six years", six_years, cold_app),
        ("cold", "API, default period", "/api/v1/stats", cold_app),
        ("warm", "default page (last 12 months)", "/statistik", warm_app),
        ("warm", f"page, year {this_year}", f"/statistik?year={this_year}", warm_app),
        ("warm", "page, all six years", six_years, warm_app),
        ("warm", "API, default period", "/api/v1/stats", warm_app),
    ]
    failed = False
    for mode, label, url, app in pages:
        client = app.test_client()
        cold = mode == "cold"
        timings, cpu = measure(client, url, args.cold_requests if cold else args.requests,
                               warm_up=1 if cold else 2)
        slowest = p95(timings)
        verdict = ""
        if mode == "snapshot" and url == "/statistik":
            verdict = "ok" if slowest <= TARGET_MS else f"OVER {TARGET_MS:.0f} ms"
            failed |= slowest > TARGET_MS
        elif slowest > TARGET_MS:
            verdict = f"over {TARGET_MS:.0f} ms"
        rows.append((f"{mode}: {label}", statistics.median(timings), slowest,
                     statistics.median(cpu), verdict))

    lines = [
        f"Statistics of the whole municipality, {proposals} proposals and {supports} supports "
        "on SQLite, single process (Flask test client); refresh = flask stats refresh "
        f"(max of {args.refreshes} under p95), snapshot = stored figures read on every "
        f"request ({args.requests} requests), cold = counted on every request "
        f"({args.cold_requests}), warm = from the per-process cache ({args.requests})",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}, "
        f"{time.strftime('%Y-%m-%d')}",
        "",
        f"{'what':<44}{'median ms':>10}{'p95 ms':>10}{'CPU ms':>9}  target {TARGET_MS:.0f} ms",
    ]
    lines += [f"{label:<44}{p50:>10.1f}{slow:>10.1f}{cpu:>9.1f}  {verdict}"
              for label, p50, slow, cpu, verdict in rows]
    write_table(lines, "stats.txt")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
