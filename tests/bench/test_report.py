"""The benchmark's targets and its table (bench/report.py)."""

from bench.report import PageResult, evaluate, format_table, page_failures

FLOOR = PageResult("floor", "/", p50_ms=1.0, p95_ms=2.0, rps=1000)


def page(**changes) -> PageResult:
    values = {"label": "plan page", "url": "/styrdokument/1", "p50_ms": 20.0, "p95_ms": 40.0,
              "rps": 300.0, "html_bytes": 20_000, "asset_bytes": 30_000}
    return PageResult(**{**values, **changes})


def test_a_page_within_every_target_passes():
    assert page_failures(page(), FLOOR) == []
    assert evaluate([page()], FLOOR, {1: 80.0, 2: 90.0}) == []


def test_each_target_is_checked():
    failures = page_failures(page(p95_ms=120.0, rps=200.0, html_bytes=70 * 1024,
                                  asset_bytes=101 * 1024, errors=3), FLOOR)
    assert len(failures) == 5
    assert "3 failed requests" in failures
    assert any(f.startswith("p95 120.0 ms > 100 ms") for f in failures)
    assert any("25% of the floor's 1000" in f for f in failures)
    assert any(f.startswith("HTML 70.0 KB > 60 KB") for f in failures)
    assert any(f.startswith("CSS+JS 101.0 KB > 100 KB") for f in failures)


def test_list_and_detail_pages_have_the_stricter_latency_target():
    assert page_failures(page(p95_ms=60.0), FLOOR) == []
    assert page_failures(page(p95_ms=60.0, fast=True), FLOOR) == ["p95 60.0 ms > 50 ms"]


def test_a_quarter_of_the_floor_is_enough():
    assert page_failures(page(rps=250.0), FLOOR) == []
    assert page_failures(page(rps=249.0), FLOOR) != []


def test_memory_over_the_limit_or_unknown_fails():
    assert evaluate([page()], FLOOR, {7: 121.0}) == ["worker 7: peak 121 MB > 120 MB"]
    assert evaluate([page()], FLOOR, {}) == ["the workers' memory could not be read"]


def test_the_table_has_a_row_per_page_the_floor_and_the_verdict():
    slow = page(label="front page", p95_ms=150.0, rps=500.0, cpu_ms=12.34)
    table = format_table([page(), slow], FLOOR, {1: 80.0}, ["# Benchmark"], {1: 95.0})
    assert table.startswith("# Benchmark\n")
    assert "| plan page | 20.0 | 40.0 | 100 | 300 | 0.30 | – | 19.5 | 29.3 | ok |" in table
    assert "| front page | 20.0 | 150.0 | 100 | 500 | 0.50 | 12.3 |" in table
    assert "| floor | 1.0 | 2.0 | – | 1000 | 1.00 | – |" in table
    assert "Peak private memory per worker (RssAnon): 80 MB" in table
    assert "VmHWM" in table and "95 MB" in table
    assert table.rstrip().endswith("- front page: p95 150.0 ms > 100 ms")
    assert "1 target(s) missed:" in table


def test_the_table_says_when_every_target_is_met():
    assert "All targets met." in format_table([page()], FLOOR, {1: 80.0}, ["# B"])
