"""The results figures equal hand sums over the ORM, count verified completion-year reports only, fold small
area groups, and make a fixed number of queries for 1 and many projects; on the seeded demo, 2021 agrees with
DOMAIN.md."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F, Sum
from django.utils import timezone

from applications.agreements.models import AgreementItem
from applications.funding.models import Payment
from applications.models import Application
from applications.outcomes.models import OutcomeRdTask, OutcomeReport, ReportState
from reports.areas import OTHER
from reports.figures import (
    MIN_GROUP,
    OFFICIALS,
    PUBLIC,
    SERIES_QUERIES,
    AreaRow,
    before_after,
    company_rows,
    fold_small_groups,
    reports_behind,
    series_results,
    year_results,
)

from .factories import S, calls_of, move, report, supported

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return timezone.localdate().year


@pytest.fixture
def built(year):
    """Program A: 4 projects (3 in 화산면, 1 in 녹전동 → 중앙동), one of them paid 10 million; one selected and then
    cancelled; one not selected. Program B: 2 projects (금호읍, and an address in Seoul's 영천동 → unknown). Outcome
    reports of the year: verified ones, a submitted one (does not count), a follow-up report of last year's call."""
    call_a, call_b = calls_of(year)
    a1 = supported(call_a, address="경상북도 영천시 화산면 대기리 10", paid=10_000_000)
    a2 = supported(call_a, address="경북 영천시 화산면 대기리 11", lines=2)
    a3 = supported(call_a, address="경상북도 영천시 화산면 대기리 12")
    a4 = supported(call_a, address="경북 영천시 녹전동 40")
    cancelled = supported(call_a, address="경상북도 영천시 화산면 대기리 13")
    move(cancelled, S.CANCELLED, was_selected=True)
    rejected = supported(call_a, address="경상북도 영천시 화산면 대기리 14")
    move(rejected, S.NOT_SELECTED)
    b1 = supported(call_b, address="경상북도 영천시 금호읍 구암리 5", city=15_000_000)
    b2 = supported(call_b, address="서울특별시 서대문구 영천동 1", city=15_000_000)
    report(a1, year, baseline=1_000_000_000, sales_krw=1_500_000_000, certifications=2, new_hires=3, patents_filed=1)
    report(a2, year, baseline=None, sales_krw=700_000_000, certifications=1)  # no baseline: no increase
    report(a3, year, state=ReportState.SUBMITTED, baseline=1, sales_krw=9_000_000_000, certifications=9)
    b1_report = report(b1, year, baseline=200_000_000, sales_krw=150_000_000, new_hires=2, patents_filed=1)
    OutcomeRdTask.objects.create(report=b1_report, name="과제", agency="KEIT", amount_krw=300_000_000)
    (old_call, _old_b) = calls_of(year - 1)
    old = supported(old_call, address="경상북도 영천시 화산면 대기리 20")
    report(old, year, baseline=1, sales_krw=5_000_000_000)  # a follow-up year of last year's call
    return {"a": [a1, a2, a3, a4], "b": [b1, b2], "cancelled": cancelled, "rejected": rejected}


def hand(year, letter, **extra):
    """The completion-year verified reports of program ``letter``, summed over the ORM."""
    reports = OutcomeReport.objects.filter(
        state=ReportState.VERIFIED, year=year, application__call__year=year, application__call__program__letter=letter
    )
    known = reports.filter(sales_krw__isnull=False, baseline_sales_krw__isnull=False)
    return {
        "new_sales": known.aggregate(total=Sum(F("sales_krw") - F("baseline_sales_krw")))["total"] or 0,
        **{key: value or 0 for key, value in reports.aggregate(**extra).items()},
    }


def test_the_year_equals_hand_sums_over_the_orm(built, year):
    results = year_results(year)
    a, b = results.program("A"), results.program("B")
    assert (a.calls, a.applications, a.selected, a.cancelled) == (1, 6, 4, 1)
    assert (b.calls, b.applications, b.selected, b.cancelled) == (1, 2, 2, 0)
    agreed_a = AgreementItem.objects.filter(
        version__agreement__application__call__year=year,
        version__agreement__application__call__program__letter="A",
    ).aggregate(total=Sum("city_support_krw"))["total"]
    assert a.agreed_krw == agreed_a == 20_000_000 * 7  # six projects (one of two lines), rejected or not
    assert a.paid_krw == Payment.objects.aggregate(total=Sum("amount_krw"))["total"] == 10_000_000
    assert b.agreed_krw == 30_000_000 and b.paid_krw == 0
    hand_a = hand(year, "A", certifications=Sum("certifications"), hires=Sum("new_hires"))
    assert a.outcomes.sales_increase_krw == hand_a["new_sales"] == 500_000_000
    assert a.outcomes.certifications == hand_a["certifications"] == 3  # the submitted report's 9 do not count
    assert a.outcomes.sales_krw == 2_200_000_000 and a.outcomes.projects == 2
    assert a.unverified_reports == 1
    hand_b = hand(year, "B", patents=Sum("patents_filed"))
    assert b.outcomes.sales_increase_krw == hand_b["new_sales"] == -50_000_000
    assert b.outcomes.patents_filed == hand_b["patents"] == 1
    assert (b.outcomes.rd_tasks, b.outcomes.rd_tasks_krw) == (1, 300_000_000)
    total = results.total
    assert total.selected == 6 and total.applications == 8 and total.agreed_krw == agreed_a + 30_000_000
    assert total.outcomes.sales_increase_krw == 450_000_000  # last year's follow-up report is not this year's
    assert total.value("new_hires") == 5 and total.value("agreed_krw") == total.agreed_krw


def test_support_items_add_up_to_the_programs(built, year):
    results = year_results(year)
    assert sum(item.agreed_krw for item in results.items) == results.total.agreed_krw
    assert sum(item.paid_krw for item in results.items) == results.total.paid_krw
    assert (
        sum(item.applications for item in results.items)
        == Application.objects.filter(call__year=year, receipt_number__isnull=False).values("items").count()
    )
    two_lines = built["a"][1]
    for line in two_lines.items.all():
        (item,) = [entry for entry in results.items if entry.code == line.support_item.code]
        assert (item.applications, item.selected, item.letters) == (1, 1, ["A"])


def test_areas_fold_groups_under_three_companies_into_other(built, year):
    areas = {row.area: row for row in year_results(year).areas}
    assert set(areas) == {"화산면", OTHER}
    assert areas["화산면"].companies == 3 and areas["화산면"].agreed_krw == 80_000_000
    # 중앙동 (1), 금호읍 (1) and the unknown address (1) together.
    assert areas[OTHER].companies == 3 and areas[OTHER].agreed_krw == 50_000_000


def test_a_small_other_group_takes_the_smallest_area_with_it():
    rows = [AreaRow("화산면", "화산면", 5, 50), AreaRow("금호읍", "금호읍", 3, 30), AreaRow("중앙동", "중앙동", 1, 10)]
    folded = {row.area: (row.companies, row.agreed_krw) for row in fold_small_groups(rows)}
    assert folded == {"화산면": (5, 50), OTHER: (4, 40)}
    assert all(row.companies >= MIN_GROUP for row in fold_small_groups(rows))


def test_supported_companies_are_listed_with_program_and_support_but_not_the_cancelled(built, year):
    companies = year_results(year).companies
    ids = {row.company_id for row in companies}
    assert built["cancelled"].company_id not in ids and built["rejected"].company_id not in ids
    assert len(companies) == 6
    (first,) = [row for row in companies if row.company_id == built["a"][0].company_id]
    assert (first.letter, first.agreed_krw, first.paid_krw, first.area) == ("A", 20_000_000, 10_000_000, "화산면")


def test_company_outcomes_only_for_consenting_companies(built, year):
    a1, a2 = built["a"][0], built["a"][1]
    rows = company_rows(year, consented_ids={a1.company_id, built["a"][2].company_id})
    assert [row.company_id for row in rows] == [a1.company_id]  # a3's report is not verified
    assert rows[0].outcomes.sales_increase_krw == 500_000_000 and rows[0].outcomes.certifications == 2
    assert a2.company_id not in {row.company_id for row in rows}
    assert company_rows(year, consented_ids=set()) == []


def test_before_after_averages_the_last_three_verified_years(year):
    call_a, _b = calls_of(year - 4)
    application = supported(call_a, address="경북 영천시 녹전동 40")
    for offset, sales, employees in ((4, 100, 10), (3, 200, 11), (2, 300, 12), (1, 401, 14)):
        report(application, year - offset, baseline=50, sales_krw=sales, employees=employees)
    OutcomeReport.objects.filter(application=application).update(baseline_employees=Decimal("9.50"))
    (row,) = before_after(year - 4)
    assert row.years_averaged == 3 and [entry[0] for entry in row.years] == [year - 4, year - 3, year - 2, year - 1]
    assert row.after_sales_krw == 300  # (200 + 300 + 401) / 3 = 300.33…, to the won
    assert row.after_employees == Decimal("12.33") and row.baseline_employees == Decimal("9.50")
    assert row.sales_change_krw == 250


def test_reports_behind_a_figure_are_the_reports_it_sums(built, year):
    results = year_results(year)
    behind = reports_behind(year, "A", "sales_increase_krw")
    assert [r.application_id for r in behind] == [built["a"][0].pk]
    assert sum(r.sales_krw - r.baseline_sales_krw for r in behind) == results.program("A").outcomes.sales_increase_krw
    certified = reports_behind(year, None, "certifications")
    assert sum(r.certifications or 0 for r in certified) == results.total.outcomes.certifications
    assert [r.application_id for r in reports_behind(year, None, "rd_tasks")] == [built["b"][0].pk]
    assert not reports_behind(year, None, "projects").exclude(state=ReportState.VERIFIED).exists()


def test_the_officials_edition_adds_the_budget_execution_per_call(built, year):
    assert year_results(year, edition=PUBLIC).money is None
    money = year_results(year, edition=OFFICIALS).money
    assert [entry.call.year for entry in money.calls] == [year, year]
    assert money.total.agreed == year_results(year).total.agreed_krw


def _many(year, count):
    call_a, call_b = calls_of(year)
    for n in range(count):
        application = supported(call_a if n % 2 else call_b, address="경북 영천시 녹전동 1", paid=1_000_000)
        report(application, year, baseline=1, sales_krw=2, certifications=1)


@pytest.mark.parametrize("count", [1, 6])
def test_a_year_and_a_series_make_a_fixed_number_of_queries(django_assert_num_queries, year, count):
    _many(year, count)
    with django_assert_num_queries(SERIES_QUERIES):
        results = year_results(year, edition=OFFICIALS)
    assert results.total.selected == count and results.total.outcomes.certifications == count
    with django_assert_num_queries(SERIES_QUERIES):
        series = series_results(range(year - 3, year + 1))
    assert [entry.year for entry in series] == list(range(year - 3, year + 1))


def test_the_seeded_2021_results_agree_with_the_domain_figures():
    call_command("seed_demo", stdout=StringIO())
    results = year_results(2021)
    a, b = results.program("A").outcomes, results.program("B").outcomes
    assert (a.projects, a.sales_increase_krw, a.certifications) == (7, 26_100_000_000, 4)
    assert (a.sales_krw, a.employees) == (773_100_000_000, 1_258)
    assert (b.projects, b.sales_increase_krw, b.new_hires) == (13, 13_100_000_000, 22)
    assert (b.certifications, b.patents_filed) == (7, 2)
    assert results.program("A").selected == 7 and results.program("B").selected == 13
    series = series_results(range(2019, timezone.localdate().year + 1))
    assert series[0].year == 2019 and series[0].total.selected > 0
    assert sum(row.companies for row in results.areas) == results.total.selected
