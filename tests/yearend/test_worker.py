"""End to end through the broker: the page queues the generation on commit and a real worker process makes the
report, its progress read back from the database as the progress endpoint shows it."""

import importlib
import os

import pymupdf
import pytest
from django.urls import reverse
from django.utils import timezone

from reports.yearend.models import ReportState, YearEndReport
from reports.yearend.services import STEPS
from tests.portal.test_worker import wait_for

from .factories import built_year, otp_client, staff


@pytest.mark.services
def test_staff_generate_the_report_and_a_real_worker_makes_it(start_worker, settings):
    # The worker process writes where the settings module puts files; read them from there, and remove them after.
    settings.MEDIA_ROOT = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"]).MEDIA_ROOT
    year = timezone.localdate().year
    built_year(year)
    worker = start_worker()
    client = otp_client(staff())
    response = client.post(reverse("yearend:index"), {"year": str(year)})
    assert response.status_code == 302
    report = YearEndReport.objects.get()
    progress_url = reverse("yearend:progress", args=[report.pk])
    try:
        seen = set()

        def finished():
            data = client.get(progress_url).json()
            seen.add(data["progress"])
            return data["finished"]

        assert wait_for(finished, timeout=180, interval=0.05), worker.output()
        report.refresh_from_db()
        assert report.state == ReportState.DONE, report.error
        assert [entry["progress"] for entry in report.steps] == [progress for progress, _step in STEPS]
        assert seen <= {0, *[progress for progress, _step in STEPS]}
        assert "yearend.generate_report" in worker.output()
        with report.pdf.open("rb") as handle:
            document = pymupdf.open(stream=handle.read(), filetype="pdf")
        assert "영천시" in document[0].get_text()
    finally:
        report.refresh_from_db()
        for field in (report.pdf, report.xlsx):
            if field:
                field.delete(save=False)
