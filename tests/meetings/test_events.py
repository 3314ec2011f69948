"""The meeting's notifications: a registration is confirmed to the company's members, a promoted company is told
(required, in its language), the reminder goes once to registered companies a few days before the meeting."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.notifications.events import event_get
from portal.notifications.models import Notification
from portal.notifications.rendering import render
from reports.meetings.reminders import meeting_remind
from reports.meetings.services import registration_cancel, registration_register
from tests.applications.factories import CompanyMemberFactory, UserFactory

from .factories import meeting, member

pytestmark = pytest.mark.django_db


def register(m, user, attendees=1):
    company = user.company_membership.company
    return registration_register(meeting=m, company=company, acting_user=user, attendees=attendees)


def test_registering_notifies_the_company_on_commit(django_capture_on_commit_callbacks):
    m = meeting()
    user = member()
    colleague = CompanyMemberFactory(company=user.company_membership.company, user=UserFactory(language="en")).user
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register(m, user)
    assert callbacks
    rows = Notification.objects.filter(event="meeting_registered")
    assert {row.recipient_id for row in rows} >= {user.pk, colleague.pk}
    assert {row.link for row in rows} == {reverse("meetings:company", args=[m.year])}
    english = render(rows.filter(recipient=colleague).first())
    assert english.subject == "Registered: Results meeting"


def test_the_promoted_company_is_told_in_its_language():
    m = meeting(capacity=1)
    holder = member()
    held = register(m, holder)
    waiting = CompanyMemberFactory(user=UserFactory(language="ko")).user
    register(m, waiting)
    waitlisted = render(Notification.objects.filter(event="meeting_registered", recipient=waiting).first())
    assert "대기" in waitlisted.subject
    assert not Notification.objects.filter(event="meeting_place_offered").exists()
    registration_cancel(registration=held, acting_user=holder)
    assert event_get("meeting_place_offered").required is True
    offered = render(Notification.objects.filter(event="meeting_place_offered", recipient=waiting).first())
    assert offered.language == "ko" and "성과보고회" in offered.subject


def test_the_reminder_goes_once_to_registered_companies(settings):
    settings.MEETINGS_REMINDER_DAYS = 3
    day = timezone.localdate() + timedelta(days=3)
    starts_at = timezone.make_aware(datetime.combine(day, time(14, 0)))
    now = timezone.now()
    soon = meeting(capacity=1, starts_at=starts_at, registration_closes=min(starts_at, now + timedelta(hours=1)))
    later = meeting()
    registered, waiting, other = member(), member(), member()
    register(soon, registered)
    register(soon, waiting)
    register(later, other)
    assert meeting_remind() >= 1
    rows = Notification.objects.filter(event="meeting_reminder")
    assert {row.recipient_id for row in rows} == {registered.pk}
    count = rows.count()
    assert meeting_remind() == 0 and rows.count() == count
