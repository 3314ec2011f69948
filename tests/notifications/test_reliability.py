"""Delivery that holds, proven with real processes: a real ``celery worker`` on the configured broker
(filesystem locally, Redis in CI), the test database (SQLite locally, PostgreSQL in CI) and a local SMTP
server (aiosmtpd) that counts what it accepts by Message-ID.

(a) a worker is killed with SIGKILL in the middle of 500 notifications: every one arrives, none twice;
(b) the broker is unreachable while 50 applications are submitted: all are saved, every receipt arrives once
    after the broker is back and the sweeper ran;
(c) the SMTP server refuses for a while (retries, then sent), then is gone for good (failed, error shown).
"""

import signal
import textwrap

import pytest
from django.test import override_settings

from applications.models import Application
from portal.notifications.enums import ChannelKind, Status
from portal.notifications.models import Notification
from portal.notifications.rendering import message_id
from portal.notifications.services import notify
from portal.notifications.sweeper import notifications_sweep
from tests.accounts.factories import UserFactory
from tests.accounts.two_factor import login_verified
from tests.applications.apply_setup import open_call, ready_application

from .conftest import run_django, user_with_role, wait_for
from .smtp_sink import free_port

pytestmark = pytest.mark.services

FAST_RETRIES = {
    "NOTIFICATIONS_RETRY_BASE_SECONDS": "0.2",
    "NOTIFICATIONS_RETRY_MAX_SECONDS": "1",
    "NOTIFICATIONS_MAX_ATTEMPTS": "4",
    "EMAIL_TIMEOUT": "3",  # a server that went away mid-conversation is noticed quickly
}
# The test process plays beat: it runs the sweeper itself, with no grace period.
SWEEP_NOW = override_settings(NOTIFICATIONS_PENDING_GRACE_SECONDS=0, NOTIFICATIONS_SENDING_STALE_SECONDS=0)


def worker_env(sink) -> dict[str, str]:
    return {"EMAIL_URL": sink.url, **FAST_RETRIES}


def count(**filters) -> int:
    return Notification.objects.filter(**filters).count()


# A web process whose broker is down submits the applications (the worker keeps its own, working broker).
SUBMIT_ALL = textwrap.dedent("""
    import os
    from applications.models import Application
    from applications.services.submission import application_submit

    ids = [int(pk) for pk in os.environ["SUBMIT_IDS"].split(",")]
    for application in Application.objects.filter(pk__in=ids).order_by("pk"):
        application_submit(application=application, acting_user=application.company.members.get().user)
""")


def test_worker_killed_mid_send_every_notification_arrives_exactly_once(start_worker, smtp_sink):
    people = [UserFactory(language="ko" if n % 2 else "en") for n in range(50)]
    smtp_sink.hold_at = 200  # the sink holds the 200th message unanswered: the worker is then mid-send
    rows = []
    for _round in range(10):
        rows += notify(event="call_closing", context_ids={}, recipients=people, channels=[ChannelKind.EMAIL])
    assert len(rows) == 500

    first = start_worker(extra_env=worker_env(smtp_sink))
    assert smtp_sink.holding.wait(timeout=180), first.output()
    first.kill(signal.SIGKILL)
    smtp_sink.release.set()
    assert wait_for(lambda: smtp_sink.dropped == 1, timeout=30), (smtp_sink.total, smtp_sink.dropped, smtp_sink.refused)
    assert smtp_sink.total == 199
    assert count(status=Status.SENDING) == 1  # the row the worker was sending when it died
    assert count(status=Status.SENT) == 199

    with SWEEP_NOW:
        swept = notifications_sweep()
    assert swept.reclaimed == 1
    assert swept.requeued == 300
    second = start_worker(extra_env=worker_env(smtp_sink))

    assert wait_for(lambda: count(status=Status.SENT) == 500, timeout=300), second.output()
    assert smtp_sink.total == 500
    assert smtp_sink.duplicates() == {}
    assert set(smtp_sink.received) == {message_id(row) for row in rows}


def test_broker_down_while_50_applications_are_submitted_then_every_receipt_arrives_once(start_worker, smtp_sink):
    call = open_call()
    applications = [ready_application(call=call) for _n in range(50)]
    worker = start_worker(extra_env=worker_env(smtp_sink))

    done = run_django(
        SUBMIT_ALL,
        CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0",
        SUBMIT_IDS=",".join(str(application.pk) for application in applications),
    )
    assert "left pending for the sweeper" in done.stderr

    submitted = Application.objects.filter(pk__in=[a.pk for a in applications], receipt_number__isnull=False)
    assert submitted.count() == 50
    assert count(event="application_submitted") == 100  # a receipt by email and in the portal, each
    assert count(status=Status.PENDING) == 100  # nothing reached the broker, nothing was lost
    assert worker.process.poll() is None

    with SWEEP_NOW:
        swept = notifications_sweep()
    assert swept.requeued == 100
    assert wait_for(lambda: count(status=Status.SENT) == 100, timeout=180), worker.output()
    assert smtp_sink.total == 50
    assert smtp_sink.duplicates() == {}


def test_smtp_refusing_for_a_while_then_gone_for_good(start_worker, smtp_sink, client):
    staff = user_with_role("technopark_staff")
    person = UserFactory(language="en")
    smtp_sink.refuse(2)
    worker = start_worker(extra_env=worker_env(smtp_sink))

    first = notify(event="call_closing", context_ids={}, recipients=[person], channels=[ChannelKind.EMAIL])[0]
    assert wait_for(lambda: count(pk=first.pk, status=Status.SENT), timeout=60), worker.output()
    first.refresh_from_db()
    assert (first.attempts, smtp_sink.refused, smtp_sink.total) == (3, 2, 1)
    assert first.last_error == ""

    smtp_sink.stop()  # the server is gone for good
    second = notify(event="call_closing", context_ids={}, recipients=[person], channels=[ChannelKind.EMAIL])[0]
    assert wait_for(lambda: count(pk=second.pk, status=Status.FAILED), timeout=60), worker.output()
    second.refresh_from_db()
    assert second.attempts == 4
    assert "Connection refused" in second.last_error or "Errno" in second.last_error

    login_verified(client, staff)
    page = client.get("/notifications/staff/deliveries/?status=failed").content.decode()
    assert second.last_error in page
    assert person.email in page
