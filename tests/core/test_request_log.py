"""One log line per request, with the route as written in the code and no value
a person typed."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture
def lines(caplog):
    caplog.set_level(logging.INFO, logger="inflytande.requests")

    def read():
        return [record.getMessage() for record in caplog.records
                if record.name == "inflytande.requests"]

    return read


def test_a_request_is_one_line_with_its_route_status_duration_and_id(client, pf, lines):
    proposal = pf.proposal()
    response = client.get(f"/forslag/{proposal.reference}?q=Anna+Andersson")
    [line] = lines()
    method, route, status, duration, request_id, cache = line.split(" ")
    assert (method, route, status, cache) == ("GET", "/forslag/<reference>", "200", "-")
    assert float(duration) >= 0
    assert response.headers["X-Request-ID"] == request_id
    assert proposal.reference not in line and "Anna" not in line


def test_secrets_in_the_path_never_reach_the_log(client, lines):
    client.get("/konto/aviseringar/avsluta/hemlig-token-123")
    client.get("/finns-inte/anna@example.se")
    logged = " ".join(lines())
    assert "hemlig-token-123" not in logged and "anna@example.se" not in logged
    assert "<unmatched>" in logged


@pytest.mark.parametrize("offered, kept", [("abc-123.def_4", True), ("", False),
                                           ("x" * 65, False), ("a b", False),
                                           ("<script>", False)])
def test_a_plain_request_id_from_the_proxy_is_kept(client, lines, offered, kept):
    response = client.get("/healthz", headers={"X-Request-ID": offered})
    assert (response.headers["X-Request-ID"] == offered) is kept
    assert response.headers["X-Request-ID"] in lines()[0]
