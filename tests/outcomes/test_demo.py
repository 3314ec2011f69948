"""The demo: a project of program A's call two years ago, completed, with one report verified, one submitted and
waiting, one due; seeding again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from applications.outcomes.demo import BUSINESS_NUMBER
from applications.outcomes.models import OutcomeReport, ReportState
from applications.outcomes.selectors import call_outcome_summary
from applications.workflow import ApplicationStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_verified_a_waiting_and_a_due_report():
    call_command("seed_demo", stdout=StringIO())
    year = timezone.localdate().year
    reports = (
        OutcomeReport.objects.filter(application__company__business_number=BUSINESS_NUMBER)
        .select_related("application", "application__call")
        .order_by("year")
    )
    states = {report.year: report.state for report in reports}
    assert states[year - 2] == ReportState.VERIFIED
    assert states[year - 1] == ReportState.SUBMITTED
    assert states[year] == ReportState.DRAFT
    application = reports[0].application
    assert application.status == ApplicationStatus.COMPLETED and application.call.year == year - 2
    # The call's summary counts the verified report beside the imported history of that call (verified too).
    verified = OutcomeReport.objects.filter(
        application__call=application.call, year=year - 2, state=ReportState.VERIFIED
    )
    (entry,) = call_outcome_summary(calls=[application.call])
    (row,) = [row for row in entry.years if row.year == year - 2]
    assert row.projects == verified.count() and row.rd_tasks >= 1
    total = OutcomeReport.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert OutcomeReport.objects.count() == total
