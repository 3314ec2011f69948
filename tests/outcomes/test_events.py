"""The outcome events: returned (required) and verified (optional) to the company, submitted to staff, the
daily due and overdue reminders once per report and due date, in the recipient's language."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from applications.outcomes.reminders import outcome_due_remind, outcome_overdue_remind
from applications.outcomes.services import outcome_report_return, outcome_report_submit, outcome_report_verify
from portal.notifications.events import event_get
from portal.notifications.models import Notification
from portal.notifications.rendering import render
from tests.applications.factories import CompanyMemberFactory, UserFactory

from .factories import completed_project, fill, member_of, staff, this_years_report

pytestmark = pytest.mark.django_db


def test_submit_return_verify_notify_staff_then_the_company(django_capture_on_commit_callbacks):
    application = completed_project()
    korean = CompanyMemberFactory(company=application.company, user=UserFactory(language="ko")).user
    english = CompanyMemberFactory(company=application.company, user=UserFactory(language="en")).user
    person = staff()
    assert event_get("outcome_report_returned").required is True
    assert event_get("outcome_report_verified").required is False
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = outcome_report_submit(report=fill(this_years_report(application), korean), acting_user=korean)
    assert callbacks
    submitted = Notification.objects.filter(event="outcome_report_submitted")
    assert {row.recipient_id for row in submitted} == {person.pk}
    assert {row.link for row in submitted} == {reverse("outcomes_staff:report", args=[report.pk])}
    assert application.company.name in render(submitted.first()).subject

    outcome_report_return(report=report, acting_user=person, questions="수출 증빙을 첨부해 주세요.")
    returned = Notification.objects.filter(event="outcome_report_returned")
    assert {row.recipient_id for row in returned} == {korean.pk, english.pk}
    assert {row.link for row in returned} == {reverse("outcomes:report", args=[application.pk, report.year])}
    ko = render(returned.filter(recipient=korean).first())
    en = render(returned.filter(recipient=english).first())
    assert ko.language == "ko" and "성과" in ko.subject and "수출 증빙을 첨부해 주세요." in ko.text
    assert en.language == "en" and "returned with questions" in en.subject and str(report.year) in en.subject

    outcome_report_submit(report=fill(report, english), acting_user=english)
    outcome_report_verify(report=report, acting_user=person)
    verified = Notification.objects.filter(event="outcome_report_verified")
    assert {row.recipient_id for row in verified} == {korean.pk, english.pk}
    assert not Notification.objects.filter(event="outcome_report_verified", recipient=person).exists()


def test_due_and_overdue_reminders_once_per_report_and_due_date():
    application = completed_project()
    user = member_of(application)
    report = this_years_report(application)
    days = settings.NOTIFICATIONS_OUTCOME_REMINDER_DAYS
    with time_machine.travel(
        timezone.localtime().replace(hour=12) + (report.due_on - timezone.localdate()) - timedelta(days=days)
    ):
        assert outcome_due_remind() > 0
        assert outcome_due_remind() == 0
        assert outcome_overdue_remind() == 0
    due = Notification.objects.filter(event="outcome_report_due", recipient=user)
    assert due.exists() and reverse("outcomes:report", args=[application.pk, report.year]) == due.first().link
    with time_machine.travel(
        timezone.localtime().replace(hour=12) + (report.due_on - timezone.localdate()) + timedelta(days=1)
    ):
        assert outcome_due_remind() == 0
        assert outcome_overdue_remind() > 0
        assert outcome_overdue_remind() == 0
        text = render(Notification.objects.filter(event="outcome_report_overdue", recipient=user).first()).text
        assert report.due_on.isoformat() in text


def test_a_submitted_report_gets_no_reminder():
    application = completed_project()
    user = member_of(application)
    report = outcome_report_submit(report=fill(this_years_report(application), user), acting_user=user)
    with time_machine.travel(
        timezone.localtime().replace(hour=12) + (report.due_on - timezone.localdate()) + timedelta(days=1)
    ):
        assert outcome_due_remind() == 0 and outcome_overdue_remind() == 0
