"""The outbox rows in one statement, and their publish after commit by the process's background publisher.

The rows are the truth, the broker message only a wake-up call: whatever happens to the publisher (the process
exits, is killed, the broker is down), the committed rows are there, pending, for the sweeper.
"""

import os
import socket
import subprocess
import sys
import textwrap

import pytest
from django.db import transaction
from django.test import override_settings

from portal.notifications.delivery import deliver_batch
from portal.notifications.enums import ChannelKind, Status
from portal.notifications.models import Notification, NotificationPreference
from portal.notifications.publishing import publisher
from portal.notifications.services import notify
from portal.notifications.sweeper import notifications_sweep
from tests.accounts.factories import UserFactory
from tests.conftest import BASE_DIR, database_url_for_subprocess

from .test_batching import broker_messages


@pytest.fixture
def broker(purged_broker):
    yield
    broker_messages()


def published_ids() -> list[int]:
    return [pk for _name, kwargs, _eta in broker_messages() for pk in kwargs["notification_ids"]]


def test_notify_writes_its_rows_in_one_statement_less_opt_outs_and_deduplicated_ones(db, django_assert_num_queries):
    keen, no_email, reminded = (UserFactory() for _n in range(3))
    NotificationPreference.objects.create(user=no_email, event="call_closing", email=False, in_app=True)
    notify(event="call_closing", context_ids={}, recipients=[reminded], dedupe_key="call-7-closing")

    with django_assert_num_queries(1):
        rows = notify(
            event="call_closing", context_ids={}, recipients=[keen, no_email, reminded], dedupe_key="call-7-closing"
        )

    assert [(row.recipient_id, row.channel) for row in rows] == [
        (keen.pk, ChannelKind.EMAIL),
        (keen.pk, ChannelKind.IN_APP),
        (no_email.pk, ChannelKind.IN_APP),
    ]
    stored = {row.pk: row for row in Notification.objects.filter(pk__in=[row.pk for row in rows])}
    for row in rows:
        saved = stored[row.pk]
        assert (saved.recipient_id, saved.channel, saved.status, saved.attempts) == (
            row.recipient_id,
            row.channel,
            Status.PENDING,
            0,
        )
        assert (saved.event, saved.dedupe_key, saved.context_ids, saved.params) == (
            "call_closing",
            "call-7-closing",
            {},
            {},
        )
        assert saved.created_at == row.created_at and saved.available_at == row.available_at


def test_a_required_event_skips_the_preference_lookup_and_ignores_opt_outs(db):
    person = UserFactory()
    NotificationPreference.objects.create(user=person, event="revision_requested", email=False, in_app=False)
    rows = notify(event="revision_requested", context_ids={}, recipients=[person])
    assert sorted(row.channel for row in rows) == [ChannelKind.EMAIL, ChannelKind.IN_APP]


def test_the_background_publisher_publishes_only_after_commit(
    db, broker, publish_in_background, django_capture_on_commit_callbacks
):
    people = [UserFactory() for _n in range(3)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        rows = notify(event="call_closing", context_ids={}, recipients=people)
        assert publisher().flush(timeout=10)
        assert broker_messages() == []  # nothing before the commit
    assert len(callbacks) == 1
    assert publisher().flush(timeout=10)
    assert published_ids() == [row.pk for row in rows]


def test_the_commits_of_many_requests_share_messages_and_lose_nothing(
    db, broker, publish_in_background, django_capture_on_commit_callbacks, settings
):
    settings.NOTIFICATIONS_BATCH_SIZE = 7
    people = [UserFactory() for _n in range(12)]
    written = []
    for person in people:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            written += notify(event="call_closing", context_ids={}, recipients=[person])
    assert publisher().flush(timeout=10)
    messages = broker_messages()
    ids = [pk for _name, kwargs, _eta in messages for pk in kwargs["notification_ids"]]
    assert sorted(ids) == sorted(row.pk for row in written)  # each once
    assert all(len(kwargs["notification_ids"]) <= 7 for _name, kwargs, _eta in messages)


def run_django(script: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``script`` in a new Python process on the test database, with the background publisher on."""
    code = "import django; django.setup()\n" + script
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": database_url_for_subprocess(),
            "DJANGO_SETTINGS_MODULE": "portal.settings.base",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


NOTIFY_AND_COMMIT = textwrap.dedent("""
    from django.db import transaction
    from portal.accounts.models import User
    from portal.notifications.services import notify

    with transaction.atomic():
        rows = notify(event="call_closing", context_ids={}, recipients=User.objects.order_by("pk"))
    print(",".join(str(row.pk) for row in rows))
""")


@pytest.mark.django_db(transaction=True)
def test_a_process_that_exits_publishes_what_its_publisher_still_held(broker):
    UserFactory()
    done = run_django(NOTIFY_AND_COMMIT + "import sys; sys.exit(0)\n")
    written = [int(pk) for pk in done.stdout.split(",")]
    assert len(written) == 2
    assert published_ids() == written


@pytest.mark.django_db(transaction=True)
def test_a_process_killed_before_its_publisher_ran_leaves_the_rows_to_the_sweeper(broker):
    UserFactory()
    # The process's broker takes connections and never answers, and os._exit skips the exit handlers: the
    # process is gone after its commit and before its publisher handed anything over, as if killed.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        done = run_django(
            NOTIFY_AND_COMMIT + "import os, sys; sys.stdout.flush(); os._exit(0)\n",
            CELERY_BROKER_URL=f"redis://127.0.0.1:{silent.getsockname()[1]}/0",
        )
    written = [int(pk) for pk in done.stdout.split(",")]
    assert broker_messages() == []
    assert Notification.objects.filter(pk__in=written, status=Status.PENDING).count() == 2

    with override_settings(NOTIFICATIONS_PENDING_GRACE_SECONDS=0):
        swept = notifications_sweep()
    assert swept.requeued == 2
    assert sorted(published_ids()) == sorted(written)


def test_a_row_that_is_not_claimable_gives_its_envelope_back_and_the_next_one_is_sent(db, smtp_mailer):
    people = [UserFactory() for _n in range(3)]
    rows = notify(event="call_closing", context_ids={}, recipients=people, channels=[ChannelKind.EMAIL])
    Notification.objects.filter(pk=rows[1].pk).update(status=Status.SENDING, attempts=1)  # another worker's

    outcome = deliver_batch([row.pk for row in rows])

    assert (outcome.sent, outcome.skipped) == ([rows[0].pk, rows[2].pk], 1)
    assert smtp_mailer.total == 2 and smtp_mailer.duplicates() == {}
    assert {message["To"] for message in smtp_mailer.messages} == {people[0].email, people[2].email}
