"""A short-lived, per-process cache of the statistics of a period.

The figures of a long period take a few hundred milliseconds to count at
100,000 proposals, while they change little from minute to minute; the page
and the API therefore reuse a period's figures for STATS_CACHE_SECONDS (the
page says how old they are). Each worker process keeps its own small cache.
"""

from __future__ import annotations

import threading
import time

from flask import current_app

from app.stats.figures import Statistics, compute
from app.stats.period import Period

MAX_PERIODS = 64
_lock = threading.Lock()


def statistics(period: Period) -> Statistics:
    seconds = current_app.config["STATS_CACHE_SECONDS"]
    if seconds <= 0:
        return compute(period)
    cache: dict = current_app.extensions.setdefault("stats_cache", {})
    key = period
    now = time.monotonic()
    with _lock:
        found = cache.get(key)
    if found is not None and now - found[0] < seconds:
        return found[1]
    figures = compute(period)
    with _lock:
        cache[key] = (now, figures)
        if len(cache) > MAX_PERIODS:
            oldest = min(cache, key=lambda k: cache[k][0])
            del cache[oldest]
    return figures
