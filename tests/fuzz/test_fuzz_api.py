"""Generated JSON bodies, raw bodies and query strings to every API endpoint of the URL configuration: never 500,
always JSON."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.programs.test_pages import employee_rules, open_call

from .conftest import FORMS_SHARE, examples_per_target
from .inputs import json_body, query, raw_body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_unthrottled")]
# Documentation, not endpoints: the schema (YAML) and the Swagger page (HTML).
NOT_JSON = {"api-schema", "api-docs"}


def api_routes() -> list[tuple[str, str]]:
    """(name, route) of every URL under /api/, read from the URL configuration."""
    found = []

    def visit(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                visit(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/") and pattern.name not in NOT_JSON:
                found.append((pattern.name, route))

    visit(get_resolver().url_patterns, "")
    return found


def concrete(route: str, number: int) -> str:
    return "/" + route.replace("<num:year>", str(number))


def test_every_api_endpoint_is_found():
    names = {name for name, _route in api_routes()}
    assert {"api-programs", "api-calls", "api-eligibility-check", "api-results", "api-results-year"} <= names


NUMBERS = st.one_of(st.integers(min_value=0, max_value=10**18 - 1), st.sampled_from([0, 2031, 2026]))


def fuzz_route(client, *, route: str, per_route: int, tried: dict) -> list:
    """Three Hypothesis tests of one endpoint: JSON bodies, raw bodies, query strings."""

    def assert_json_answer(response) -> None:
        assert response.status_code < 500, (route, response.status_code)
        assert response["Content-Type"] == "application/json", (route, response.content[:200])

    @settings(max_examples=per_route)
    @given(body=json_body, number=NUMBERS)
    def post_json(body, number):
        tried["json"] += 1
        assert_json_answer(client.post(concrete(route, number), body, content_type="application/json"))

    @settings(max_examples=per_route)
    @given(body=raw_body, number=NUMBERS, content_type=st.sampled_from(["application/json", "text/plain"]))
    def post_raw(body, number, content_type):
        tried["raw"] += 1
        assert_json_answer(client.post(concrete(route, number), body, content_type=content_type))

    @settings(max_examples=per_route)
    @given(params=query, number=NUMBERS)
    def get_query(params, number):
        tried["query"] += 1
        assert_json_answer(client.get(concrete(route, number), params))

    return [post_json, post_raw, get_query]


def test_generated_input_to_every_api_endpoint_never_causes_a_server_error(client, fuzz_report):
    open_call(year=2031, rules=employee_rules(minimum=30))
    routes = api_routes()
    per_route = examples_per_target(len(routes) * 3, share=1 - FORMS_SHARE)
    tried = {"json": 0, "raw": 0, "query": 0}

    for _name, route in routes:
        for fuzz in fuzz_route(client, route=route, per_route=per_route, tried=tried):
            fuzz()

    fuzz_report["api"] = {"endpoints": len(routes), "inputs": tried, "total": sum(tried.values())}
