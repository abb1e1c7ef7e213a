"""Run the test suite on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set.

`make test` calls this. Extra arguments are passed to pytest.
"""

import os
import subprocess
import sys

from e2e_support import chromium_path


def run(label: str, env: dict[str, str], args: list[str]) -> int:
    print(f"\n=== Test suite on {label} ===", flush=True)
    return subprocess.call([sys.executable, "-m", "pytest", *args], env=env)


def main() -> int:
    args = sys.argv[1:] or ["-q"]
    if chromium_path() is None:
        print("NOTE: Chromium was not found (set CHROMIUM_PATH or install the Debian package "
              "'chromium'): the browser tests in tests/e2e will be SKIPPED.", flush=True)
    base_env = dict(os.environ)
    postgres_url = base_env.pop("TEST_DATABASE_URL", "")
    results = [run("SQLite", base_env, args)]
    if postgres_url:
        results.append(run("PostgreSQL", {**base_env, "TEST_DATABASE_URL": postgres_url}, args))
    else:
        print("\nTEST_DATABASE_URL is not set: the PostgreSQL run was skipped.", flush=True)
    # pytest exits 5 when nothing was collected: that is a failure here too.
    return next((code for code in results if code != 0), 0)


if __name__ == "__main__":
    sys.exit(main())
