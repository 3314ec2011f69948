"""The engine over a call from the database: verdicts, order, inactive rules and query counts."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from programs.eligibility import CompanyFacts, check_eligibility, validate_rule_params, verdict_of
from programs.enums import DocumentType, Outcome, RuleType, SiteKind, Verdict
from programs.models import Call, EligibilityRule

from .factories import CallFactory, EligibilityRuleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

YC = {SiteKind.HEAD_OFFICE: "경북 영천시 금호읍 구암리 1"}


def hvc_like_call(**kwargs):
    call = CallFactory(**kwargs)
    EligibilityRuleFactory(call=call, rule_type=RuleType.LOCATION, params={"sites": ["head_office"]}, order=1)
    EligibilityRuleFactory(call=call, rule_type=RuleType.EMPLOYEES_MIN, params={"min": 30}, order=2)
    EligibilityRuleFactory(
        call=call, rule_type=RuleType.NO_TAX_ARREARS, params={}, order=3,
        evidence_document=DocumentType.NATIONAL_TAX_CLEARANCE,
    )  # fmt: skip
    return call


def prefetched(call_ids):
    return list(Call.objects.filter(pk__in=call_ids).select_related("program").prefetch_related("eligibility_rules"))


@pytest.mark.parametrize(
    ("outcomes", "verdict"),
    [
        ([], Verdict.ELIGIBLE),
        ([Outcome.PASS, Outcome.PASS], Verdict.ELIGIBLE),
        ([Outcome.PASS, Outcome.UNKNOWN], Verdict.NEEDS_EVIDENCE),
        ([Outcome.UNKNOWN, Outcome.FAIL], Verdict.INELIGIBLE),
        ([Outcome.FAIL, Outcome.PASS], Verdict.INELIGIBLE),
    ],
)
def test_verdict_aggregation(outcomes, verdict):
    assert verdict_of(outcomes) == verdict


def test_eligible_ineligible_and_needs_evidence():
    (call,) = prefetched([hvc_like_call().pk])
    eligible = check_eligibility(CompanyFacts(addresses=YC, regular_employees=31, tax_arrears=False), call)
    assert eligible.verdict == Verdict.ELIGIBLE
    assert [r.rule_type for r in eligible.rules] == [RuleType.LOCATION, RuleType.EMPLOYEES_MIN, RuleType.NO_TAX_ARREARS]
    assert (eligible.call_code, eligible.program_code) == (call.code, "hvc")

    needs = check_eligibility(CompanyFacts(addresses=YC, regular_employees=31), call)
    assert needs.verdict == Verdict.NEEDS_EVIDENCE
    assert needs.missing_evidence == [DocumentType.NATIONAL_TAX_CLEARANCE]

    ineligible = check_eligibility(CompanyFacts(addresses=YC, regular_employees=29), call)
    assert ineligible.verdict == Verdict.INELIGIBLE
    assert [r.rule_type for r in ineligible.failed] == [RuleType.EMPLOYEES_MIN]


def test_inactive_rules_are_skipped():
    call = hvc_like_call()
    EligibilityRuleFactory(call=call, rule_type=RuleType.EMPLOYEES_MAX, params={"below": 10}, is_active=False)
    (call,) = prefetched([call.pk])
    result = check_eligibility(CompanyFacts(addresses=YC, regular_employees=31, tax_arrears=False), call)
    assert result.verdict == Verdict.ELIGIBLE
    assert len(result.rules) == 3


def test_requirement_text_follows_the_language():
    from django.utils import translation

    (call,) = prefetched([hvc_like_call().pk])
    facts = CompanyFacts(addresses=YC, regular_employees=31, tax_arrears=False, as_of=date(2026, 11, 28))
    assert check_eligibility(facts, call).rules[0].requirement.startswith("Rule:")
    with translation.override("ko"):
        assert check_eligibility(facts, call).rules[0].requirement.startswith("규칙:")


@pytest.mark.parametrize("calls", [1, 6])
def test_no_queries_with_prefetched_rules(django_assert_num_queries, calls):
    ids = [hvc_like_call().pk for _ in range(calls)]
    loaded = prefetched(ids)
    facts = CompanyFacts(addresses=YC, monthly_headcounts=(30,) * 12, tax_arrears=None)
    with django_assert_num_queries(0):
        results = [check_eligibility(facts, call) for call in loaded]
    assert len(results) == calls


def test_no_queries_with_a_filtered_prefetch(django_assert_num_queries):
    call = hvc_like_call()
    (loaded,) = (
        Call.objects.filter(pk=call.pk)
        .select_related("program")
        .prefetch_related(Prefetch("eligibility_rules", queryset=EligibilityRule.objects.filter(is_active=True)))
    )
    with django_assert_num_queries(0):
        assert check_eligibility(CompanyFacts(), loaded).verdict == Verdict.NEEDS_EVIDENCE


@pytest.mark.parametrize(
    ("rule_type", "params", "fragment"),
    [
        (RuleType.LOCATION, {}, "“sites”: this parameter is required"),
        (RuleType.LOCATION, {"sites": ["office"]}, "unknown site office"),
        (RuleType.LOCATION, {"sites": ["lab"], "require": "most"}, "“require”"),
        (RuleType.LOCATED_MIN_YEARS, {"years": 0}, "“years”: must be at least 1"),
        (RuleType.EMPLOYEES_MIN, {"min": "30"}, "“min”: must be a number"),
        (RuleType.EMPLOYEES_MIN, {"min": -1}, "“min”: cannot be negative"),
        (RuleType.EMPLOYEES_MAX, {"max": 30}, "“max”: unknown parameter"),
        (RuleType.MANUFACTURING, {"divisions": [9, 34]}, "“divisions”: must be at least 10"),
        (RuleType.MANUFACTURING, {"divisions": [30, 20]}, "“divisions”"),
        (RuleType.SME_SIZE, {"assets_cap_krw": True}, "“assets_cap_krw”"),
        (RuleType.NO_SANCTION, {"x": 1}, "takes no parameters"),
        (RuleType.FOUNDED_BEFORE, {"date": "2020-13-01"}, "“date”: must be a date"),
        (RuleType.MAX_CONCURRENT_TASKS, {"max": 1.5}, "“max”: must be a whole number"),
        ("astrology", {}, "Unknown rule type"),
    ],
)
def test_validate_rule_params_names_the_parameter(rule_type, params, fragment):
    errors = validate_rule_params(rule_type, params)
    assert any(fragment in e for e in errors), errors


@pytest.mark.parametrize(
    ("rule_type", "params"),
    [
        (RuleType.LOCATION, {"sites": ["head_office", "factory", "lab"]}),
        (RuleType.LOCATED_MIN_YEARS, {"years": 1}),
        (RuleType.EMPLOYEES_MIN, {"min": 30}),
        (RuleType.EMPLOYEES_MAX, {"below": 30}),
        (RuleType.MANUFACTURING, {"divisions": [10, 34]}),
        (RuleType.MANUFACTURING, {}),
        (RuleType.SME_SIZE, {}),
        (RuleType.BUSINESS_ACTIVE, {}),
        (RuleType.FOUNDED_BEFORE, {"date": "2020-01-01"}),
        (RuleType.MAX_CONCURRENT_TASKS, {"max": 3}),
    ],
)
def test_valid_params(rule_type, params):
    assert validate_rule_params(rule_type, params) == []


def test_model_clean_puts_errors_on_params():
    rule = EligibilityRuleFactory.build(call=CallFactory(), rule_type=RuleType.EMPLOYEES_MIN, params={"min": "many"})
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "params" in error.value.message_dict
