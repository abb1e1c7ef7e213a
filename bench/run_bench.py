"""`make bench`: the pages at municipal scale under gunicorn, driven by wrk.

    .venv/bin/python -m bench.run_bench [--duration 10] [--connections 4] [--scale full]

Builds (or reuses) the scale database (bench/scale_db.py; SQLite in
instance/bench_scale.db, or PostgreSQL when BENCH_DATABASE_URL is set), serves
the app with gunicorn.conf.py (2 workers) and, from separate wrk processes
on loopback, loads each page for `--duration` seconds with `--connections`
keep-alive connections. The framework floor — a minimal Flask app rendering a
trivial template (bench/floor_app.py) — is measured the same way in the same
run. Prints per page the median and 95th percentile latency, requests per
second and their ratio to the floor, the size of its HTML and of its CSS and
JavaScript, and the workers' peak memory; writes the table to
bench/results/latest.md. Exits 1 when a target is missed (bench/report.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import runpy
import shutil
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import scale_db  # noqa: E402
from bench.report import PageResult, evaluate, format_table  # noqa: E402
from bench.server import Server  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WRK_SCRIPT = ROOT / "bench" / "wrk_report.lua"
SEARCH_WORD = "cykelbanor"
ASSET = re.compile(r'<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc)="([^"]+)"')


def gunicorn_shape() -> str:
    """Workers × threads as gunicorn.conf.py sets them (the benchmark asks for 2
    workers; the threads are the configuration's, or GUNICORN_THREADS)."""
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return f"2 workers × {settings['threads']} threads"


def server_env(url: str, page_cache: bool = True) -> dict[str, str]:
    """The production settings, with rate limits off: every request of the
    benchmark comes from one address, and would otherwise be limited as one
    visitor. wrk sends no cookies, so every request is a visitor's who is not
    signed in: with the page cache on (the default, as in production) the pages
    come from it; `--no-page-cache` measures rendering them, which is what a
    signed-in person's request costs."""
    env = {"DATABASE_URL": url, "INFLYTANDE_ENV": "production",
           "SECRET_KEY": "bench-" + "x" * 40, "RATELIMIT_ENABLED": "false",
           "BASE_URL": "http://127.0.0.1", "GUNICORN_WORKERS": "2"}
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    return env


def pick_pages(url: str) -> tuple[list[tuple[str, str, bool]], dict[str, int]]:
    """(label, path, fast target) for every page, chosen from the database,
    and the database's sizes."""
    from sqlalchemy import func, select

    from app.communities.models import LocalCommunity
    from app.dialogues.models import Dialogue, Meeting
    from app.extensions import db
    from app.plans.models import Action, Challenge, Commitment, Plan, ProposalActionLink
    from app.proposals.models import Proposal

    app = scale_db.make_app(url)
    with app.app_context():
        busiest = db.session.execute(
            select(Proposal.reference, Proposal.comment_count)
            .where(Proposal.status == "published")
            .order_by(Proposal.comment_count.desc()).limit(1)).one()
        community = db.session.execute(
            select(LocalCommunity.id, LocalCommunity.slug)
            .join(Proposal, Proposal.community_id == LocalCommunity.id)
            .group_by(LocalCommunity.id, LocalCommunity.slug)
            .order_by(func.count().desc()).limit(1)).one()
        dialogue_id = db.session.scalar(
            select(Dialogue.id).join(Proposal, Proposal.dialogue_id == Dialogue.id)
            .where(Dialogue.id.in_(select(Meeting.dialogue_id)))
            .group_by(Dialogue.id).order_by(func.count().desc()).limit(1))
        plan_id = db.session.scalar(
            select(Plan.id).where(Plan.registry_number.like(
                "SKALA%")).order_by(Plan.id).limit(1))
        action = db.session.execute(
            select(ProposalActionLink.action_id, func.count())
            .join(Action, Action.id == ProposalActionLink.action_id)
            .join(Commitment).join(Challenge).where(Challenge.plan_id == plan_id)
            .group_by(ProposalActionLink.action_id)
            .order_by(func.count().desc()).limit(1)).one()
        counts = scale_db.counts()
        db.session.remove()
        db.engine.dispose()
    year = datetime.now(UTC).year
    return [
        ("front page", "/", False),
        ("proposal list", "/forslag", True),
        ("proposal list, community + status",
         f"/forslag?community={community.id}&status=published", True),
        (f"proposal list, search “{SEARCH_WORD}”", f"/forslag?q={SEARCH_WORD}", True),
        (f"proposal page, {busiest.comment_count} comments", f"/forslag/{busiest.reference}",
         True),
        ("community page", f"/lokalsamhallen/{community.slug}", False),
        ("dialogue page", f"/dialoger/{dialogue_id}", False),
        ("plan page", f"/styrdokument/{plan_id}", False),
        (f"action page, {action[1]} links", f"/atgarder/{action[0]}", False),
        (f"follow-up report {year}", f"/styrdokument/{plan_id}/uppfoljning/{year}", False),
        ("statistics", "/statistik", False),
        ("API proposal list", "/api/v1/proposals", False),
    ], counts


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - loopback only
        return answer.status, answer.read()


def page_sizes(base: str, path: str, asset_cache: dict[str, int]) -> tuple[int, int]:
    """The page's HTML bytes and the bytes of the CSS and JavaScript it loads."""
    _status, body = fetch(base + path)
    assets = dict.fromkeys(ASSET.findall(body.decode("utf-8", "replace")))
    total = 0
    for asset in assets:
        target = urljoin(base + path, asset.replace("&amp;", "&"))
        if target not in asset_cache:
            asset_cache[target] = len(fetch(target)[1])
        total += asset_cache[target]
    return len(body), total


def run_wrk(url: str, duration: float, connections: int, threads: int) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--timeout", "10s",
               "-s", str(WRK_SCRIPT), url]
    output = subprocess.run(command, capture_output=True, text=True,  # noqa: S603
                            check=True).stdout
    line = next(line for line in reversed(output.splitlines()) if line.startswith("{"))
    return json.loads(line)


def measure(label: str, base: str, path: str, fast: bool, args,
            asset_cache: dict[str, int], server: Server | None = None) -> PageResult:
    """Latency with one connection at a time (what a visitor waits for, with
    no queue in front of the page), then throughput with `--connections`
    (what two workers manage when kept busy), and the workers' CPU time per
    request over the latter (steady even when other work shares the machine)."""
    status, _body = fetch(base + path)
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    url = base + path
    run_wrk(url, args.warmup, args.connections, args.threads)
    latency = run_wrk(url, args.duration, 1, 1)
    cpu_before = server.workers_cpu() if server else None
    throughput = run_wrk(url, args.duration, args.connections, args.threads)
    cpu_after = server.workers_cpu() if server else None
    errors = sum(numbers[key] for numbers in (latency, throughput)
                 for key in ("connect", "read", "write", "status", "timeout"))
    cpu_ms = None
    if cpu_before and cpu_after and cpu_before.keys() == cpu_after.keys() and \
            throughput["requests"]:
        cpu_ms = (sum(cpu_after.values()) - sum(cpu_before.values())) * 1000 / \
            throughput["requests"]
    html, assets = page_sizes(base, path, asset_cache)
    result = PageResult(label=label, url=path, p50_ms=latency["p50_us"] / 1000,
                        p95_ms=latency["p95_us"] / 1000,
                        rps=throughput["requests"] / (throughput["duration_us"] / 1e6),
                        requests=latency["requests"] + throughput["requests"], errors=errors,
                        html_bytes=html, asset_bytes=assets, fast=fast, cpu_ms=cpu_ms)
    print(f"  {label:<44} p50 {result.p50_ms:6.1f} ms  p95 {result.p95_ms:6.1f} ms  "
          f"{result.rps:6.0f} req/s  CPU {cpu_ms or 0:5.1f} ms/req", flush=True)
    return result


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{model or platform.machine()}, {os.cpu_count()} cores{memory}, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def database_label(url: str) -> str:
    if scale_db.is_sqlite(url):
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    from sqlalchemy import create_engine, text

    from app.core.database import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    with engine.connect() as connection:
        version = connection.scalar(text("SHOW server_version"))
    engine.dispose()
    return f"PostgreSQL {version}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(scale_db.PRESETS), default="full")
    parser.add_argument("--duration", type=float, default=10, help="seconds per page")
    parser.add_argument("--warmup", type=float, default=2, help="seconds per page, unmeasured")
    parser.add_argument("--connections", type=int, default=8,
                        help="connections of the throughput run (latency uses one)")
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--no-page-cache", dest="page_cache", action="store_false",
                        help="serve every request without the page cache (PAGE_CACHE_SECONDS=0)")
    parser.add_argument("--output", default=None,
                        help="default bench/results/latest.md, or latest-uncached.md "
                             "with --no-page-cache")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")

    url = scale_db.default_url(args.scale)
    scale_db.prepare(url, scale_db.PRESETS[args.scale])
    pages, counts = pick_pages(url)
    load_before = os.getloadavg()[0]
    logs = RESULTS / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    print("Framework floor (bench/floor_app.py)…", flush=True)
    floor_server = Server({}, wsgi_app="bench.floor_app:app", log_path=logs / "floor.log")
    floor_server.start()
    try:
        floor = measure("framework floor (trivial template)", floor_server.base_url, "/",
                        False, args, {}, floor_server)
    finally:
        floor_server.stop()

    print("Inflytande…", flush=True)
    server = Server(server_env(url, args.page_cache), log_path=logs / "bench.log")
    server.start()
    server.watch_memory()
    results, assets = [], {}
    try:
        for label, path, fast in pages:
            results.append(measure(label, server.base_url, path, fast, args, assets, server))
    finally:
        server.stop_watching()
        server.stop()

    cache_label = ("page cache on (the default settings: in each worker's memory)"
                   if args.page_cache else "page cache off (--no-page-cache)")
    heading = [
        f"# Benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- Machine: {machine()}; load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after (other work shares the machine).",
        f"- Database: {database_label(url)}; {counts['proposals']:,} proposals, "
        f"{counts['supports']:,} supports, {counts['comments']:,} comments, "
        f"{counts['users']:,} users, {counts['organisations']:,} organisations, "
        f"{counts['dialogues']:,} dialogues, {counts['actions']:,} actions, "
        f"{counts['links']:,} proposal links.",
        f"- Server: gunicorn with gunicorn.conf.py ({gunicorn_shape()}), production "
        f"settings, rate limits off, {cache_label}. Driver: wrk on loopback; per page "
        f"{args.warmup:g} s of warm-up, then latency over {args.duration:g} s with one "
        f"connection, then req/s over {args.duration:g} s with {args.connections} connections "
        f"({args.threads} wrk threads). CPU ms is the workers' CPU time per request in "
        f"the req/s run.",
        "- Sizes are uncompressed; CSS+JS is every stylesheet and script the page loads.",
    ]
    table = format_table(results, floor, server.peak_mb, heading, server.peak_rss_mb)
    print()
    print(table)
    output = Path(args.output or RESULTS / (
        "latest.md" if args.page_cache else "latest-uncached.md"))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(table)
    print(f"Written to {output}.")
    return 1 if evaluate(results, floor, server.peak_mb) else 0


if __name__ == "__main__":
    sys.exit(main())
