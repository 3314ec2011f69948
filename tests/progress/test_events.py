"""Which change sends which progress event, to whom, in which language, once; the daily reminder of reports due
soon and overdue."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from applications.progress.models import ReportKind
from applications.progress.reminders import progress_reports_remind
from applications.progress.schedule import report_due_on
from applications.progress.services import project_complete, report_return
from portal.notifications.events import event_get
from portal.notifications.models import Notification
from portal.notifications.rendering import render
from tests.applications.factories import CompanyMemberFactory, UserFactory

from .factories import accepted, confirmed, filed, in_progress, settled

pytestmark = pytest.mark.django_db
K = ReportKind


def test_submission_tells_staff_and_a_return_tells_the_company_with_the_comment(django_capture_on_commit_callbacks):
    application, member, person = in_progress()
    english = CompanyMemberFactory(company=application.company, user=UserFactory(language="en")).user
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = filed(application, member, K.INTERIM)
    assert callbacks
    submitted = Notification.objects.filter(event="progress_report_submitted")
    assert person.pk in {row.recipient_id for row in submitted}
    assert not submitted.filter(recipient=member).exists()
    assert {row.link for row in submitted} == {reverse("review:progress", args=[application.pk])}

    report_return(report=report, acting_user=person, comment="시험성적서 보완")
    returned = Notification.objects.filter(event="progress_report_returned")
    assert event_get("progress_report_returned").required is True
    assert {row.recipient_id for row in returned} == {member.pk, english.pk}
    assert {row.link for row in returned} == {reverse("applications:progress_report", args=[application.pk, "interim"])}
    en = render(returned.get(recipient=english, channel="email"))
    assert en.language == "en" and "Interim report returned for revision" in en.subject
    assert "시험성적서 보완" in en.text and application.receipt_number in en.subject
    ko = render(returned.filter(recipient=member).first())
    assert ko.language == "ko" and "중간보고서" in ko.subject


def test_completion_tells_the_company_once():
    application, member, person = in_progress()
    accepted(application, member, person, K.INTERIM)
    accepted(application, member, person, K.FINAL)
    settled(application, member, person)
    accepted_rows = Notification.objects.filter(event="progress_report_accepted", recipient=member, channel="email")
    assert accepted_rows.count() == 2
    project_complete(application=application, acting_user=person)
    done = Notification.objects.filter(event="project_completed")
    assert event_get("project_completed").required is True
    assert {row.recipient_id for row in done} == {member.pk}
    text = render(done.first()).text
    assert timezone.localdate().isoformat() in text


def test_the_reminder_sends_due_soon_then_overdue_once_each():
    application, member, _person = in_progress(starts_days=-110, days=240)  # interim due in 10 days
    version = confirmed(application)
    due = report_due_on(version, K.INTERIM, application.call.settlement_due_days)
    assert due == timezone.localdate() + timedelta(days=10)
    assert progress_reports_remind() == 0
    with time_machine.travel(timezone.now() + timedelta(days=5)):
        assert progress_reports_remind() > 0
        assert progress_reports_remind() == 0
    row = Notification.objects.get(event="progress_report_due", channel="email")
    assert row.recipient == member and row.params["due_on"] == due.isoformat()
    assert "중간보고서" in render(row).subject and due.isoformat() in render(row).subject
    with time_machine.travel(timezone.now() + timedelta(days=11)):
        assert progress_reports_remind() > 0
        assert progress_reports_remind() == 0
    overdue = Notification.objects.filter(event="progress_report_overdue", recipient=member, channel="email")
    assert overdue.count() == 1


def test_a_submitted_report_is_not_reminded():
    application, member, _person = in_progress(starts_days=-130, days=240)  # interim overdue by 10 days
    filed(application, member, K.INTERIM)
    assert progress_reports_remind() == 0
    assert not Notification.objects.filter(event__in=["progress_report_due", "progress_report_overdue"]).exists()
