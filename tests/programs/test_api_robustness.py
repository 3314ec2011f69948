"""Whatever a client sends, the eligibility check answers 200 or 400 with messages, never 500."""

import json

import pytest

from tests.programs.test_pages import MACHINERY_MAKER, employee_rules, open_call

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_unthrottled")]

ODD_VALUES = [
    None, True, False, 0, -1, 1e308, 10**40, "", " ", "x" * 400, "29.999", [], [1] * 12, {},
    "0001-01-01", "2018-02-30", "C 25112", "c-25", "2999-01-01", [10**30] * 3,
]  # fmt: skip
COMPANY_FIELDS = [
    "business_number", "address", "factory_address", "regular_employees", "monthly_headcounts", "ksic_code",
    "annual_revenue_krw", "sme_certified", "located_since",
]  # fmt: skip


def test_odd_company_values_never_cause_a_server_error(client):
    open_call(year=2031, rules=employee_rules(minimum=30))
    for field in COMPANY_FIELDS:
        for value in ODD_VALUES:
            body = json.dumps({"company": {field: value}})
            response = client.post("/api/v1/eligibility/check", body, content_type="application/json")
            assert response.status_code in (200, 400), (field, value, response.content[:300])
            if response.status_code == 400:
                assert field in response.json()["company"], (field, value, response.json())


@pytest.mark.parametrize("call", [None, "", 5, [], {}, "x" * 100, "../2031-hvc"])
def test_odd_call_values_never_cause_a_server_error(client, call):
    open_call(year=2031, rules=employee_rules(minimum=30))
    body = json.dumps({"call": call, "company": {}})
    response = client.post("/api/v1/eligibility/check", body, content_type="application/json")
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert set(response.json()) == {"call"}


def test_odd_form_values_never_cause_a_server_error(client):
    open_call(year=2031, rules=employee_rules(minimum=30))
    for field in [*MACHINERY_MAKER, "month_1", "month_5", "sme_certified"]:
        for value in ["", "-1", "x", "1e400", "99999999999999999999999", "0", "13", "\x00", "가" * 500]:
            response = client.post("/programs/eligibility/", {**MACHINERY_MAKER, field: value})
            assert response.status_code == 200, (field, value)
