"""The statistics of the usual periods, counted ahead by cron and shared by
every worker.

Counting a year's participants takes the database hundreds of milliseconds
at 100,000 proposals, more than the page's budget. `flask stats refresh`
(cron, every few minutes) counts the periods most people look at — the last
twelve months (the page's default), this year and last year — and stores
them in `stats_snapshot`, one row per period. The page and /api/v1/stats
read a period's row (one query by key) while it is at most
STATS_SNAPSHOT_SECONDS old; otherwise, and for every other period, they count
through the per-process cache (cache.py) as before.

A refresh is safe to run at the same time as another: on PostgreSQL the one
that does not get the advisory lock does nothing, and everywhere a row is only
replaced by figures counted later than its own (an upsert guarded by
`computed_at`), so the newest figures win whatever the order of commits.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import timedelta
from fractions import Fraction

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from app.core.models import utcnow
from app.extensions import db
from app.proposals.stats import AnswerTimes
from app.stats import cache
from app.stats.figures import CommunityFigures, GroupFigures, Statistics, compute
from app.stats.models import StatsSnapshot
from app.stats.period import Period, resolve, today

# pg_try_advisory_xact_lock key: "stats" in ASCII.
LOCK_KEY = 0x7374617473
_GROUP_FIELDS = tuple(field.name for field in fields(GroupFigures) if field.name != "answers")


def periods() -> list[Period]:
    """The periods kept counted: the default one, this year and last year."""
    this_year = today().year
    return [resolve(None, None, None), resolve(None, None, str(this_year)),
            resolve(None, None, str(this_year - 1))]


def key(period: Period) -> str:
    days = f"{period.first_day.isoformat()}/{period.last_day.isoformat()}"
    return f"{days}/{period.year}" if period.year else days


def _fraction(value: Fraction | None) -> list[int] | None:
    return None if value is None else [value.numerator, value.denominator]


def _unfraction(value: list[int] | None) -> Fraction | None:
    return None if value is None else Fraction(*value)


def _encode_group(group: GroupFigures) -> dict:
    encoded = {name: getattr(group, name) for name in _GROUP_FIELDS}
    encoded["answers"] = {"answered": group.answers.answered,
                          "within_deadline": group.answers.within_deadline,
                          "median_seconds": _fraction(group.answers.median_seconds)}
    return encoded


def _decode_group(encoded: dict) -> GroupFigures:
    answers = encoded["answers"]
    return GroupFigures(
        **{name: encoded[name] for name in _GROUP_FIELDS},
        answers=AnswerTimes(answered=answers["answered"],
                            within_deadline=answers["within_deadline"],
                            median_seconds=_unfraction(answers["median_seconds"])))


def encode(stats: Statistics) -> str:
    return json.dumps({
        "total": _encode_group(stats.total),
        "whole_municipality": _encode_group(stats.whole_municipality),
        "communities": [{"id": row.id, "name": row.name, "slug": row.slug,
                         "archived": row.archived, "few_heard": row.few_heard,
                         "figures": _encode_group(row.figures)} for row in stats.communities],
        "median_participants": _fraction(stats.median_participants),
        "few_heard_below": _fraction(stats.few_heard_below),
    }, separators=(",", ":"))


def decode(period: Period, row: StatsSnapshot) -> Statistics | None:
    """The stored figures, or None when they were stored in another shape
    (by an earlier version of the figures)."""
    try:
        data = json.loads(row.figures)
        return Statistics(
            period=period, computed_at=row.computed_at,
            total=_decode_group(data["total"]),
            whole_municipality=_decode_group(data["whole_municipality"]),
            communities=[CommunityFigures(
                id=item["id"], name=item["name"], slug=item["slug"],
                archived=item["archived"], few_heard=item["few_heard"],
                figures=_decode_group(item["figures"])) for item in data["communities"]],
            median_participants=_unfraction(data["median_participants"]),
            few_heard_below=_unfraction(data["few_heard_below"]))
    except (KeyError, TypeError, ValueError):
        return None


def read(period: Period) -> Statistics | None:
    """The stored figures of the period while fresh enough, in one query;
    None (without a query) for a period that is not kept counted."""
    max_age = current_app.config["STATS_SNAPSHOT_SECONDS"]
    if max_age <= 0 or period not in periods():
        return None
    row = db.session.scalar(
        select(StatsSnapshot).where(StatsSnapshot.key == key(period),
                                    StatsSnapshot.computed_at
                                    >= utcnow() - timedelta(seconds=max_age)))
    return decode(period, row) if row is not None else None


def statistics(period: Period) -> tuple[Statistics, int]:
    """The figures of the period, and how many seconds old they may be: from
    the snapshot when fresh, otherwise counted (and cached in this process)."""
    stored = read(period)
    if stored is not None:
        return stored, current_app.config["STATS_SNAPSHOT_SECONDS"]
    return cache.statistics(period), max(current_app.config["STATS_CACHE_SECONDS"], 0)


def store(stats: Statistics) -> None:
    """Insert or replace the period's row, unless it holds later figures."""
    period = stats.period
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(StatsSnapshot).values(
        key=key(period), first_day=period.first_day, last_day=period.last_day,
        year=period.year, computed_at=stats.computed_at, figures=encode(stats))
    new = statement.excluded
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[StatsSnapshot.key],
        set_={"first_day": new.first_day, "last_day": new.last_day, "year": new.year,
              "computed_at": new.computed_at, "figures": new.figures},
        where=StatsSnapshot.computed_at < new.computed_at))


def refresh() -> list[Statistics] | None:
    """Count and store the kept periods and drop the rows of periods no longer
    kept (yesterday's twelve months). None when another refresh holds the
    lock (PostgreSQL). The caller commits, which also releases the lock."""
    if db.session.get_bind().dialect.name == "postgresql" and \
            not db.session.scalar(select(func.pg_try_advisory_xact_lock(LOCK_KEY))):
        return None
    counted = []
    for period in periods():
        stats = compute(period)
        store(stats)
        counted.append(stats)
    db.session.execute(delete(StatsSnapshot).where(
        StatsSnapshot.key.not_in([key(stats.period) for stats in counted])))
    return counted
