"""The writes of outcome reports. Keyword-only, each in one transaction."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from applications.models import Application

from .models import OutcomeReport

# A report for year Y is due on this month and day of year Y + 1 (annual figures are known by then).
DUE_MONTH_DAY = (3, 31)


def report_due_on(year: int) -> date:
    return date(year + 1, *DUE_MONTH_DAY)


def baseline_from_snapshot(snapshot: dict | None) -> tuple[int | None, Decimal | None]:
    """(sales, regular employees) before support, from a frozen application: the newest revenue year and the
    regular employees the company declared when it submitted."""
    company = (snapshot or {}).get("company") or {}
    revenues = company.get("revenues") or []
    sales = None
    if revenues:
        newest = max(revenues, key=lambda row: row[0])
        sales = int(newest[1]) if newest[1] is not None else None
    employees = company.get("regular_employees")
    try:
        employees = Decimal(str(employees)) if employees is not None else None
    except InvalidOperation:
        employees = None
    return sales, employees


@transaction.atomic
def reports_schedule(*, application: Application) -> list[OutcomeReport]:
    """The outcome reports a completed project owes: the year of completion and the call's
    ``outcome_report_years`` after it, each created once (calling again adds only what is missing)."""
    if application.completed_on is None:
        raise ValueError("The project is not completed.")
    first = application.completed_on.year
    years = range(first, first + application.call.outcome_report_years + 1)
    existing = set(application.outcome_reports.values_list("year", flat=True))
    sales, employees = baseline_from_snapshot(application.snapshot)
    return OutcomeReport.objects.bulk_create(
        OutcomeReport(
            application=application,
            year=year,
            due_on=report_due_on(year),
            baseline_sales_krw=sales,
            baseline_employees=employees,
        )
        for year in years
        if year not in existing
    )
