import pytest
from django.utils import timezone

from reports.yearend.models import YearEndReport
from reports.yearend.services import yearend_report_generate

from .factories import built_year, staff


@pytest.fixture
def year() -> int:
    return timezone.localdate().year


@pytest.fixture
def generated(db, year) -> YearEndReport:
    """The report of this year on a small built year, generated as the worker does."""
    built_year(year)
    report = YearEndReport.objects.create(year=year, requested_by=staff(full_name="김담당"))
    yearend_report_generate(report_id=report.pk)
    report.refresh_from_db()
    return report
