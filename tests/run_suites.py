"""Run the test suite on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

`make test` calls this. Extra arguments are passed to pytest. The two runs share
nothing (each has its own database, its own server port for the browser tests
and its own temporary files), so they run side by side, one per core: CI waits
for the slower one instead of both in turn. Each run's output is printed whole
when it ends. Set TEST_SUITES_SERIAL=1 to run them one after the other with
live output instead.
"""

import contextlib
import os
import subprocess
import sys
import tempfile
import time

from e2e_support import chromium_path


def command(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "pytest", *args]


def run_serial(suites: list[tuple[str, dict[str, str]]], args: list[str]) -> list[int]:
    results = []
    for label, env in suites:
        print(f"\n=== Test suite on {label} ===", flush=True)
        results.append(subprocess.call(command(args), env=env))
    return results


def run_side_by_side(suites: list[tuple[str, dict[str, str]]], args: list[str]) -> list[int]:
    started = time.monotonic()
    results = []
    with contextlib.ExitStack() as stack:
        running = []
        for label, env in suites:
            log = stack.enter_context(tempfile.TemporaryFile(mode="w+", encoding="utf-8"))
            process = subprocess.Popen(command(args), env=env, stdout=log,
                                       stderr=subprocess.STDOUT)
            running.append((label, process, log))
            print(f"Started the test suite on {label}.", flush=True)
        for label, process, log in running:
            code = process.wait()
            log.seek(0)
            print(f"\n=== Test suite on {label} (exit {code}, after "
                  f"{time.monotonic() - started:.0f} s) ===", flush=True)
            sys.stdout.write(log.read())
            sys.stdout.flush()
            results.append(code)
    return results


def main() -> int:
    args = sys.argv[1:] or ["-q"]
    if chromium_path() is None:
        print("NOTE: Chromium was not found (set CHROMIUM_PATH or install the Debian package "
              "'chromium'): the browser tests in tests/e2e will be SKIPPED.", flush=True)
    base_env = dict(os.environ)
    postgres_url = base_env.pop("TEST_DATABASE_URL", "")
    suites = [("SQLite", base_env)]
    if postgres_url:
        suites.append(("PostgreSQL", {**base_env, "TEST_DATABASE_URL": postgres_url}))
    if len(suites) == 1 or os.environ.get("TEST_SUITES_SERIAL"):
        results = run_serial(suites, args)
    else:
        results = run_side_by_side(suites, args)
    if not postgres_url:
        print("\nTEST_DATABASE_URL is not set: the PostgreSQL run was skipped.", flush=True)
    # pytest exits 5 when nothing was collected: that is a failure here too.
    return next((code for code in results if code != 0), 0)


if __name__ == "__main__":
    sys.exit(main())
