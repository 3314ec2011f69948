"""The history import: a dry run lists every row's problems with its row number; a real run is all-or-nothing."""

from decimal import Decimal

import pytest
from django.utils import timezone

from applications.agreements.models import Agreement, AgreementItem, AgreementVersion
from applications.agreements.services import agreement_confirm, agreement_draft, agreement_version_issue
from applications.funding.models import SettlementState
from applications.funding.selectors import call_money_summary
from applications.models import Application, ApplicationItem, Company, CompanyRevenue
from applications.outcomes.importing import history_import, read_table
from applications.outcomes.models import OutcomeRdTask, OutcomeReport, ReportSource, ReportState
from applications.outcomes.services import baseline_from_snapshot, report_due_on
from applications.workflow import ApplicationStatus
from tests.agreements.factories import member_of, selected_application
from tests.evaluation.factories import staff
from tests.history.files import BAD_NUMBER, GOOD_NUMBERS, HEADER, MORE_NUMBERS, csv_bytes, past_call, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def written() -> dict[str, int]:
    models = (Company, CompanyRevenue, Application, ApplicationItem, Agreement, AgreementVersion, AgreementItem)
    counts = {model.__name__: model.objects.count() for model in models}
    return counts | {"OutcomeReport": OutcomeReport.objects.count(), "OutcomeRdTask": OutcomeRdTask.objects.count()}


def errors(result) -> list[tuple[int, str]]:
    return [(problem.row, problem.column) for problem in result.errors]


def bad_rows(call) -> list[dict]:
    """Row 2 is good; rows 3 to 10 each have one problem."""
    return [
        row(call),
        row(call, number=BAD_NUMBER),
        row(call, number=GOOD_NUMBERS[1], call_code="1999-nope"),
        row(call),  # the same project and year as row 2
        row(call, number=GOOD_NUMBERS[1], sales_krw=-5),
        row(call, number=GOOD_NUMBERS[1], year=call.year + 1, employees=250_000),
        row(call, number=MORE_NUMBERS[0], completed_on="2021-13-40"),
        row(call, number=MORE_NUMBERS[1], support_items="process-rnd:40000000; nope:1000"),
        row(call, number=MORE_NUMBERS[2], new_hires=2, new_hires_local=3),
    ]


EXPECTED = [
    (3, "business_number"),
    (4, "call_code"),
    (5, "report_year"),
    (6, "sales_krw"),
    (7, "employees"),
    (8, "completed_on"),
    (9, "support_items"),
    (10, "new_hires_local"),
]


def test_the_test_numbers_are_what_they_claim():
    from programs.identifiers import is_valid_business_number

    numbers = (*MORE_NUMBERS, *GOOD_NUMBERS)
    assert all(is_valid_business_number(number) for number in numbers)
    assert not is_valid_business_number(BAD_NUMBER)


def test_a_dry_run_of_a_csv_lists_each_problem_with_its_row_and_column_and_writes_nothing():
    call = past_call()
    before = written()
    result = history_import(table=read_table(csv_bytes(bad_rows(call))), acting_user=staff(), dry_run=True)
    assert errors(result) == EXPECTED
    messages = {problem.row: problem.message for problem in result.errors}
    assert "business registration number" in messages[3]
    assert "1999-nope" in messages[4]
    assert "row 2" in messages[5]
    assert "negative" in messages[6]
    assert "100,000" in messages[7]
    assert "YYYY-MM-DD" in messages[8]
    assert "nope" in messages[9]
    assert result.written is False
    assert written() == before


def test_a_dry_run_of_an_xlsx_finds_the_same_problems():
    call = past_call()
    result = history_import(table=read_table(xlsx_bytes(bad_rows(call))), acting_user=staff(), dry_run=True)
    assert errors(result) == EXPECTED


def test_a_dry_run_of_a_good_file_has_no_problem_and_writes_nothing():
    call = past_call()
    before = written()
    result = history_import(table=read_table(csv_bytes([row(call)])), acting_user=staff(), dry_run=True)
    assert result.problems == []
    assert result.rows == 1
    assert written() == before


def test_a_missing_required_column_is_named_on_the_header_row():
    call = past_call()
    columns = [name for name in HEADER if name != "report_year"]
    result = history_import(
        table=read_table(csv_bytes([row(call)], columns=columns)), acting_user=staff(), dry_run=True
    )
    assert errors(result) == [(1, "report_year")]
    assert "missing" in result.errors[0].message


def test_an_empty_required_field_is_named_with_its_row():
    call = past_call()
    result = history_import(table=read_table(csv_bytes([row(call, company_name="")])), acting_user=staff())
    assert errors(result) == [(2, "company_name")]


def test_korean_headers_in_a_cp949_csv_are_read():
    call = past_call()
    data = csv_bytes([row(call)], korean=True, encoding="cp949")
    result = history_import(table=read_table(data), acting_user=staff())
    assert result.errors == []
    assert OutcomeReport.objects.get().sales_krw == 11_200_000_000


def test_a_year_that_has_not_ended_or_beyond_the_calls_reports_is_refused():
    call = past_call()
    this_year = timezone.localdate().year
    rows = [row(call, year=this_year), row(call, year=call.year - 1)]
    result = history_import(table=read_table(csv_bytes(rows)), acting_user=staff(), dry_run=True)
    assert errors(result) == [(2, "report_year"), (3, "report_year")]
    assert "ended" in result.errors[0].message


def test_rows_of_one_project_must_agree_on_the_project():
    call = past_call()
    rows = [row(call), row(call, year=call.year + 1, project_title="다른 과제")]
    result = history_import(table=read_table(csv_bytes(rows)), acting_user=staff(), dry_run=True)
    assert errors(result) == [(3, "project_title")]
    assert "row 2" in result.errors[0].message


def test_a_file_with_one_bad_row_writes_nothing():
    call = past_call()
    before = written()
    rows = [row(call), row(call, year=call.year + 1), row(call, number=GOOD_NUMBERS[1], sales_krw="12억")]
    result = history_import(table=read_table(csv_bytes(rows)), acting_user=staff())
    assert errors(result) == [(4, "sales_krw")]
    assert result.written is False
    assert written() == before


def test_a_good_file_writes_the_companies_projects_agreements_and_verified_reports():
    call = past_call()
    user = staff()
    rows = [
        row(call),
        row(call, year=call.year + 1, sales_krw=12_000_000_000, rd_task_name="소재부품기술개발",
            rd_task_agency="한국산업기술평가관리원", rd_task_amount_krw="300,000,000", remarks="후속 과제 수주"),
        row(call, number=GOOD_NUMBERS[1], support_items="marketing:15000000", baseline_sales_krw="",
            baseline_employees=""),
    ]  # fmt: skip
    before = timezone.now()
    result = history_import(table=read_table(xlsx_bytes(rows)), acting_user=user)
    assert result.problems == []
    assert (result.companies, result.projects, result.reports, result.rd_tasks) == (2, 2, 3, 1)

    application = Application.objects.get(company__business_number=GOOD_NUMBERS[0])
    assert application.call == call
    assert application.status == ApplicationStatus.COMPLETED
    assert application.completed_on.isoformat() == f"{call.year}-11-30"
    assert application.project_title == "공정 자동화 개선"
    assert application.receipt_number == f"YC-{call.year}-HVC-H0001"
    assert baseline_from_snapshot(application.snapshot) == (10_000_000_000, Decimal("42.50"))
    assert application.company.revenues.get().amount_krw == 10_000_000_000
    items = sorted((item.support_item.code, item.city_support_krw) for item in application.items.all())
    assert items == [("marketing", 20_000_000), ("process-rnd", 40_000_000)]
    version = application.agreement.versions.get()
    assert version.number == 1 and version.confirmed_at is not None and version.ends_on == application.completed_on
    assert version.totals()["city"] == 60_000_000
    assert application.status_changes.get().to_status == ApplicationStatus.COMPLETED
    # Paid and settled in full, as the budget summary of the call shows.
    (money,) = call_money_summary(calls=[call]).calls
    assert money.agreed == money.paid == money.settled == money.committed > 60_000_000 and money.assessed == 0
    assert application.agreement.settlement.state == SettlementState.REVIEWED

    reports = list(application.outcome_reports.order_by("year"))
    assert [report.year for report in reports] == [call.year, call.year + 1]
    for report in reports:
        assert report.state == ReportState.VERIFIED
        assert report.source == ReportSource.IMPORT
        assert report.verified_by == user and report.verified_at >= before
        assert report.due_on == report_due_on(report.year)
        assert (report.baseline_sales_krw, report.baseline_employees) == (10_000_000_000, Decimal("42.50"))
    assert (reports[0].sales_krw, reports[1].sales_krw) == (11_200_000_000, 12_000_000_000)
    assert reports[1].note == "후속 과제 수주"
    task = reports[1].rd_tasks.get()
    assert (task.name, task.agency, task.amount_krw) == ("소재부품기술개발", "한국산업기술평가관리원", 300_000_000)

    other = OutcomeReport.objects.get(application__company__business_number=GOOD_NUMBERS[1])
    assert other.application.receipt_number == f"YC-{call.year}-HVC-H0002"
    assert (other.baseline_sales_krw, other.baseline_employees) == (None, None)


def test_importing_the_same_file_again_is_refused_as_duplicates():
    call = past_call()
    data = csv_bytes([row(call), row(call, year=call.year + 1)])
    history_import(table=read_table(data), acting_user=staff())
    before = written()
    result = history_import(table=read_table(data), acting_user=staff())
    assert errors(result) == [(2, "report_year"), (3, "report_year")]
    assert all("exists" in problem.message for problem in result.errors)
    assert written() == before


def test_a_later_file_adds_a_follow_up_year_to_an_imported_project():
    call = past_call()
    history_import(table=read_table(csv_bytes([row(call)])), acting_user=staff())
    result = history_import(table=read_table(csv_bytes([row(call, year=call.year + 1)])), acting_user=staff())
    assert result.errors == []
    assert (result.companies, result.projects, result.reports) == (0, 0, 1)
    assert Application.objects.get().outcome_reports.count() == 2
    assert Agreement.objects.count() == 1


def test_a_company_whose_application_to_the_call_is_not_completed_is_refused():
    call = past_call()
    application = selected_application(call)
    values = row(call, number=application.company.business_number)
    result = history_import(table=read_table(csv_bytes([values])), acting_user=staff(), dry_run=True)
    assert errors(result) == [(2, "call_code")]
    assert "not completed" in result.errors[0].message


def test_a_figure_over_a_hundred_times_the_baseline_is_a_warning_flagged_on_the_report():
    call = past_call()
    result = history_import(table=read_table(csv_bytes([row(call, sales_krw=1_000_100_000_000)])), acting_user=staff())
    assert result.errors == []
    assert [(problem.row, problem.column, problem.is_error) for problem in result.problems] == [(2, "sales_krw", False)]
    assert OutcomeReport.objects.get().flags == ["sales_krw"]


def test_a_file_that_is_not_csv_or_xlsx_is_refused():
    result = history_import(table=read_table(b"PK\x03\x04 not a workbook"), acting_user=staff(), dry_run=True)
    assert [problem.row for problem in result.errors] == [0]
    result = history_import(table=read_table(b"\xff\xfe\x00\x81\xff"), acting_user=staff(), dry_run=True)
    assert len(result.errors) == 1


def test_projects_beyond_the_calls_budget_are_refused_counting_what_is_agreed_already():
    call = past_call()
    call.budget_krw = 150_000_000
    call.save(update_fields=["budget_krw"])
    # 60 million of the budget is agreed in the portal already (a confirmed agreement of the call).
    portal = selected_application(call, city=30_000_000, cash=7_000_000, inkind=3_000_000, lines=2)
    user = staff()
    version = agreement_version_issue(version=agreement_draft(application=portal, acting_user=user), acting_user=user)
    agreement_confirm(version=version, acting_user=member_of(portal))
    before = written()
    rows = [row(call), row(call, number=GOOD_NUMBERS[1])]  # 60 million each: 120 million more, 180 in all
    result = history_import(table=read_table(csv_bytes(rows)), acting_user=staff())
    assert errors(result) == [(3, "support_items")]
    assert "KRW 180,000,000" in result.errors[0].message and "KRW 150,000,000" in result.errors[0].message
    assert written() == before
    result = history_import(table=read_table(csv_bytes(rows[:1])), acting_user=staff())
    assert not result.errors and Application.objects.filter(call=call).count() == 2
