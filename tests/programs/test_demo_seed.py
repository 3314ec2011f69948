from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db.models import Sum

from programs.demo import seed
from programs.eligibility import validate_rule_params
from programs.enums import CallStatus, RuleType
from programs.models import Call, EligibilityRule, Program, SupportItem

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def counts():
    return tuple(model.objects.count() for model in (Program, Call, SupportItem, EligibilityRule))


def test_seed_is_registered():
    assert "programs.demo.seed" in settings.DEMO_SEEDERS


def test_seed_is_idempotent():
    seed(log=lambda line: None)
    first = counts()
    seed(log=lambda line: None)
    assert counts() == first
    assert first[:2] == (2, 18)


def test_seeded_calls():
    seed(log=lambda line: None)
    assert set(Program.objects.values_list("code", "letter")) == {("hvc", "A"), ("itd", "B")}
    for year in range(2019, 2028):
        assert Call.objects.filter(year=year).aggregate(total=Sum("budget_krw"))["total"] == 1_000_000_000
    open_calls = Call.objects.filter(status=CallStatus.PUBLISHED)
    assert sorted(open_calls.values_list("code", flat=True)) == ["2027-hvc", "2027-itd"]
    now = datetime(2026, 11, 28, 12, tzinfo=SEOUL)
    for call in open_calls:
        assert call.opens_at == datetime(2026, 11, 1, 9, tzinfo=SEOUL)
        assert call.closes_at == datetime(2027, 1, 29, 18, tzinfo=SEOUL)
        assert call.is_open(now)
    assert not any(call.is_open(now) for call in Call.objects.exclude(year=2027))
    assert set(Call.objects.exclude(year=2027).values_list("status", flat=True)) == {CallStatus.CLOSED}


def test_seeded_items_are_combinable_from_2022_only():
    seed(log=lambda line: None)
    assert not SupportItem.objects.filter(call__year__lt=2022, combinable=True).exists()
    assert not SupportItem.objects.filter(call__year__gte=2022, combinable=False).exists()
    assert SupportItem.objects.filter(call__code="2027-hvc").count() == 5
    assert SupportItem.objects.filter(call__code="2027-itd").count() == 6


def test_seeded_rules():
    seed(log=lambda line: None)
    types = lambda code: list(  # noqa: E731
        EligibilityRule.objects.filter(call__code=code).order_by("order").values_list("rule_type", flat=True)
    )
    assert RuleType.EMPLOYEES_MIN in types("2027-hvc") and RuleType.MANUFACTURING in types("2027-hvc")
    assert RuleType.EMPLOYEES_MAX in types("2027-itd")
    assert RuleType.MANUFACTURING in types("2021-itd")
    assert RuleType.MANUFACTURING not in types("2022-itd")
    for rule in EligibilityRule.objects.all():
        assert validate_rule_params(rule.rule_type, rule.params) == []
        assert rule.evidence_document and rule.message_ko and rule.message_en


def test_a_25_employee_yeongcheon_machinery_maker_fits_program_b_not_a():
    from programs.eligibility import CompanyFacts, check_eligibility
    from programs.enums import SiteKind, Verdict

    seed(log=lambda line: None)
    facts = CompanyFacts(
        addresses={SiteKind.HEAD_OFFICE: "경북 영천시 금호읍 구암리 100"},
        regular_employees=25,
        ksic_code="C29",
        sme_certified=True,
        located_since=datetime(2015, 3, 2).date(),
        business_status="01",
        tax_arrears=False,
        sanctioned=False,
        duplicate_funding=False,
        as_of=datetime(2026, 11, 28).date(),
    )
    calls = Call.objects.filter(year=2027).select_related("program").prefetch_related("eligibility_rules")
    verdicts = {call.program.code: check_eligibility(facts, call) for call in calls}
    assert verdicts["itd"].verdict == Verdict.ELIGIBLE
    assert verdicts["hvc"].verdict == Verdict.INELIGIBLE
    assert [r.rule_type for r in verdicts["hvc"].failed] == [RuleType.EMPLOYEES_MIN]


def test_the_2027_calls_have_an_agreement_deadline_three_weeks_after_their_results():
    seed(log=lambda line: None)
    for call in Call.objects.filter(year=2027):
        assert call.results_on is not None
        assert (call.agreement_due_on - call.results_on).days == 21
    assert not Call.objects.exclude(year=2027).filter(agreement_due_on__isnull=False).exists()
