"""A completed project with its outcome reports scheduled, a member of its company, figures that pass."""

from django.utils import timezone

from applications.models import Application
from applications.outcomes.models import OutcomeReport
from applications.outcomes.services import Figures, outcome_report_save, reports_schedule
from applications.workflow import ApplicationStatus
from tests.agreements.factories import member_of, selected_application, staff  # noqa: F401  (re-exported)
from tests.programs.factories import CallFactory

GOOD = {
    "sales_krw": 5_300_000_000,
    "exports_krw": 400_000_000,
    "employees": 42,
    "new_hires": 4,
    "new_hires_local": 3,
    "patents_filed": 1,
    "patents_registered": 0,
    "certifications": 1,
    "prototypes": 2,
    "follow_on_investment_krw": 0,
}


def completed_project(call=None, *, sales: int | None = 5_000_000_000, employees: str | None = "40.5", years=3):
    """A project completed today on ``call`` (``years`` of reports after completion), its baseline from the
    frozen application: ``sales`` the newest revenue year, ``employees`` the regular employees."""
    call = call or CallFactory(outcome_report_years=years)
    application = selected_application(call)
    today = timezone.localdate()
    snapshot = {
        "company": {
            "revenues": [[today.year - 2, 4_000_000_000], [today.year - 1, sales]] if sales is not None else [],
            "regular_employees": employees,
        },
        "content": {"expected_sales_krw": 800_000_000, "expected_hires": 3},
    }
    # The factory's snapshot is frozen once stored: the frozen application is written as it would have been.
    Application.objects.filter(pk=application.pk).update(
        snapshot=snapshot, status=ApplicationStatus.COMPLETED, completed_on=today
    )
    application = Application.objects.select_related("call", "company").get(pk=application.pk)
    reports_schedule(application=application)
    return application


def this_years_report(application) -> OutcomeReport:
    return application.outcome_reports.get(year=timezone.localdate().year)


def fill(report, user, **changes) -> OutcomeReport:
    return outcome_report_save(report=report, acting_user=user, figures=Figures(values={**GOOD, **changes}))
