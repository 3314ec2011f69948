"""The demo: the confirmed demo agreement's project has an accepted interim report and a final report awaiting
review; seeding again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from applications.progress.models import ProgressReport, ReportState

pytestmark = pytest.mark.django_db


def test_the_demo_project_has_an_accepted_interim_and_a_submitted_final_report():
    call_command("seed_demo", stdout=StringIO())
    reports = {r.kind: r for r in ProgressReport.objects.prefetch_related("answers", "files", "events")}
    assert {kind: r.state for kind, r in reports.items()} == {
        "interim": ReportState.ACCEPTED,
        "final": ReportState.SUBMITTED,
    }
    assert all(a.done for a in reports["final"].answers.all())
    assert [a.done for a in reports["interim"].answers.all()][:1] == [True]
    assert reports["interim"].events.count() == 2 and reports["final"].files.exists()
    call_command("seed_demo", stdout=StringIO())
    assert ProgressReport.objects.count() == 2
