"""Nothing breaks because the calendar moved: the date-sensitive parts of the portal, run with the clock two years
ahead of today (time-machine). The demo seed, the factories' open calls, a submission and the scheduled reminders
all count from the day they run.

The whole suite runs the same way with ``pytest --clock-ahead=2`` (see docs/development.md)."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from applications.services import application_submit
from applications.workflow import ApplicationStatus as S
from portal.celery import app as celery_app
from portal.notifications.models import Notification
from programs.demo import open_window, open_year
from programs.models import Call
from tests.applications.apply_setup import ready_application
from tests.applications.factories import ApplicationFactory, CompanyMemberFactory
from tests.conftest import years_ahead
from tests.evaluation.factories import application as selected_application
from tests.programs.factories import CallFactory

pytestmark = pytest.mark.django_db
YEARS = 2


@pytest.fixture(autouse=True)
def today_before():
    """The clock runs on from two years after now (whatever ``--clock-ahead`` already moved it to); the fixture's
    value is the day before the move."""
    before = timezone.localdate()
    with time_machine.travel(years_ahead(datetime.now(UTC), YEARS), tick=True):
        yield before


def test_the_clock_is_two_years_ahead(today_before):
    assert timezone.localdate().year == today_before.year + YEARS
    assert open_year() in (timezone.localdate().year, timezone.localdate().year + 1)


def test_the_demo_has_open_calls_with_applications_at_every_step_of_the_review(client):
    call_command("seed_demo", stdout=StringIO())
    year = open_year()
    open_calls = Call.objects.filter(year=year)
    assert open_calls.count() == 2
    assert all(call.is_open() for call in open_calls)
    assert not Call.objects.filter(year__gt=year).exists()
    statuses = Counter(Application.objects.filter(call__year=year).values_list("status", flat=True))
    for status in (S.DRAFT, S.SUBMITTED, S.SCREENING, S.REVISION_REQUESTED, S.REVISION_SUBMITTED, S.EVALUATION):
        assert statuses[status] >= 1, (status, statuses)
    catalogue = client.get(reverse("programs:catalogue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    open_part = catalogue[catalogue.index('id="open-title"') : catalogue.index('id="closed-title"')]
    assert f"{year} Yeongcheon-si call" in open_part
    assert f"{year - 1} Yeongcheon-si call" not in open_part


def test_an_application_to_a_factory_call_is_submitted_with_this_years_receipt_number():
    application = ready_application()
    assert application.call.is_open()
    submitted = application_submit(application=application, acting_user=application.created_by)
    assert submitted.status == S.SUBMITTED
    assert submitted.receipt_number.startswith(f"YC-{application.call.year}-")


def beat_task(entry: str):
    """The task that Celery beat runs for the schedule ``entry``, as beat would call it."""
    celery_app.loader.import_default_modules()  # the apps' tasks modules, as a worker imports them at start
    return celery_app.tasks[settings.CELERY_BEAT_SCHEDULE[entry]["task"]]


def test_the_agreement_reminder_finds_the_selected_whose_deadline_comes(settings):
    settings.NOTIFICATIONS_AGREEMENT_REMINDER_DAYS = 7
    call = CallFactory(agreement_due_on=timezone.localdate() + timedelta(days=7))
    selected = selected_application(call, status=S.SELECTED)
    member = CompanyMemberFactory(company=selected.company)
    beat_task("agreement-reminders").apply()
    assert Notification.objects.filter(event="agreement_due", recipient=member.user).exists()


def test_the_closing_reminder_finds_the_drafts_of_a_call_that_closes_soon():
    call = CallFactory(closes_at=timezone.now() + timedelta(days=1))
    member = CompanyMemberFactory()
    ApplicationFactory(company=member.company, call=call, created_by=member.user)
    beat_task("call-closing-reminders").apply()
    assert Notification.objects.filter(event="call_closing", recipient=member.user).exists()


def test_the_open_window_follows_the_moved_clock():
    window = open_window()
    assert window.opens_at <= timezone.now() < window.closes_at
