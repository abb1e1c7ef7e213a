"""`make faulttest`: kill the server with SIGKILL in the middle of the load,
restart it, and check that nothing was lost or half-written.

    .venv/bin/python -m bench.faulttest [--users 50] [--duration 60] [--databases sqlite postgresql]

For each database (a small scale database built afresh: instance/bench_fault.db
on SQLite, inflytande_bench_fault on PostgreSQL, or FAULTTEST_DATABASE_URL
for PostgreSQL), the workload of bench/load.py runs against gunicorn while the
mail sender (bench/mail_loop.py) delivers the outbox to a local SMTP sink
(bench/smtp_sink.py). At 60 % of the run, the gunicorn master and all its
workers get SIGKILL at once; the server is started again a second later and
the users carry on (their sessions survive).

On PostgreSQL the app reaches the database through a TCP proxy
(tests/support/tcp_proxy.py), and before the kill (at `--outage-at` of the
duration) the proxy is cut for `--outage-seconds`: every open connection is
closed and new ones are refused, as when the database server stops. Requests
must then get the plain-language 503 page (the API its JSON error), never a
500 or a stack trace, and when the proxy is restored the same workers must
answer /readyz and serve requests again, without a restart.

Passes when, afterwards: SQLite's PRAGMA integrity_check and foreign key
check are clean; every counter equals its rows and no meeting is overbooked
(both databases); every proposal is whole (history, search entry, reference
counter); every write the app accepted is in the database and nothing else,
except writes whose answer the kill cut off, which may be either; no answer
was a 5xx; and every e-mail queued is sent exactly once — after a last run of
the sender nothing is left in the outbox, the sink got every message once and
none twice, and every accepted meeting registration has its receipt; and, on
PostgreSQL, the outage was met with 503 pages only and the app recovered by
itself (bench/checks.py outage_problems). Exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import checks, scale_db  # noqa: E402
from bench.load import run_load  # noqa: E402
from bench.loadtest import load_problems, server_env, setup_run, summary, write_problems  # noqa: E402
from bench.server import Server  # noqa: E402
from bench.smtp_sink import SmtpSink  # noqa: E402
from tests.support.tcp_proxy import TcpProxy  # noqa: E402

DEFAULT_URLS = {"sqlite": f"sqlite:///{ROOT / 'instance' / 'bench_fault.db'}",
                "postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432/"
                              "inflytande_bench_fault"}
P95_LIMIT_MS = 1e9  # latency is the load test's business; a restart is slow on purpose


def mail_env(sink: SmtpSink) -> dict[str, str]:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(sink.port), "MAIL_USE_TLS": "false",
            "MAIL_USE_SSL": "false", "MAIL_USERNAME": ""}


def drain_outbox(url: str, sink: SmtpSink | None) -> int:
    """Send every pending message (to the sink, or nowhere before the run)."""
    from app.core.mail import deliver_pending

    config = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": sink.port, "MAIL_USE_TLS": False,
              "MAIL_USE_SSL": False, "MAIL_USERNAME": ""} if sink else {}
    app = scale_db.make_app(url, **config)
    total = 0
    with app.app_context():
        while True:
            sent, _failed = deliver_pending(limit=500, transport=None if sink else
                                            (lambda email: None))
            total += sent
            if not sent:
                break
        from app.extensions import db

        db.session.remove()
        db.engine.dispose()
    return total


def mail_problems(sink: SmtpSink, first_id: int, registrations: set) -> list[str]:
    """None lost, none sent twice, every registration's receipt queued."""
    from sqlalchemy import select

    from app.accounts.models import User
    from app.core.mail import OutboxMessage, OutboxStatus
    from app.extensions import db

    rows = db.session.execute(select(OutboxMessage.id, OutboxMessage.status,
                                     OutboxMessage.recipient, OutboxMessage.kind)
                              .where(OutboxMessage.id >= first_id)).all()
    arrived = sink.outbox_ids()
    problems = checks._listed("e-mail sent more than once (outbox id, times)",
                              sorted((i, n) for i, n in arrived.items() if n > 1))
    problems += checks._listed("e-mail still not sent after the last run (id, status)",
                               [(row.id, row.status) for row in rows
                                if row.status != OutboxStatus.SENT])
    problems += checks._listed("e-mail marked sent but never arrived",
                               [row.id for row in rows if row.status == OutboxStatus.SENT
                                and row.id not in arrived])
    problems += checks._listed("e-mail arrived that the outbox does not hold as sent",
                               sorted(set(arrived) - {row.id for row in rows
                                                      if row.status == OutboxStatus.SENT}))
    emails = dict(db.session.execute(select(User.id, User.email).where(
        User.id.in_({user_id for user_id, _meeting in registrations}))).tuples().all())
    receipts = {row.recipient for row in rows
                if row.kind in ("meeting_confirmed", "meeting_waitlisted")}
    problems += checks._listed("accepted registration without its receipt (user, meeting)",
                               sorted((u, m) for u, m in registrations
                                      if emails.get(u) not in receipts))
    return problems


def first_outbox_id() -> int:
    from sqlalchemy import func, select

    from app.core.mail import OutboxMessage
    from app.extensions import db

    return (db.session.scalar(select(func.max(OutboxMessage.id))) or 0) + 1


def ready_again(base_url: str, timeout: float = 30) -> float | None:
    """When /readyz answered 200 again (time.monotonic()), or None."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(base_url + "/readyz", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return time.monotonic()
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    return None


def database_proxy(url: str, args) -> TcpProxy | None:
    """A proxy in front of PostgreSQL, to cut during the load; None on SQLite or
    with --outage-seconds 0."""
    from sqlalchemy.engine import make_url

    if scale_db.is_sqlite(url) or args.outage_seconds <= 0:
        return None
    parsed = make_url(url)
    return TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432).start()


def run_one(label: str, url: str, args) -> list[str]:
    print(f"\n=== Fault test on {label} ===", flush=True)
    scale_db.prepare(url, scale_db.SMALL)
    drain_outbox(url, None)  # what the demo data queued is not this test's business
    app = scale_db.make_app(url)
    with app.app_context():
        first_id = first_outbox_id()
    tag = f"{label[:2]}{time.strftime('%H%M%S')}"
    workload = setup_run(url, args.users, tag)
    logs = ROOT / "bench" / "results" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    events: list[str] = []
    proxy = database_proxy(url, args)
    outage: dict[str, float | None] = {}
    with SmtpSink() as sink:
        env = server_env(proxy.proxied_url(url) if proxy else url, **mail_env(sink))
        server = Server(env, log_path=logs / f"faulttest-{label}.log")
        server.start()
        # The mail sender (cron's job) reaches the database directly.
        mailer = subprocess.Popen([sys.executable, "-m", "bench.mail_loop"], cwd=ROOT,
                                  env={**os.environ, **env, "DATABASE_URL": url},
                                  stdout=open(logs / f"mail-{label}.log", "ab"),  # noqa: SIM115
                                  stderr=subprocess.STDOUT)

        def database_outage(started: float) -> None:
            time.sleep(max(args.duration * args.outage_at - (time.monotonic() - started), 0))
            workers = sorted(server.workers())
            proxy.cut()
            outage["from"] = time.monotonic()
            events.append(f"database cut off (proxy down) after "
                          f"{outage['from'] - started:.1f} s, for {args.outage_seconds:g} s")
            time.sleep(args.outage_seconds)
            proxy.restore()
            outage["to"] = time.monotonic()
            outage["ready"] = ready_again(server.base_url)
            same = sorted(server.workers()) == workers
            events.append("database back; /readyz answered 200 after "
                          + (f"{outage['ready'] - outage['to']:.1f} s" if outage["ready"]
                             else "never (30 s)")
                          + (", same gunicorn workers (no restart)" if same
                             else f", but the workers changed: {workers} -> "
                                  f"{sorted(server.workers())}"))
            if not same:
                outage["restarted"] = 1.0

        def crash(started: float) -> None:
            if proxy is not None:
                database_outage(started)
            time.sleep(max(args.duration * args.kill_at - (time.monotonic() - started), 0))
            workers = server.workers()
            server.kill()
            events.append(f"SIGKILL to gunicorn {server.process.pid} and workers {workers} "
                          f"after {time.monotonic() - started:.1f} s")
            time.sleep(1)
            restart = time.monotonic()
            server.start()
            events.append(f"restarted in {time.monotonic() - restart:.1f} s")

        started = time.monotonic()
        try:
            ledger = run_load(server.base_url, workload, args.users, args.duration,
                              tuple(args.think), args.seed, during=crash)
        finally:
            server.stop()
            mailer.terminate()
            mailer.wait(30)
            if proxy is not None:
                proxy.close()
        seconds = time.monotonic() - started
        print("\n".join(events))
        print(summary(ledger, seconds))
        last = drain_outbox(url, sink)
        print(f"The last run of the mail sender sent {last} e-mails; the sink got "
              f"{sum(sink.outbox_ids().values())} in all.")
        app = scale_db.make_app(url)
        window = (outage["from"], outage["to"]) if "to" in outage else None
        with app.app_context():
            problems = (load_problems(ledger, args.p95_ms, crash=True, outage=window)
                        + write_problems(ledger, workload) + checks.database_problems()
                        + mail_problems(sink, first_id, ledger.accepted["register"]))
            from app.extensions import db

            db.session.remove()
            db.engine.dispose()
    if proxy is not None:
        if window is None:
            problems.append("the database was not cut off")
        else:
            problems += checks.outage_problems(ledger.server_error_pages, ledger.timeline,
                                               window, outage.get("ready"))
        if outage.get("restarted"):
            problems.append("the workers were restarted during the database outage")
    if not any(event.startswith("SIGKILL") for event in events) or \
            not any(event.startswith("restarted") for event in events):
        problems.append("the server was not killed and restarted")
    after = sum(1 for kind, status, _ms in ledger.samples if status < 400)
    if not after:
        problems.append("no request succeeded")
    return [f"{label}: {problem}" for problem in problems]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--kill-at", type=float, default=0.6,
                        help="when to kill, as a share of the duration")
    parser.add_argument("--outage-at", type=float, default=0.25,
                        help="when to cut PostgreSQL off, as a share of the duration")
    parser.add_argument("--outage-seconds", type=float, default=3,
                        help="how long PostgreSQL stays unreachable (0: no outage)")
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 1.5),
                        metavar=("MIN", "MAX"))
    parser.add_argument("--databases", nargs="+", choices=sorted(DEFAULT_URLS),
                        default=sorted(DEFAULT_URLS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--p95-ms", type=float, default=P95_LIMIT_MS)
    args = parser.parse_args(argv)

    urls = {**DEFAULT_URLS}
    if os.environ.get("FAULTTEST_DATABASE_URL"):
        urls["postgresql"] = os.environ["FAULTTEST_DATABASE_URL"]
    problems = []
    for label in args.databases:
        problems += run_one(label, urls[label], args)
    if problems:
        print("\nFAULT TEST FAILED:")
        print("\n".join(f"- {problem}" for problem in problems))
        return 1
    print("\nFault test passed on " + " and ".join(args.databases) + ": after SIGKILL and a "
          "restart, the database is whole, counters equal their rows, every accepted write "
          "is kept and nothing else, and every e-mail is sent exactly once"
          + ("; while PostgreSQL was unreachable requests got the 503 page, and the app "
             "recovered by itself" if "postgresql" in args.databases and args.outage_seconds
             else "") + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
