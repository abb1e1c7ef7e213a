"""The API driven from its own OpenAPI document with schemathesis: for every
operation, generated requests never get a 500 and every answer matches the
document (status, content type, JSON schema)."""

from __future__ import annotations

import contextvars

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from app.stats.period import PeriodError, resolve
from tests.api.helpers import build_world

EXAMPLES = 20


@pytest.fixture
def schema(app):
    def isolated(environ, start_response):
        # Each request in an empty context, like a real request (see IsolatedClient).
        return contextvars.Context().run(app, environ, start_response)

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", isolated)


def _operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


def test_the_document_describes_every_api_route(app, schema):
    documented = {operation.path for operation in _operations(schema)}
    routes = {rule.rule.replace("<", "{").replace(">", "}").replace("int:", "")
              for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("api.") and rule.endpoint not in
              ("api.openapi", "api.open_data")}
    assert routes == documented


def _refused_period(case) -> bool:
    """A period the document cannot rule out but the API rightly refuses with a
    400: a year together with dates, a first day after the last, a day outside
    2000–2100."""
    if case.operation.path != "/api/v1/stats":
        return False
    query = {key: str(value) for key, value in (case.query or {}).items()}
    try:
        resolve(query.get("start"), query.get("end"), query.get("year"))
    except PeriodError:
        return True
    return False


def test_generated_requests_get_documented_answers(make, pf, df, plf, schema):
    build_world(make, pf, df, plf)
    for operation in _operations(schema):
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            # A cursor is opaque: the document cannot say which strings are real
            # cursors, so a made-up one is rightly refused although it "matches".
            made_up_cursor = "cursor" in (case.query or {})
            case.call_and_validate(
                excluded_checks=[positive_data_acceptance]
                if made_up_cursor or _refused_period(case) else None)

        run()


def test_invalid_requests_get_documented_errors_never_a_500(make, pf, df, plf, schema):
    build_world(make, pf, df, plf)
    with_parameters = [operation for operation in _operations(schema)
                       if operation.definition.raw.get("parameters")]
    assert len(with_parameters) == 8
    for operation in with_parameters:
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(GenerationMode.NEGATIVE))
        def run(case):
            # Some requests outside the document are still fine to answer (an
            # extra parameter, a longer id); what matters is a documented answer.
            case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                           response_schema_conformance])

        run()


def test_real_items_match_the_document(make, pf, df, plf, schema):
    world = build_world(make, pf, df, plf)
    ids = {"reference": world.proposal.reference, "dialogue_id": world.dialogue.id,
           "plan_id": world.plan.id, "action_id": world.action.id}
    for operation in _operations(schema):
        path_parameters = {name: ids[name] for name in ids if "{" + name + "}" in
                           operation.path}
        response = operation.Case(path_parameters=path_parameters).call_and_validate()
        assert response.status_code == 200, operation.path
