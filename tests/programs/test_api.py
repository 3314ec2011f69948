"""The public API: programs, calls and the eligibility check."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.enums import CallStatus, ProgramCode, RuleType
from tests.programs.factories import CallFactory, EligibilityRuleFactory, ProgramFactory, SupportItemFactory
from tests.programs.test_pages import employee_rules, open_call

pytestmark = pytest.mark.django_db

CHECK_URL = "/api/v1/eligibility/check"
COMPANY = {
    "business_number": "123-45-67891",
    "address": "경상북도 영천시 금호읍 금호로 100",
    "regular_employees": 25,
    "monthly_headcounts": None,
    "ksic_code": "C29",
    "annual_revenue_krw": 4_500_000_000,
    "sme_certified": True,
    "located_since": "2018-03-01",
}


def post_check(client, body, language="en", *, raw=False):
    data = body if raw else json.dumps(body)
    return client.post(CHECK_URL, data, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def test_urls_are_the_documented_ones():
    assert reverse("api-eligibility-check") == CHECK_URL
    assert reverse("api-programs") == "/api/v1/programs/"
    assert reverse("api-calls") == "/api/v1/calls/"
    assert reverse("api-schema") == "/api/v1/schema/"


# --- answers --------------------------------------------------------------------------------


def test_check_answers_every_open_call_in_the_documented_shape(client):
    hvc = open_call(ProgramCode.HVC, year=2031, rules=employee_rules(minimum=30))
    itd = open_call(ProgramCode.ITD, year=2031, rules=employee_rules(below=30))
    CallFactory(program=ProgramFactory(code=ProgramCode.HVC), year=2020, status=CallStatus.CLOSED)

    response = post_check(client, {"company": COMPANY})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"results"}
    by_call = {result["call"]: result for result in body["results"]}
    assert set(by_call) == {hvc.code, itd.code}
    assert by_call[hvc.code]["program"] == "hvc"
    assert by_call[hvc.code]["verdict"] == "ineligible"
    assert by_call[itd.code]["verdict"] == "eligible"
    for result in body["results"]:
        assert set(result) == {"call", "program", "verdict", "rules"}
        for rule in result["rules"]:
            assert set(rule) == {"rule", "outcome", "message", "requirement"}
            assert rule["outcome"] in {"pass", "fail", "unknown"}
            assert rule["message"]
    failed = [r for r in by_call[hvc.code]["rules"] if r["outcome"] == "fail"]
    assert [r["rule"] for r in failed] == [RuleType.EMPLOYEES_MIN]
    assert "30" in failed[0]["message"]


def test_check_of_one_call_answers_that_call_only(client):
    open_call(ProgramCode.HVC, year=2031, rules=employee_rules(minimum=30))
    itd = open_call(ProgramCode.ITD, year=2031, rules=employee_rules(below=30))
    response = post_check(client, {"call": itd.code, "company": COMPANY})
    assert response.status_code == 200
    assert [r["call"] for r in response.json()["results"]] == [itd.code]


def test_check_with_unknown_facts_asks_for_evidence(client):
    call = open_call(ProgramCode.HVC, year=2031, rules=employee_rules(minimum=30))
    response = post_check(client, {"company": {"address": COMPANY["address"]}})
    [result] = response.json()["results"]
    assert result["call"] == call.code
    assert result["verdict"] == "needs_evidence"
    unknown = [r for r in result["rules"] if r["outcome"] == "unknown"]
    assert unknown and "Social-insurance enrollee register" in unknown[0]["message"]


def test_check_answers_in_the_language_of_accept_language(client):
    call = open_call(ProgramCode.HVC, year=2031, items=0)
    EligibilityRuleFactory(
        call=call,
        rule_type=RuleType.EMPLOYEES_MIN,
        params={"min": 30},
        message_ko="상시근로자 30인 이상",
        message_en="30 or more regular employees",
    )
    korean = post_check(client, {"company": COMPANY}, "ko")
    english = post_check(client, {"company": COMPANY}, "en")
    assert korean.headers["Content-Language"] == "ko"
    assert english.headers["Content-Language"] == "en"
    assert korean.json()["results"][0]["rules"][0]["requirement"] == "상시근로자 30인 이상"
    assert english.json()["results"][0]["rules"][0]["requirement"] == "30 or more regular employees"
    # Error messages too (Django's own Korean catalogue has this one).
    assert post_check(client, {}, "ko").json() == {"company": ["이 필드는 필수 항목입니다."]}
    assert post_check(client, {}, "en").json() == {"company": ["This field is required."]}


@pytest.mark.parametrize("calls", [1, 5])
def test_check_makes_a_fixed_number_of_queries(client, django_assert_num_queries, calls):
    for index in range(calls):
        code = ProgramCode.HVC if index % 2 else ProgramCode.ITD
        call = open_call(code, year=2040 + index, rules=employee_rules(minimum=30, below=300), items=3)
        for _ in range(index):  # more rules on later calls
            EligibilityRuleFactory(call=call, rule_type=RuleType.MANUFACTURING, params={})
    with django_assert_num_queries(3):  # open calls with programs; their rules; their items
        response = post_check(client, {"company": COMPANY})
    assert response.status_code == 200
    assert len(response.json()["results"]) == calls


@pytest.mark.parametrize("calls", [1, 5])
def test_call_list_makes_a_fixed_number_of_queries(client, django_assert_num_queries, calls):
    for index in range(calls):
        open_call(ProgramCode.HVC if index % 2 else ProgramCode.ITD, year=2040 + index, rules=employee_rules(30))
    with django_assert_num_queries(3):
        response = client.get("/api/v1/calls/")
    assert len(response.json()) == calls


# --- lists ----------------------------------------------------------------------------------


def test_calls_open_true_lists_only_open_calls_with_items_and_rules(client):
    now = timezone.now()
    call = open_call(ProgramCode.HVC, year=2031, rules=employee_rules(minimum=30), items=0)
    SupportItemFactory(call=call, code="prototype", max_support_krw=30_000_000)
    closed = CallFactory(
        program=ProgramFactory(code=ProgramCode.ITD),
        year=2020,
        opens_at=now - timedelta(days=900),
        closes_at=now - timedelta(days=800),
    )

    only_open = client.get("/api/v1/calls/?open=true", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [c["code"] for c in only_open] == [call.code]
    [data] = only_open
    assert data["program"] == "hvc"
    assert data["is_open"] is True
    assert data["title"] == call.title_en
    assert data["support_items"][0]["code"] == "prototype"
    assert data["support_items"][0]["max_support_krw"] == 30_000_000
    assert data["support_items"][0]["company_share_pct"] == 25.0
    assert [r["rule"] for r in data["rules"]] == ["location", "employees_min"]
    assert data["closes_at"].endswith("+09:00")
    assert {"code": "business_registration", "label": "Business registration certificate"} in data["required_documents"]
    others = client.get("/api/v1/calls/?open=false").json()
    assert [c["code"] for c in others] == [closed.code]
    assert len(client.get("/api/v1/calls/").json()) == 2


def test_calls_with_a_wrong_open_value_is_400(client):
    response = client.get("/api/v1/calls/?open=maybe", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"open": ["Use true or false."]}


def test_programs_list_names_programs_in_the_requested_language(client):
    call = open_call(ProgramCode.ITD, year=2031)
    CallFactory(program=call.program, year=2032, status=CallStatus.DRAFT)
    data = client.get("/api/v1/programs/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data == [
        {
            "code": "itd",
            "letter": "B",
            "name": call.program.name_en,
            "summary": "",
            "operator": call.program.operator_en,
            "funder": call.program.funder_en,
            "calls": [{"code": call.code, "year": 2031, "title": call.title_en, "status": "published"}],
        }
    ]
    assert client.get("/api/v1/programs/", HTTP_ACCEPT_LANGUAGE="ko").json()[0]["name"] == call.program.name_ko


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/programs/", "/api/v1/calls/", "/api/v1/eligibility/check"} <= set(paths)
    docs = client.get("/api/v1/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200
    assert "<script>" not in html and "<style>" not in html  # the CSP forbids inline code
    assert "swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()


# --- bad input ------------------------------------------------------------------------------


def company(**changes):
    return {"company": {**COMPANY, **changes}}


BAD_INPUTS = {
    "wrong type: employees as text": (company(regular_employees="many"), ["company", "regular_employees"]),
    "wrong type: headcounts not a list": (company(monthly_headcounts="30,30"), ["company", "monthly_headcounts"]),
    "wrong type: headcount not a number": (
        company(monthly_headcounts=[30, "x"] + [30] * 10),
        ["company", "monthly_headcounts"],
    ),
    "wrong type: sme_certified": (company(sme_certified="maybe"), ["company", "sme_certified"]),
    "wrong type: revenue": (company(annual_revenue_krw=[1]), ["company", "annual_revenue_krw"]),
    "wrong type: address": (company(address={"city": "Yeongcheon"}), ["company", "address"]),
    "wrong type: date": (company(located_since="March 2018"), ["company", "located_since"]),
    "wrong type: company": ({"company": "ACME"}, ["company"]),
    "wrong type: call": ({"call": 2027, **company()}, None),  # a number is read as a code: unknown call
    "wrong check digit": (company(business_number="106-86-14245"), ["company", "business_number"]),
    "not 10 digits": (company(business_number="123-45"), ["company", "business_number"]),
    "13 monthly counts": (company(regular_employees=None, monthly_headcounts=[30] * 13), None),
    "negative employees": (company(regular_employees=-1), ["company", "regular_employees"]),
    "negative monthly count": (company(monthly_headcounts=[30] * 11 + [-1]), ["company", "monthly_headcounts"]),
    "negative revenue": (company(annual_revenue_krw=-5), ["company", "annual_revenue_krw"]),
    "unknown KSIC": (company(ksic_code="C99"), ["company", "ksic_code"]),
    "unknown call": ({"call": "1999-xyz", **company()}, ["call"]),
    "company missing": ({}, ["company"]),
    "company null": ({"company": None}, ["company"]),
    "body is a list": ([COMPANY], ["non_field_errors"]),
}


@pytest.mark.parametrize("body, path", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_400_with_a_message_on_the_field(client, body, path):
    open_call(ProgramCode.HVC, year=2031, rules=employee_rules(minimum=30))
    response = post_check(client, body)
    assert response.status_code == 400, response.content
    errors = response.json()
    if path is None:  # the 13 counts and the numeric call: read the exact field below
        path = ["company", "monthly_headcounts"] if "company" in errors else ["call"]
    node = errors
    for key in path:
        node = node[key]
    assert isinstance(node, list) and node and all(isinstance(m, str) and m for m in node), errors


def test_thirteen_monthly_counts_say_so(client):
    response = post_check(client, company(regular_employees=None, monthly_headcounts=[30] * 13))
    assert response.status_code == 400
    [message] = response.json()["company"]["monthly_headcounts"]
    assert "12" in message and "13" in message


def test_wrong_check_digit_says_so(client):
    response = post_check(client, company(business_number="1068614245"))
    assert response.json() == {
        "company": {
            "business_number": [
                "The business registration number 106-86-14245 is not valid: its check digit does not match."
            ]
        }
    }


@pytest.mark.parametrize("raw", ["{not json", "", '{"company": ', b"\xff\xfe{}"])
def test_bad_json_is_400_with_a_message(client, raw):
    response = post_check(client, raw, raw=True)
    assert response.status_code == 400
    body = response.json()
    assert body == {"detail": "The request body is not valid JSON."} or "company" in body


def test_a_body_that_is_not_json_is_refused_without_error(client):
    response = client.post(CHECK_URL, "company=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


# --- every site the rules consider ------------------------------------------------------------

ITD_SITES_RULES = [
    (RuleType.LOCATION, {"sites": ["head_office", "factory", "lab"], "require": "any"}),
    (RuleType.LOCATED_MIN_YEARS, {"years": 1}),
]
SEOUL = "서울특별시 중구 영천동 1"


@pytest.mark.parametrize(
    ("company", "verdict", "outcomes"),
    [
        ({"address": SEOUL, "factory_address": SEOUL, "no_other_sites": True}, "ineligible", ["fail", "fail"]),
        (
            {"address": SEOUL, "factory_address": SEOUL, "no_other_sites": False},
            "needs_evidence",
            ["unknown", "unknown"],
        ),
        ({"address": SEOUL, "factory_address": SEOUL}, "needs_evidence", ["unknown", "unknown"]),
        (
            {"address": SEOUL, "lab_address": "경북 영천시 금호읍 구암리 1", "no_other_sites": True},
            "eligible",
            ["pass", "pass"],
        ),
    ],
)
def test_check_counts_the_lab_and_the_sites_the_company_does_not_have(client, company, verdict, outcomes):
    call = open_call(ProgramCode.ITD, year=2031, rules=ITD_SITES_RULES)
    response = post_check(client, {"call": call.code, "company": {**company, "located_since": "2015-01-01"}})
    assert response.status_code == 200
    (result,) = response.json()["results"]
    assert result["verdict"] == verdict
    assert [rule["outcome"] for rule in result["rules"]] == outcomes


def test_check_with_a_wrong_no_other_sites_is_400_on_the_field(client):
    response = post_check(client, {"company": {"no_other_sites": "perhaps"}})
    assert response.status_code == 400
    assert list(response.json()["company"]) == ["no_other_sites"]


def test_schema_documents_the_lab_and_no_other_sites(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "lab_address" in schema
    assert "no_other_sites" in schema


def test_form_and_api_give_the_same_facts_for_the_same_sites():
    from programs.facts import facts_from_input
    from programs.forms import SelfCheckForm

    form = SelfCheckForm({"address": SEOUL, "factory_address": SEOUL, "lab_address_none": "on"})
    assert form.is_valid(), form.errors
    api = facts_from_input(address=SEOUL, factory_address=SEOUL, absent_sites=["lab"], as_of=form.today)
    assert form.facts == api
