"""Each rule type at and around its boundaries, evaluated on unsaved rules (no database needed)."""

from datetime import date
from decimal import Decimal

import pytest

from programs.eligibility import CompanyFacts, evaluate_rule
from programs.enums import BusinessStatus, DocumentType, Outcome, RuleType, SiteKind
from programs.models import EligibilityRule

pytestmark = pytest.mark.usefixtures("english")
PASS, FAIL, UNKNOWN = Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN
TODAY = date(2026, 11, 28)


def judge(rule_type, params, evidence="", **facts):
    rule = EligibilityRule(rule_type=rule_type, params=params, evidence_document=evidence, message_ko="규칙")
    facts.setdefault("as_of", TODAY)
    return evaluate_rule(rule, CompanyFacts(**facts))


@pytest.mark.parametrize(
    ("employees", "outcome"),
    [(29, FAIL), (Decimal("29.9"), FAIL), (30, PASS), (31, PASS), (0, FAIL)],
)
def test_employees_min_30(employees, outcome):
    assert judge(RuleType.EMPLOYEES_MIN, {"min": 30}, regular_employees=employees).outcome == outcome


@pytest.mark.parametrize(
    ("employees", "outcome"),
    [(29, PASS), (Decimal("29.9"), PASS), (30, FAIL), (31, FAIL), (0, PASS)],
)
def test_employees_max_below_30_is_strict(employees, outcome):
    assert judge(RuleType.EMPLOYEES_MAX, {"below": 30}, regular_employees=employees).outcome == outcome


def test_monthly_counts_averaging_29_9_fail_the_minimum_and_pass_the_maximum():
    months = (29,) + (30,) * 11  # 359 / 12 = 29.92
    low = judge(RuleType.EMPLOYEES_MIN, {"min": 30}, monthly_headcounts=months)
    assert low.outcome == FAIL
    assert low.message == "Average regular employees 29.9 (12 monthly counts) is below the minimum of 30."
    assert judge(RuleType.EMPLOYEES_MAX, {"below": 30}, monthly_headcounts=months).outcome == PASS


def test_monthly_counts_averaging_30_0_pass_the_minimum_and_fail_the_maximum():
    months = (29, 31) * 6
    high = judge(RuleType.EMPLOYEES_MIN, {"min": 30}, monthly_headcounts=months)
    assert high.outcome == PASS
    assert high.message == "Average regular employees 30.0 (12 monthly counts) meets the minimum of 30."
    low = judge(RuleType.EMPLOYEES_MAX, {"below": 30}, monthly_headcounts=months)
    assert (low.outcome, low.message) == (
        FAIL,
        "Average regular employees 30.0 (12 monthly counts) is not fewer than 30.",
    )


def test_unknown_employees_ask_for_the_insurance_register():
    result = judge(RuleType.EMPLOYEES_MIN, {"min": 30}, evidence=DocumentType.INSURANCE_REGISTER)
    assert result.outcome == UNKNOWN
    assert result.evidence_document == DocumentType.INSURANCE_REGISTER
    assert result.message == (
        "The number of regular employees is not known. Evidence needed: Social-insurance enrollee register."
    )


def test_thirteen_monthly_counts_are_unusable_so_unknown():
    result = judge(RuleType.EMPLOYEES_MIN, {"min": 30}, monthly_headcounts=(30,) * 13)
    assert result.outcome == UNKNOWN
    assert "at most 12" in result.message


@pytest.mark.parametrize(
    ("ksic", "outcome"),
    [
        ("08", FAIL),
        ("09", UNKNOWN),  # no such division: the code cannot be read
        ("10", PASS),
        ("C10", PASS),
        ("25112", PASS),
        ("C 29", PASS),
        ("34", PASS),
        ("35", FAIL),
        ("D35", FAIL),
        ("C35", UNKNOWN),  # section letter and division disagree
        ("G46", FAIL),
        (None, UNKNOWN),
    ],
)
def test_manufacturing_division_edges(ksic, outcome):
    assert judge(RuleType.MANUFACTURING, {"divisions": [10, 34]}, ksic_code=ksic).outcome == outcome


def test_manufacturing_message_names_the_division():
    result = judge(RuleType.MANUFACTURING, {}, ksic_code="35")
    assert result.message == "KSIC D35: division 35 is not manufacturing (section C, divisions 10 to 34)."


def test_manufacturing_narrower_divisions():
    assert judge(RuleType.MANUFACTURING, {"divisions": [20, 30]}, ksic_code="C19").outcome == FAIL
    assert judge(RuleType.MANUFACTURING, {"divisions": [20, 30]}, ksic_code="C30").outcome == PASS


HEAD = SiteKind.HEAD_OFFICE
FACTORY = SiteKind.FACTORY
YC = "경북 영천시 금호읍 구암리 1"
SEOUL = "서울특별시 서대문구 영천동 1"


@pytest.mark.parametrize(
    ("addresses", "require", "outcome"),
    [
        ({HEAD: YC}, "any", PASS),
        ({HEAD: SEOUL, FACTORY: YC}, "any", PASS),
        ({HEAD: SEOUL, FACTORY: SEOUL}, "any", FAIL),
        ({HEAD: SEOUL}, "any", UNKNOWN),  # the factory may be in Yeongcheon
        ({}, "any", UNKNOWN),
        ({SiteKind.LAB: YC}, "any", UNKNOWN),  # a lab does not count for this rule
        ({HEAD: YC, FACTORY: YC}, "all", PASS),
        ({HEAD: YC, FACTORY: SEOUL}, "all", FAIL),
        ({HEAD: YC}, "all", UNKNOWN),
    ],
)
def test_location_sites(addresses, require, outcome):
    params = {"sites": ["head_office", "factory"], "require": require}
    assert judge(RuleType.LOCATION, params, addresses=addresses).outcome == outcome


def test_location_address_forms_through_the_rule():
    for address, outcome in [
        ("Yeongcheon-si, Gyeongsangbuk-do", PASS),
        ("Yeongcheon-dong, Seodaemun-gu, Seoul", FAIL),
        ("영천 금호읍 덕성리", PASS),
        ("대구광역시 동구 영천", FAIL),
    ]:
        assert judge(RuleType.LOCATION, {"sites": ["head_office"]}, addresses={HEAD: address}).outcome == outcome


@pytest.mark.parametrize(
    ("since", "outcome"),
    [
        (date(2025, 11, 28), PASS),  # exactly one year
        (date(2025, 11, 29), FAIL),  # one day short
        (date(2010, 1, 1), PASS),
        (date(2027, 1, 1), FAIL),  # in the future
        (None, UNKNOWN),
    ],
)
def test_located_min_years_edge(since, outcome):
    result = judge(RuleType.LOCATED_MIN_YEARS, {"years": 1}, located_since=since, addresses={HEAD: YC})
    assert result.outcome == outcome


@pytest.mark.parametrize(("as_of", "outcome"), [(date(2025, 2, 27), FAIL), (date(2025, 2, 28), PASS)])
def test_located_min_years_from_29_february(as_of, outcome):
    result = judge(
        RuleType.LOCATED_MIN_YEARS, {"years": 1}, located_since=date(2024, 2, 29), as_of=as_of, addresses={HEAD: YC}
    )
    assert result.outcome == outcome


SEOUL = "서울특별시 중구 영천동 1"
LAB = SiteKind.LAB
EVERY_SITE = {"sites": ["head_office", "factory", "lab"], "require": "any"}


def test_location_fails_when_no_given_site_is_in_yeongcheon_and_the_company_has_no_other():
    result = judge(
        RuleType.LOCATION, EVERY_SITE, addresses={HEAD: SEOUL, FACTORY: SEOUL}, absent_sites=frozenset({LAB})
    )
    assert result.outcome == FAIL
    assert "Research lab: none" in result.message


def test_location_asks_for_evidence_while_a_site_is_not_known():
    result = judge(RuleType.LOCATION, EVERY_SITE, addresses={HEAD: SEOUL, FACTORY: SEOUL})
    assert result.outcome == UNKNOWN
    assert "Research lab" in result.message


def test_location_passes_with_the_lab_alone_in_yeongcheon():
    result = judge(RuleType.LOCATION, EVERY_SITE, addresses={HEAD: SEOUL, LAB: YC}, absent_sites=frozenset({FACTORY}))
    assert result.outcome == PASS


def test_location_fails_when_the_company_has_none_of_the_sites():
    result = judge(RuleType.LOCATION, EVERY_SITE, absent_sites=frozenset(SiteKind))
    assert result.outcome == FAIL


def test_location_requiring_all_fails_for_a_site_the_company_does_not_have():
    result = judge(
        RuleType.LOCATION,
        {"sites": ["head_office", "factory"], "require": "all"},
        addresses={HEAD: YC},
        absent_sites=frozenset({FACTORY}),
    )
    assert result.outcome == FAIL


@pytest.mark.parametrize(
    ("addresses", "absent", "outcome"),
    [
        ({HEAD: SEOUL, FACTORY: SEOUL}, {LAB}, FAIL),  # every site known, none in Yeongcheon
        ({HEAD: SEOUL, FACTORY: SEOUL}, set(), UNKNOWN),  # the lab may be there: never pass
        ({}, set(), UNKNOWN),  # no address at all
        ({HEAD: SEOUL, LAB: YC}, {FACTORY}, PASS),
    ],
)
def test_located_min_years_never_passes_without_a_site_in_yeongcheon(addresses, absent, outcome):
    result = judge(
        RuleType.LOCATED_MIN_YEARS,
        {"years": 1},
        located_since=date(2010, 1, 1),
        addresses=addresses,
        absent_sites=frozenset(absent),
    )
    assert result.outcome == outcome


def test_located_min_years_too_short_fails_even_without_a_known_site():
    result = judge(RuleType.LOCATED_MIN_YEARS, {"years": 1}, located_since=TODAY)
    assert result.outcome == FAIL


@pytest.mark.parametrize(
    ("ksic", "revenue", "assets", "outcome"),
    [
        ("C25", 100_000_000_000, None, PASS),  # at the band of KRW 100 billion
        ("C25", 100_000_000_001, None, FAIL),
        ("C14", 150_000_000_000, None, PASS),
        ("C14", 150_000_000_001, None, FAIL),
        ("C11", 80_000_000_000, None, PASS),
        ("C11", 80_000_000_001, None, FAIL),
        ("C34", 60_000_000_000, None, PASS),
        ("C34", 60_000_000_001, None, FAIL),
        ("C25", 1_000_000_000, 499_999_999_999, PASS),
        ("C25", 1_000_000_000, 500_000_000_000, FAIL),  # assets must be under KRW 500 billion
        ("G46", 1_000_000_000, None, UNKNOWN),  # no band held for wholesale: the certificate decides
        (None, 1_000_000_000, None, UNKNOWN),
        ("C25", None, None, UNKNOWN),
    ],
)
def test_sme_size_bands_without_certificate(ksic, revenue, assets, outcome):
    facts = {"ksic_code": ksic, "annual_revenue_krw": revenue, "total_assets_krw": assets}
    assert judge(RuleType.SME_SIZE, {}, **facts).outcome == outcome


def test_sme_certificate_decides_when_known():
    assert judge(RuleType.SME_SIZE, {}, sme_certified=True, annual_revenue_krw=10**13, ksic_code="C25").outcome == PASS
    assert judge(RuleType.SME_SIZE, {}, sme_certified=False, annual_revenue_krw=1, ksic_code="C25").outcome == FAIL
    unknown = judge(RuleType.SME_SIZE, {})
    assert unknown.evidence_document == DocumentType.SME_CERTIFICATE
    assert unknown.message.endswith("Evidence needed: SME confirmation certificate.")


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(BusinessStatus.ACTIVE, PASS), (BusinessStatus.SUSPENDED, FAIL), (BusinessStatus.CLOSED, FAIL), (None, UNKNOWN)],
)
def test_business_active(status, outcome):
    assert judge(RuleType.BUSINESS_ACTIVE, {}, business_status=status).outcome == outcome


@pytest.mark.parametrize(
    ("rule_type", "fact", "evidence"),
    [
        (RuleType.NO_TAX_ARREARS, "tax_arrears", DocumentType.NATIONAL_TAX_CLEARANCE),
        (RuleType.NO_FINANCIAL_DEFAULT, "financial_default", DocumentType.CREDIT_REPORT),
        (RuleType.NO_SANCTION, "sanctioned", DocumentType.PARTICIPATION_PLEDGE),
        (RuleType.NO_DUPLICATE_FUNDING, "duplicate_funding", DocumentType.PARTICIPATION_PLEDGE),
    ],
)
def test_exclusion_rules(rule_type, fact, evidence):
    assert judge(rule_type, {}, **{fact: False}).outcome == PASS
    assert judge(rule_type, {}, **{fact: True}).outcome == FAIL
    unknown = judge(rule_type, {})
    assert (unknown.outcome, unknown.evidence_document) == (UNKNOWN, evidence)
    assert str(evidence.label) in unknown.message


@pytest.mark.parametrize(
    ("founded", "outcome"),
    [(date(2019, 12, 31), PASS), (date(2020, 1, 1), FAIL), (date(2020, 1, 2), FAIL), (None, UNKNOWN)],
)
def test_founded_before_edge(founded, outcome):
    assert judge(RuleType.FOUNDED_BEFORE, {"date": "2020-01-01"}, founded_on=founded).outcome == outcome


@pytest.mark.parametrize(("current", "outcome"), [(0, PASS), (1, PASS), (2, FAIL), (5, FAIL), (None, UNKNOWN)])
def test_max_concurrent_tasks_counts_the_task_applied_for(current, outcome):
    result = judge(RuleType.MAX_CONCURRENT_TASKS, {"max": 2}, concurrent_supported_tasks=current)
    assert result.outcome == outcome


def test_rule_evidence_document_overrides_the_default():
    result = judge(RuleType.LOCATION, {"sites": ["factory"]}, evidence=DocumentType.FACTORY_REGISTRATION)
    assert result.evidence_document == DocumentType.FACTORY_REGISTRATION
    assert result.message.endswith("Evidence needed: Factory registration certificate.")


def test_misconfigured_rule_is_unknown_and_names_the_parameter():
    result = judge(RuleType.EMPLOYEES_MIN, {"minimum": 30})
    assert result.outcome == UNKNOWN
    assert "“min”" in result.message and "“minimum”" in result.message
