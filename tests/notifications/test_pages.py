"""The notification centre, the header badge, preferences, the staff delivery view and the schedule page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from portal.accounts.roles import Role
from portal.notifications.enums import ChannelKind, Status
from portal.notifications.models import Notification, NotificationPreference, ScheduledJobRun
from portal.notifications.services import notification_resend
from portal.notifications.sweeper import LOST_WHILE_SENDING, notifications_sweep
from portal.notifications.tasks import sweep_notifications
from tests.accounts.factories import UserFactory
from tests.accounts.two_factor import login_verified

from .conftest import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the pages' English text (the msgids)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def delivered(user, count: int, **extra) -> list[Notification]:
    now = timezone.now()
    return Notification.objects.bulk_create(
        Notification(
            recipient=user,
            event="call_closing",
            channel=ChannelKind.IN_APP,
            status=Status.SENT,
            subject=f"Subject {n}",
            body=f"Body {n}",
            link="/programs/",
            sent_at=now,
            **extra,
        )
        for n in range(count)
    )


@pytest.mark.parametrize("rows", [1, 30])
def test_inbox_queries_do_not_grow_with_rows(client, django_assert_num_queries, rows):
    user = UserFactory()
    delivered(user, rows)
    client.force_login(user)
    client.get("/notifications/")  # warm the session
    with django_assert_num_queries(6):  # session, user, roles, the badge, the inbox's count and page
        response = client.get("/notifications/")
    assert response.status_code == 200
    assert response.content.decode().count("Subject ") == min(rows, 20)


def test_header_badge_counts_unread_delivered_in_app_notifications_in_one_query(client):
    user = UserFactory()
    delivered(user, 3)
    Notification.objects.create(recipient=user, event="call_closing", channel=ChannelKind.IN_APP)  # pending
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert 'id="unread-notifications">3<' in page
    assert sum("notifications_notification" in q["sql"] for q in queries.captured_queries) == 1


def test_header_badge_is_absent_for_anonymous_visitors(client, db):
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert "unread-notifications" not in page
    assert not any("notifications_notification" in q["sql"] for q in queries.captured_queries)


def test_mark_read_and_mark_all_read(client):
    user = UserFactory()
    first, *_rest = delivered(user, 3)
    other = delivered(UserFactory(), 1)[0]
    client.force_login(user)
    assert client.post(f"/notifications/{first.pk}/read/").status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.post(f"/notifications/{other.pk}/read/").status_code == 404  # someone else's
    client.post("/notifications/read-all/")
    assert Notification.objects.filter(recipient=user, read_at__isnull=True).count() == 0
    other.refresh_from_db()
    assert other.read_at is None


def test_preferences_page_lists_optional_events_only_and_saves(client):
    user = UserFactory(language="en")
    client.force_login(user)
    page = client.get("/notifications/preferences/").content.decode()
    assert "revision_submitted__email" in page
    assert "decision_not_selected" not in page
    response = client.post("/notifications/preferences/", {"call_closing__in_app": "on"})
    assert response.status_code == 302
    saved = NotificationPreference.objects.get(user=user, event="call_closing")
    assert (saved.email, saved.in_app) == (False, True)


def test_delivery_view_is_for_staff_only(client):
    client.force_login(UserFactory())
    assert client.get("/notifications/staff/deliveries/").status_code == 404  # staff pages do not reveal themselves
    assert client.get("/notifications/staff/schedule/").status_code == 404


def test_delivery_view_per_application_shows_errors_and_resends_a_failed_one(client):
    staff = user_with_role(Role.TECHNOPARK_STAFF, language="en")
    person = UserFactory()
    failed = Notification.objects.create(
        recipient=person,
        event="revision_requested",
        channel=ChannelKind.EMAIL,
        status=Status.FAILED,
        attempts=8,
        last_error="SMTP 550: mailbox unknown",
        application_id=42,
    )
    Notification.objects.create(
        recipient=person, event="revision_requested", channel=ChannelKind.EMAIL, application_id=43
    )
    login_verified(client, staff)
    page = client.get("/notifications/staff/deliveries/application/42/").content.decode()
    assert "SMTP 550: mailbox unknown" in page and person.email in page and "Resend" in page
    assert client.get("/notifications/staff/deliveries/?application=abc").status_code == 200
    response = client.post(f"/notifications/staff/deliveries/{failed.pk}/resend/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.PENDING, 0)
    assert notification_resend(notification=failed, acting_user=staff) is False  # not failed any more


def test_bad_filter_input_is_answered_with_a_named_error(client):
    login_verified(client, user_with_role(Role.TECHNOPARK_STAFF, language="en"))
    page = client.get("/notifications/staff/deliveries/?application=abc").content.decode()
    assert "Application number: enter a whole number." in page
    assert 'value="abc"' in page


@pytest.mark.parametrize("rows", [1, 30])
def test_delivery_view_queries_do_not_grow_with_rows(client, django_assert_num_queries, rows):
    staff = user_with_role(Role.TECHNOPARK_STAFF)
    for _n in range(rows):
        Notification.objects.create(recipient=UserFactory(), event="call_closing", channel=ChannelKind.EMAIL)
    login_verified(client, staff)
    client.get("/notifications/staff/deliveries/")
    with django_assert_num_queries(8):  # session, user, its two-factor device, roles, the badge, the deliveries' three
        assert client.get("/notifications/staff/deliveries/").status_code == 200


def test_sweeper_requeues_old_pending_rows_and_reclaims_stale_sending_ones(
    db, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    person = UserFactory()
    old = timezone.now() - timedelta(hours=1)

    def make(**kw):
        return Notification.objects.create(
            recipient=person,
            event="call_closing",
            channel=ChannelKind.EMAIL,
            **kw,
        )

    waiting = make(available_at=old)
    fresh = make()
    retry_later = make(available_at=timezone.now() + timedelta(minutes=5), attempts=1)
    stuck = make(status=Status.SENDING, attempts=1, claimed_at=old)
    exhausted = make(status=Status.SENDING, attempts=3, claimed_at=old)
    with django_capture_on_commit_callbacks() as callbacks:
        result = notifications_sweep()
    assert (result.requeued, result.reclaimed, result.failed) == (1, 1, 1)
    assert len(callbacks) == 1
    states = dict(Notification.objects.values_list("pk", "status"))
    assert states[waiting.pk] == states[fresh.pk] == states[retry_later.pk] == states[stuck.pk] == Status.PENDING
    exhausted.refresh_from_db()
    assert (exhausted.status, exhausted.last_error) == (Status.FAILED, LOST_WHILE_SENDING)
    with django_capture_on_commit_callbacks():
        assert notifications_sweep().requeued == 0  # just queued: not again before the grace period


def test_schedule_page_shows_every_job_with_its_last_run(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        sweep_notifications.apply()
    run = ScheduledJobRun.objects.get(task="notifications.sweep")
    assert (run.runs, run.last_outcome) == (1, "succeeded")
    login_verified(client, user_with_role(Role.STAFF_MANAGER, language="en"))
    page = client.get("/notifications/staff/schedule/").content.decode()
    for name in ("worker-heartbeat", "notifications-sweep", "call-closing-reminders", "evaluation-reminders"):
        assert name in page
    assert "Not run yet" in page  # the heartbeat has not run in this test
    assert "cron 0 9 * * *" in page and "every 60 seconds" in page  # the call-opening reminders; the sweeper
