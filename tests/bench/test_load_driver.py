"""The load driver's parsing and the load test's pass criteria (bench/load.py,
bench/loadtest.py): what can be checked without a server."""

import base64
import json
import zlib

import pytest

from bench.checks import outage_problems, written_problems
from bench.load import (
    _CSRF,
    _KEY,
    Answer,
    Ledger,
    flashes,
    form_value,
    percentile,
    select_values,
)
from bench.loadtest import load_problems


def cookie(data: dict, compressed: bool) -> str:
    raw = json.dumps(data).encode()
    if compressed:
        raw = zlib.compress(raw)
    payload = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return ("." if compressed else "") + payload + ".ZZZ.signature"


@pytest.mark.parametrize("compressed", [False, True])
def test_flashes_are_read_from_the_session_cookie(compressed):
    data = {"_flashes": [{" t": ["success", "Tack för ditt stöd!"]}], "_user_id": "7"}
    assert flashes(cookie(data, compressed)) == [("success", "Tack för ditt stöd!")]


def test_flashes_of_a_real_response(app, client, make, login_as):
    """The cookie the app sets holds the flash the page would show."""
    user = make.user()
    login_as(user)
    answer = client.post("/konto/logga-ut", data={})
    value = next(c.split("=", 1)[1].split(";")[0] for c in answer.headers.getlist("Set-Cookie")
                 if c.startswith("session="))
    assert [category for category, _message in flashes(value)] == ["success"]


def test_no_cookie_no_flashes():
    assert flashes(None) == [] and flashes("") == []


def test_form_fields_are_found_in_the_page():
    html = ('<form><input id="csrf_token" name="csrf_token" type="hidden" value="abc.def">'
            '<input name="submission_key" type="hidden" value="k_1">'
            '<select id="theme" name="theme"><option value="">Välj</option>'
            '<option value="3">Trafik</option><option selected value="4">Miljö</option>'
            '</select></form>')
    assert form_value(_CSRF, html) == "abc.def"
    assert form_value(_KEY, html) == "k_1"
    assert select_values("theme", html) == ["3", "4"]
    assert select_values("community", html) == []
    with pytest.raises(ValueError):
        form_value(_CSRF, "<p>Fel</p>")


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.5) == 50
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.95) == 0.0


def ledger(*samples: tuple[str, int, float], failures=()) -> Ledger:
    found = Ledger()
    for kind, status, ms in samples:
        found.sample(kind, Answer(status, {}, {}, "", ms))
    for kind, message in failures:
        found.failure(kind, message)
    return found


def test_a_clean_fast_run_passes():
    assert load_problems(ledger(*[("read", 200, 20.0)] * 99, ("support", 302, 80.0)),
                         300) == []


def test_a_5xx_fails_the_run():
    assert load_problems(ledger(("read", 200, 20.0), ("support", 500, 20.0)), 300) == [
        "1 answers were 5xx"]


def test_a_slow_95th_percentile_fails_the_run():
    problems = load_problems(ledger(*[("read", 200, 20.0)] * 90,
                                    *[("read", 200, 400.0)] * 10), 300)
    assert problems == ["95th percentile 400 ms, not under 300 ms"]


def test_unanswered_requests_fail_the_load_test_but_not_a_crash_test():
    run = ledger(("read", 200, 20.0), failures=[("read", "GET /: ConnectionRefusedError")])
    assert "1 requests got no answer" in load_problems(run, 300)[0]
    assert load_problems(run, 300, crash=True) == []


def test_no_answers_at_all_fails():
    assert "no request was answered" in load_problems(Ledger(), 300)


def test_every_accepted_write_must_be_in_the_database_and_nothing_else():
    assert written_problems("support", {(1, 2), (1, 3)}, {(1, 2), (1, 3)}) == []
    assert written_problems("support", {(1, 2)}, {(1, 2), (1, 3)}) == [
        "support accepted but not in the database: (1, 3)"]
    assert written_problems("support", {(1, 2), (9, 9)}, {(1, 2)}) == [
        "support in the database but never accepted: (9, 9)"]


def test_a_write_cut_off_by_a_crash_may_be_there_or_not():
    assert written_problems("comment", {"a", "b"}, {"a"}, unknown={"b", "c"}) == []
    # but an accepted write is never allowed to be missing
    assert written_problems("comment", {"b"}, {"a"}, unknown={"a", "b"}) == [
        "comment accepted but not in the database: a"]


FRIENDLY = "<h1>Tjänsten går inte att använda just nu</h1>"


def outage_ledger(*answers: tuple[float, int, str]) -> Ledger:
    """Answers at given times (status, body), as the fault test records them."""
    found = Ledger()
    for when, status, body in answers:
        found.samples.append(("read", status, 10.0))
        found.timeline.append((when, status))
        if status >= 500:
            found.server_error_pages.append((when, "read", status, body))
    return found


def test_a_ledger_keeps_when_and_what_each_5xx_said():
    found = ledger(("read", 200, 20.0), ("read", 503, 5.0))
    assert [status for _when, status in found.timeline] == [200, 503]
    [(_when, kind, status, body)] = found.server_error_pages
    assert (kind, status, body) == ("read", 503, "")


def test_503_pages_during_a_database_outage_pass():
    run = outage_ledger((1.0, 200, ""), (10.5, 503, FRIENDLY),
                        (11.0, 503, '{"error": {"code": "unavailable", "status": 503}}'),
                        (16.0, 200, ""))
    assert load_problems(run, 1e9, crash=True, outage=(10.0, 14.0)) == []
    assert outage_problems(run.server_error_pages, run.timeline, (10.0, 14.0),
                           recovered_at=15.0) == []
    # the same 503s outside the outage are errors
    assert load_problems(run, 1e9, crash=True) == ["2 answers were 5xx"]


def test_a_500_or_a_stack_trace_during_the_outage_fails():
    run = outage_ledger((10.5, 500, "Traceback (most recent call last): …"),
                        (11.0, 503, "<h1>Internal error</h1>"), (16.0, 200, ""))
    problems = outage_problems(run.server_error_pages, run.timeline, (10.0, 14.0), 15.0)
    assert any("not a 503" in problem for problem in problems)
    assert any("without the plain-language page" in problem for problem in problems)
    assert any("stack trace" in problem for problem in problems)
    assert load_problems(run, 1e9, crash=True, outage=(10.0, 14.0)) == ["1 answers were 5xx"]


def test_an_outage_nobody_met_or_no_recovery_fails():
    quiet = outage_ledger((1.0, 200, ""), (20.0, 200, ""))
    assert outage_problems(quiet.server_error_pages, quiet.timeline, (10.0, 14.0), 15.0) == [
        "no request met the database outage (no 503 while it was down)"]
    stuck = outage_ledger((10.5, 503, FRIENDLY), (16.0, 503, FRIENDLY))
    assert outage_problems(stuck.server_error_pages, stuck.timeline, (10.0, 14.0), None) == [
        "the app did not answer /readyz again after the database came back"]
    assert outage_problems(stuck.server_error_pages, stuck.timeline, (10.0, 14.0), 15.0) == [
        "no request succeeded after the database came back"]


def test_the_users_arrive_over_the_ramp_up():
    from bench.load import VirtualUser, Workload

    workload = Workload(read_paths=["/"], supportable=[], commentable=[], meetings=[],
                        password="x", users=[(1, "a@example.org")])

    def arrival(ramp_up: float) -> float:
        return VirtualUser(0, "http://127.0.0.1:1", workload, Ledger(), 0.0, (0.5, 1.5), 1,
                           ramp_up).arrive_within

    assert arrival(10.0) == 10.0
    assert arrival(0.0) == 1.5  # at least the longest pause, as before


def test_the_load_test_server_keeps_its_pages_in_redis_of_its_own(monkeypatch):
    from bench.loadtest import DEFAULT_REDIS_URL, server_env

    monkeypatch.delenv("LOADTEST_REDIS_URL", raising=False)
    first, second = server_env("postgresql://x/y"), server_env("postgresql://x/y")
    assert first["PAGE_CACHE_URL"] == DEFAULT_REDIS_URL
    assert first["RATELIMIT_KEY_PREFIX"] != second["RATELIMIT_KEY_PREFIX"]
    assert first["INFLYTANDE_ENV"] == "production"

    monkeypatch.setenv("LOADTEST_REDIS_URL", "none")
    assert "PAGE_CACHE_URL" not in server_env("postgresql://x/y")
