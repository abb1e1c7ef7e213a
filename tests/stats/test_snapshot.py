"""The shared snapshot of the usual periods: `flask stats refresh` stores
exactly what a direct count gives, the page and the API read it in one query
while it is fresh and count again when it is stale, and refreshes may run
again and at the same time."""

from __future__ import annotations

import dataclasses
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from app.api.serializers import iso
from app.core.models import utcnow
from app.extensions import db
from app.stats import snapshot
from app.stats.figures import compute
from app.stats.models import StatsSnapshot
from app.stats.period import Period, resolve, today
from tests.stats.fixtures import QUERY, build
from tests.stats.test_figures import EXPECTED, _figures

HAND_COUNTED = Period(date(2026, 1, 1), date(2026, 6, 30))


@pytest.fixture
def world(make, pf, of, df, plf):
    built = build(make, pf, of, df, plf)
    db.session.commit()
    return built


def same_figures(stored, counted) -> bool:
    """Equal in everything but when they were counted."""
    return dataclasses.replace(stored, computed_at=counted.computed_at) == counted


def refreshed():
    counted = snapshot.refresh()
    db.session.commit()
    return counted


def rows() -> dict[str, StatsSnapshot]:
    db.session.expire_all()
    return {row.key: row for row in db.session.scalars(select(StatsSnapshot))}


def age_snapshots(seconds: int) -> None:
    db.session.execute(update(StatsSnapshot).values(
        computed_at=utcnow() - timedelta(seconds=seconds)))
    db.session.commit()


def test_the_kept_periods_are_the_default_this_year_and_last_year():
    year = today().year
    assert snapshot.periods() == [resolve(None, None, None), resolve(None, None, str(year)),
                                  resolve(None, None, str(year - 1))]
    assert snapshot.periods()[1] == Period(date(year, 1, 1), date(year, 12, 31), year)


def test_a_refresh_stores_exactly_what_a_direct_count_gives(world):
    counted = refreshed()

    stored = rows()
    assert set(stored) == {snapshot.key(period) for period in snapshot.periods()}
    for stats in counted:
        row = stored[snapshot.key(stats.period)]
        assert (row.first_day, row.last_day, row.year) == (
            stats.period.first_day, stats.period.last_day, stats.period.year)
        assert row.computed_at == stats.computed_at
        from_row = snapshot.decode(stats.period, row)
        assert from_row == stats
        assert same_figures(from_row, compute(stats.period))
    assert counted[0].total.participants_total == 7  # the world is in the default period


def test_stored_figures_read_back_as_the_hand_count(world):
    snapshot.store(compute(HAND_COUNTED))
    db.session.commit()

    stats = snapshot.decode(HAND_COUNTED, rows()[snapshot.key(HAND_COUNTED)])
    got = {row.name: _figures(row.figures) for row in stats.communities}
    got["whole"] = _figures(stats.whole_municipality)
    got["total"] = _figures(stats.total)
    assert got == EXPECTED
    assert same_figures(stats, compute(HAND_COUNTED))
    assert [row.few_heard for row in stats.communities] == \
        [row.few_heard for row in compute(HAND_COUNTED).communities]


def test_a_refresh_again_replaces_the_rows_with_the_same_figures(world, make):
    first = refreshed()
    second = refreshed()

    stored = rows()
    assert len(stored) == 3
    for before, after in zip(first, second, strict=True):
        assert same_figures(after, before)
        assert stored[snapshot.key(after.period)].computed_at == after.computed_at >= \
            before.computed_at


def test_rows_of_periods_no_longer_kept_are_dropped(world):
    yesterday = Period(date(2025, 1, 1), date(2025, 12, 30))
    snapshot.store(compute(yesterday))
    db.session.commit()

    refreshed()

    assert snapshot.key(yesterday) not in rows()
    assert len(rows()) == 3


def test_older_figures_never_replace_newer_ones(world):
    period = snapshot.periods()[0]
    newer = compute(period)
    snapshot.store(newer)
    snapshot.store(dataclasses.replace(newer, computed_at=newer.computed_at - timedelta(hours=1),
                                       communities=[]))
    db.session.commit()

    row = rows()[snapshot.key(period)]
    assert row.computed_at == newer.computed_at
    assert snapshot.decode(period, row) == newer


def test_the_page_reads_a_fresh_snapshot_in_one_query(client, world, make, count_queries):
    refreshed()
    make.community("Nyby")  # after the count: not in the snapshot

    with count_queries() as with_snapshot:
        html = client.get("/statistik").get_data(as_text=True)
    assert "Nyby" not in html and "Norrby" in html
    assert "Siffrorna uppdateras var 15:e minut" in html
    with count_queries() as counting:
        assert "Nyby" in client.get(f"/statistik?{QUERY}").get_data(as_text=True)
    # The snapshot replaces the seven counting queries with one.
    assert with_snapshot.count == counting.count - 6
    with count_queries() as api:
        data = client.get("/api/v1/stats").get_json()
    assert api.count == 1
    assert "Nyby" not in [row["community"]["name"] for row in data["communities"]]
    assert data["computed_at"] == iso(rows()[snapshot.key(snapshot.periods()[0])].computed_at)


def test_this_year_and_last_year_are_read_from_the_snapshot(client, world, make):
    refreshed()
    make.community("Nyby")
    year = today().year
    for chosen in (year, year - 1):
        assert "Nyby" not in client.get(f"/statistik?year={chosen}").get_data(as_text=True)
    assert "Nyby" in client.get(f"/statistik?year={year - 2}").get_data(as_text=True)


def test_a_stale_snapshot_is_ignored(app, client, world, make):
    refreshed()
    make.community("Nyby")
    age_snapshots(app.config["STATS_SNAPSHOT_SECONDS"] + 1)

    assert "Nyby" in client.get("/statistik").get_data(as_text=True)
    assert "Nyby" in [row["community"]["name"]
                      for row in client.get("/api/v1/stats").get_json()["communities"]]


def test_the_snapshot_is_not_read_when_turned_off(app, client, world, make):
    refreshed()
    make.community("Nyby")
    app.config["STATS_SNAPSHOT_SECONDS"] = 0
    try:
        assert "Nyby" in client.get("/statistik").get_data(as_text=True)
    finally:
        app.config["STATS_SNAPSHOT_SECONDS"] = 900


def test_a_snapshot_in_an_older_shape_is_counted_again(client, world, make):
    refreshed()
    make.community("Nyby")
    db.session.execute(update(StatsSnapshot).values(figures='{"total": {}}'))
    db.session.commit()

    response = client.get("/statistik")
    assert response.status_code == 200
    assert "Nyby" in response.get_data(as_text=True)


def test_without_a_snapshot_the_page_counts(client, world):
    html = client.get("/statistik").get_data(as_text=True)
    assert "Norrby" in html
    assert "Siffrorna uppdateras" not in html  # tests count on every request


def test_the_cron_command_says_what_it_counted(app, world):
    result = app.test_cli_runner().invoke(args=["stats", "refresh"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    expected = [compute(period) for period in snapshot.periods()]
    assert lines[:3] == [
        f"{stats.period.first_day.isoformat()} – {stats.period.last_day.isoformat()}: "
        f"{stats.total.proposals} proposals, {stats.total.supports} supports, "
        f"{stats.total.participants_total} participants" for stats in expected]
    assert expected[0].total.proposals > 0
    assert lines[-1].startswith("Statistics counted for 3 periods in ")
    assert len(rows()) == 3


def test_a_refresh_on_an_empty_database(app):
    result = app.test_cli_runner().invoke(args=["stats", "refresh"])
    assert result.exit_code == 0, result.output
    assert "0 proposals, 0 supports, 0 participants" in result.output
    assert len(rows()) == 3


def _on_postgres():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the refresh's lock is PostgreSQL's")


def test_a_refresh_while_another_holds_the_lock_does_nothing(app, world):
    _on_postgres()
    with db.engine.connect() as other:
        other.execute(select(func.pg_advisory_lock(snapshot.LOCK_KEY)))
        try:
            result = app.test_cli_runner().invoke(args=["stats", "refresh"])
        finally:
            other.execute(select(func.pg_advisory_unlock(snapshot.LOCK_KEY)))
            other.commit()
    assert result.exit_code == 0, result.output
    assert result.output == "Another refresh is running; nothing done.\n"
    assert rows() == {}
    assert len(refreshed()) == 3  # the lock went with the other's transaction


def test_concurrent_refreshes_leave_one_row_per_period_with_the_right_figures(app, world):
    _on_postgres()
    start = threading.Barrier(3)
    outcomes = []

    def run():
        with app.app_context():
            start.wait()
            try:
                outcomes.append(refreshed())
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == 3
    assert any(outcome is not None for outcome in outcomes)
    stored = rows()
    assert len(stored) == 3
    for period in snapshot.periods():
        assert same_figures(snapshot.decode(period, stored[snapshot.key(period)]),
                            compute(period))
