"""The demo: staff generated last year's year-end report; its PDF and XLSX are there, and seeding again keeps it."""

from io import StringIO

import pytest
from django.core.management import call_command

from programs.demo import open_year
from reports.yearend.models import ReportState, YearEndReport

pytestmark = pytest.mark.django_db


def test_the_demo_has_last_years_report_with_its_files():
    call_command("seed_demo", stdout=StringIO())
    report = YearEndReport.objects.get()
    assert (report.year, report.state, report.requested_by.email) == (
        open_year() - 1,
        ReportState.DONE,
        "staff@demo.yc.kr",
    )
    with report.pdf.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert report.xlsx
    call_command("seed_demo", stdout=StringIO())
    assert YearEndReport.objects.count() == 1
