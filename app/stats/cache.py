"""A short-lived, per-process cache of the statistics of a period.

Counting who took part means going through every support, comment, proposal
and registration of the period: for a year at 100,000 proposals (about
170,000 supports) that takes several hundred milliseconds, and for six years
seconds (see bench/bench_stats.py). The figures change little from minute to
minute, so the page and the API reuse a period's figures for
STATS_CACHE_SECONDS (the page says how often they are updated and when these
were counted). Each worker process keeps its own small cache; when several
requests ask for the same uncounted period at once, one counts and the others
wait for its result.
"""

from __future__ import annotations

import threading
import time

from flask import current_app

from app.stats.figures import Statistics, compute
from app.stats.period import Period

MAX_PERIODS = 64
_lock = threading.Lock()
_counting: dict[Period, threading.Lock] = {}


def statistics(period: Period) -> Statistics:
    seconds = current_app.config["STATS_CACHE_SECONDS"]
    if seconds <= 0:
        return compute(period)
    cache: dict = current_app.extensions.setdefault("stats_cache", {})

    def fresh() -> Statistics | None:
        found = cache.get(period)
        if found is not None and time.monotonic() - found[0] < seconds:
            return found[1]
        return None

    with _lock:
        found = fresh()
        counting = _counting.setdefault(period, threading.Lock())
    if found is not None:
        return found
    with counting:
        with _lock:
            found = fresh()
        if found is not None:
            return found
        figures = compute(period)
        with _lock:
            cache[period] = (time.monotonic(), figures)
            while len(cache) > MAX_PERIODS:
                del cache[min(cache, key=lambda key: cache[key][0])]
            _counting.pop(period, None)
    return figures
