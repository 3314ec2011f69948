"""The demo: the confirmed demo agreement's project has an accepted interim report and a final report awaiting
review; the funding demo's ended projects have both accepted; seeding again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from applications.progress.models import ProgressReport, ReportState
from programs.demo import open_year

pytestmark = pytest.mark.django_db


def test_the_demo_project_has_an_accepted_interim_and_a_submitted_final_report():
    call_command("seed_demo", stdout=StringIO())
    running = ProgressReport.objects.filter(application__call__code=f"{open_year() - 1}-hvc")
    reports = {r.kind: r for r in running.prefetch_related("answers", "files", "events")}
    assert {kind: r.state for kind, r in reports.items()} == {
        "interim": ReportState.ACCEPTED,
        "final": ReportState.SUBMITTED,
    }
    assert all(a.done for a in reports["final"].answers.all())
    assert [a.done for a in reports["interim"].answers.all()][:1] == [True]
    assert reports["interim"].events.count() == 2 and reports["final"].files.exists()
    # The funding demo's ended projects (two years' call) reported in full.
    ended = ProgressReport.objects.filter(application__call__code=f"{open_year() - 2}-hvc")
    assert ended.count() == 4 and set(ended.values_list("state", flat=True)) == {ReportState.ACCEPTED}
    count = ProgressReport.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert ProgressReport.objects.count() == count
