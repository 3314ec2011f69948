"""The company dashboard after selection: what is due next from each app (agreement, reports, settlement, refund,
outcome reports) with its date, and the history of what the company filed, newest first; a fixed number of
queries for one project and for many."""

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.agreements.services import agreement_draft, agreement_version_issue
from applications.outcomes.services import outcome_report_submit
from applications.progress.models import ReportKind
from applications.progress.services import project_complete
from tests.agreements.factories import selected_application
from tests.evaluation.factories import otp_client
from tests.outcomes.factories import fill
from tests.progress.factories import accepted, in_progress, settled

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def finished_project():
    """A project taken through every step a company files: the agreement confirmed, the interim and final
    reports, the settlement, and (after completion) this year's outcome report submitted."""
    application, member, person = in_progress()
    accepted(application, member, person, ReportKind.INTERIM)
    accepted(application, member, person, ReportKind.FINAL)
    settled(application, member, person)
    project_complete(application=application, acting_user=person)
    report = application.outcome_reports.get(year=timezone.localdate().year)
    outcome_report_submit(report=fill(report, member), acting_user=member)
    return application, member


def test_the_history_lists_everything_filed_newest_first_with_links():
    application, member = finished_project()
    page = otp_client(member).get(reverse("applications:dashboard")).content.decode()
    titles = [
        "Agreement version 1 confirmed",
        "Interim report submitted",
        "Final report submitted",
        "Settlement submitted",
        f"Outcome report {timezone.localdate().year} submitted",
    ]
    positions = [page.index(title) for title in titles]
    assert positions == sorted(positions, reverse=True)  # newest first
    for url in (
        reverse("applications:agreement", args=[application.pk]),
        reverse("applications:progress", args=[application.pk]),
        reverse("funding:company", args=[application.pk]),
    ):
        assert f'href="{url}"' in page


def test_what_is_due_comes_from_every_app_in_date_order():
    running, member, person = in_progress()
    issued = selected_application()
    issued.company = running.company
    issued.save(update_fields=["company"])
    agreement_version_issue(version=agreement_draft(application=issued, acting_user=person), acting_user=person)
    page = otp_client(member).get(reverse("applications:dashboard")).content.decode()
    assert "Confirm the agreement" in page and reverse("applications:agreement", args=[issued.pk]) in page
    assert "Interim report" in page and reverse("applications:progress_report", args=[running.pk, "interim"]) in page


def _queries(django_assert_num_queries, member, expected: int) -> None:
    client = otp_client(member)
    client.get(reverse("applications:dashboard"))
    with django_assert_num_queries(expected):
        assert client.get(reverse("applications:dashboard")).status_code == 200


@pytest.mark.parametrize("projects", [1, 3])
def test_the_dashboard_makes_a_fixed_number_of_queries_after_selection(django_assert_num_queries, projects):
    application, member = finished_project()
    for _ in range(projects - 1):
        other, _member = finished_project()
        other.company = application.company
        other.save(update_fields=["company"])
    # Session, user, OTP device, membership, company, applications and their joins, documents, open calls,
    # messages, the badge, and one query each for the four apps' due and filed items.
    _queries(django_assert_num_queries, member, 25)
