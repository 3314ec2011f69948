"""The outcome summary counts VERIFIED reports only, with the exact definitions of docs/outcomes.md, in a fixed
number of queries; the company's due items."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications.outcomes.models import OutcomeReport, ReportSource, ReportState
from applications.outcomes.selectors import call_outcome_summary, company_due_items, program_outcome_summary
from applications.outcomes.services import (
    outcome_report_return,
    outcome_report_submit,
    outcome_report_verify,
    rd_task_add,
)
from tests.programs.factories import CallFactory

from .factories import completed_project, fill, member_of, staff, this_years_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def verified(application, person, **figures):
    user = member_of(application)
    report = fill(this_years_report(application), user, **figures)
    report = outcome_report_submit(report=report, acting_user=user)
    return outcome_report_verify(report=report, acting_user=person)


def test_sums_of_verified_reports_only_with_the_sales_increase_where_both_are_known():
    person = staff()
    call = CallFactory()
    year = timezone.localdate().year
    a = completed_project(call, sales=1_000_000_000)
    b = completed_project(call, sales=None)  # no baseline: counts in Σ sales, not in the increase
    c = completed_project(call, sales=2_000_000_000)  # submitted, not verified: counts nowhere
    verified(a, person, sales_krw=1_500_000_000, employees=30, new_hires=5, new_hires_local=2, patents_filed=2)
    report_b = verified(b, person, sales_krw=700_000_000, employees=10, new_hires=1, new_hires_local=1)
    user_c = member_of(c)
    outcome_report_submit(report=fill(this_years_report(c), user_c, sales_krw=9_000_000_000), acting_user=user_c)
    # An R&D task on a verified report counts; one on an unverified report does not.
    OutcomeReport.objects.filter(pk=report_b.pk).update(state=ReportState.RETURNED)
    rd_task_add(report=report_b, acting_user=member_of(b), name="과제", agency="KEIT", amount_krw=300_000_000)
    OutcomeReport.objects.filter(pk=report_b.pk).update(state=ReportState.VERIFIED)
    report_c = this_years_report(c)
    outcome_report_return(report=report_c, acting_user=person, questions="?")
    rd_task_add(report=report_c, acting_user=user_c, name="과제2", agency="KEIT", amount_krw=999)

    (entry,) = call_outcome_summary(calls=[call])
    (row,) = entry.years
    assert row.year == year and row.projects == 2
    assert row.sales_increase_krw == 500_000_000
    assert row.sales_krw == 2_200_000_000
    assert (row.employees, row.new_hires, row.new_hires_local, row.patents_filed) == (40, 6, 3, 3)
    assert (row.rd_tasks, row.rd_tasks_krw) == (1, 300_000_000)
    assert row.exports_krw == 800_000_000 and row.certifications == 2 and row.prototypes == 4


def test_a_drop_in_sales_lowers_the_increase_and_imports_count_like_portal_reports():
    person = staff()
    call = CallFactory()
    verified(completed_project(call, sales=3_000_000_000), person, sales_krw=2_000_000_000)
    imported = completed_project(call, sales=1_000_000_000)
    OutcomeReport.objects.filter(pk=this_years_report(imported).pk).update(
        state=ReportState.VERIFIED, source=ReportSource.IMPORT, verified_at=timezone.now(), sales_krw=1_600_000_000
    )
    (row,) = call_outcome_summary(calls=[call])[0].years
    assert row.projects == 2 and row.sales_increase_krw == -400_000_000


@pytest.mark.parametrize("count", [1, 6])
def test_the_summary_makes_a_fixed_number_of_queries(django_assert_num_queries, count):
    person = staff()
    calls = [CallFactory(), CallFactory()]
    for n in range(count):
        verified(completed_project(calls[n % 2]), person)
    with django_assert_num_queries(2):
        per_call = call_outcome_summary(calls=calls)
        per_program = program_outcome_summary(per_call)
    assert sum(row.projects for entry in per_call for row in entry.years) == count
    assert sum(row.projects for entry in per_program for row in entry.years) == count


def test_due_items_are_reports_due_soon_overdue_or_returned():
    today = timezone.localdate()
    application = completed_project()
    user = member_of(application)
    report = this_years_report(application)
    company = application.company
    assert company_due_items(company=company, today=report.due_on - timedelta(days=60)) == []
    soon = report.due_on - timedelta(days=10)
    (item,) = company_due_items(company=company, today=soon)
    assert item.due_on == report.due_on and not item.overdue and str(report.year) in str(item.title)
    (item,) = company_due_items(company=company, today=report.due_on + timedelta(days=1))
    assert item.overdue
    outcome_report_submit(report=fill(report, user), acting_user=user)
    assert company_due_items(company=company, today=soon) == []
    outcome_report_return(report=report, acting_user=staff(), questions="?")
    (item,) = company_due_items(company=company, today=today)
    assert "answer the questions" in str(item.title)


@pytest.mark.parametrize("count", [1, 5])
def test_due_items_make_one_query(django_assert_num_queries, count):
    first = completed_project()
    for _ in range(count - 1):
        other = completed_project()
        other.company_id = first.company_id
        other.save(update_fields=["company"])
    due_on = this_years_report(first).due_on
    with django_assert_num_queries(1):
        items = company_due_items(company=first.company, today=due_on)
    assert len(items) == count
