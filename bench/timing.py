"""Timing helpers shared by the in-process benchmarks (bench_*.py)."""

from __future__ import annotations

import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def measure(client, url: str, requests: int, warm_up: int = 5) -> tuple[list[float], list[float]]:
    """Wall-clock milliseconds per request, sorted, and CPU milliseconds per
    request. The CPU time is this process's own work (SQLite included), so it
    stays comparable on a busy machine."""
    for _ in range(warm_up):
        client.get(url)
    timings, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return sorted(timings), cpu


def p95(timings: list[float]) -> float:
    """The 95th percentile of sorted timings."""
    return timings[max(int(len(timings) * 0.95) - 1, 0)]


def write_table(lines: list[str], name: str) -> None:
    """Print the table and keep it in bench/results/<name>."""
    table = "\n".join(lines)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / name).write_text(table + "\n")
