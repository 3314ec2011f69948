"""The demo: a results meeting in December with its agenda, 50 places, registered companies and survey answers."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from reports.meetings.demo import meeting_day, third_thursday_of_december
from reports.meetings.models import Meeting, Response

pytestmark = pytest.mark.django_db


def test_the_meeting_day_is_the_third_thursday_of_december_still_ahead():
    day = third_thursday_of_december(2030)
    assert (day.month, day.weekday(), (day.day - 1) // 7) == (12, 3, 2)
    assert meeting_day(date(2030, 1, 5)) == day
    assert meeting_day(day) == third_thursday_of_december(2031)


def test_the_demo_has_this_years_meeting_with_registrations_and_answers():
    call_command("seed_demo", stdout=StringIO())
    meeting = Meeting.objects.get()
    assert timezone.localdate(meeting.starts_at) == meeting_day(timezone.localdate())
    assert meeting.capacity == 50 and meeting.agenda.count() == 5 and meeting.questions.count() == 5
    assert meeting.registrations.filter(state="registered").count() == 4
    assert Response.objects.filter(meeting=meeting).count() == 3
    call_command("seed_demo", stdout=StringIO())
    assert Meeting.objects.count() == 1
