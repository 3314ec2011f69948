from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from programs.demo import FIRST_YEAR, open_window, open_year, seed
from programs.eligibility import validate_rule_params
from programs.enums import CallStatus, RuleType
from programs.models import Call, EligibilityRule, Program, SupportItem

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def counts():
    return tuple(model.objects.count() for model in (Program, Call, SupportItem, EligibilityRule))


def test_seed_is_registered():
    assert "programs.demo.seed" in settings.DEMO_SEEDERS


@pytest.mark.parametrize(
    ("today", "opens", "closes", "year"),
    [
        (date(2026, 12, 5), datetime(2026, 11, 1, 9), datetime(2027, 1, 31, 18), 2027),
        (date(2027, 1, 1), datetime(2026, 12, 1, 9), datetime(2027, 2, 28, 18), 2027),
        (date(2028, 6, 1), datetime(2028, 5, 1, 9), datetime(2028, 7, 31, 18), 2028),
        (date(2028, 10, 31), datetime(2028, 9, 1, 9), datetime(2028, 11, 30, 18), 2028),
        (date(2028, 11, 1), datetime(2028, 10, 1, 9), datetime(2028, 12, 31, 18), 2028),
        (date(2028, 12, 1), datetime(2028, 11, 1, 9), datetime(2029, 1, 31, 18), 2029),
    ],
)
def test_the_open_calls_run_from_last_month_to_the_end_of_next_month(today, opens, closes, year):
    window = open_window(today)
    assert (window.opens_at, window.closes_at) == (opens.replace(tzinfo=SEOUL), closes.replace(tzinfo=SEOUL))
    assert window.year == open_year(today) == year
    assert window.evaluation_on > window.closes_at.date() and window.agreement_due_on > window.results_on


def test_seed_is_idempotent():
    seed(log=lambda line: None)
    first = counts()
    seed(log=lambda line: None)
    assert counts() == first
    assert first[:2] == (2, 2 * (open_year() - FIRST_YEAR + 1))


def test_seeded_calls():
    seed(log=lambda line: None)
    year = open_year()
    assert set(Program.objects.values_list("code", "letter")) == {("hvc", "A"), ("itd", "B")}
    for each in range(FIRST_YEAR, year + 1):
        assert Call.objects.filter(year=each).aggregate(total=Sum("budget_krw"))["total"] == 1_000_000_000
    open_calls = Call.objects.filter(status=CallStatus.PUBLISHED)
    assert sorted(open_calls.values_list("code", flat=True)) == [f"{year}-hvc", f"{year}-itd"]
    now = timezone.now()
    for call in open_calls:
        assert call.is_open(now)
        assert (call.opens_at, call.closes_at) == (open_window().opens_at, open_window().closes_at)
    assert not any(call.is_open(now) for call in Call.objects.exclude(year=year))
    assert not Call.objects.exclude(year=year).filter(closes_at__gte=now).exists()
    assert set(Call.objects.exclude(year=year).values_list("status", flat=True)) == {CallStatus.CLOSED}


def test_seeded_items_are_combinable_from_2022_only():
    seed(log=lambda line: None)
    year = open_year()
    assert not SupportItem.objects.filter(call__year__lt=2022, combinable=True).exists()
    assert not SupportItem.objects.filter(call__year__gte=2022, combinable=False).exists()
    assert SupportItem.objects.filter(call__code=f"{year}-hvc").count() == 5
    assert SupportItem.objects.filter(call__code=f"{year}-itd").count() == 6


def test_seeded_rules():
    seed(log=lambda line: None)
    year = open_year()
    types = lambda code: list(  # noqa: E731
        EligibilityRule.objects.filter(call__code=code).order_by("order").values_list("rule_type", flat=True)
    )
    assert RuleType.EMPLOYEES_MIN in types(f"{year}-hvc") and RuleType.MANUFACTURING in types(f"{year}-hvc")
    assert RuleType.EMPLOYEES_MAX in types(f"{year}-itd")
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
        located_since=date(2015, 3, 2),
        business_status="01",
        tax_arrears=False,
        sanctioned=False,
        duplicate_funding=False,
        as_of=timezone.localdate(),
    )
    calls = Call.objects.filter(year=open_year()).select_related("program").prefetch_related("eligibility_rules")
    verdicts = {call.program.code: check_eligibility(facts, call) for call in calls}
    assert verdicts["itd"].verdict == Verdict.ELIGIBLE
    assert verdicts["hvc"].verdict == Verdict.INELIGIBLE
    assert [r.rule_type for r in verdicts["hvc"].failed] == [RuleType.EMPLOYEES_MIN]


def test_the_open_calls_have_an_agreement_deadline_three_weeks_after_their_results():
    seed(log=lambda line: None)
    year = open_year()
    for call in Call.objects.filter(year=year):
        assert call.results_on is not None
        assert (call.agreement_due_on - call.results_on).days == 21
    assert not Call.objects.exclude(year=year).filter(agreement_due_on__isnull=False).exists()
