"""The outbox rows written with the ORM, and their queueing after commit.

The rows are the truth, the broker message only a wake-up call: whatever happens to the broker, the committed
rows are there, pending, for the sweeper.
"""

import textwrap
import threading

import pytest
from django.db import connection, transaction
from django.test import override_settings

from portal.notifications.enums import ChannelKind, Status
from portal.notifications.models import Notification, NotificationPreference
from portal.notifications.services import notification_resend, notify
from portal.notifications.sweeper import notifications_sweep
from tests.accounts.factories import UserFactory

from .conftest import run_django, wait_for
from .smtp_sink import free_port
from .test_batching import broker_messages


@pytest.fixture
def broker(purged_broker):
    yield
    broker_messages()


def published_ids() -> list[int]:
    return [pk for _name, kwargs, _eta in broker_messages() for pk in kwargs["notification_ids"]]


def test_notify_writes_its_rows_less_opt_outs_and_deduplicated_ones_in_a_fixed_number_of_queries(
    db, django_assert_num_queries
):
    keen, no_email, reminded = (UserFactory() for _n in range(3))
    NotificationPreference.objects.create(user=no_email, event="call_closing", email=False, in_app=True)
    notify(event="call_closing", context_ids={}, recipients=[reminded], dedupe_key="call-7-closing")

    # The preferences, the rows already under the key, and the insert in a savepoint (3 statements).
    with django_assert_num_queries(5):
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


@pytest.mark.parametrize("people", [1, 20])
def test_a_required_event_is_one_insert_whatever_the_number_of_recipients(db, django_assert_num_queries, people):
    recipients = [UserFactory() for _n in range(people)]
    with django_assert_num_queries(1):
        rows = notify(event="revision_requested", context_ids={}, recipients=recipients)
    assert len(rows) == 2 * people and all(row.pk for row in rows)


def test_a_required_event_skips_the_preference_lookup_and_ignores_opt_outs(db):
    person = UserFactory()
    NotificationPreference.objects.create(user=person, event="revision_requested", email=False, in_app=False)
    rows = notify(event="revision_requested", context_ids={}, recipients=[person])
    assert sorted(row.channel for row in rows) == [ChannelKind.EMAIL, ChannelKind.IN_APP]


@pytest.mark.django_db(transaction=True)
def test_concurrent_notifies_under_one_dedupe_key_write_each_row_once_and_raise_nothing(require_postgres):
    """Two transactions ask for the same reminder at once: the second waits on the unique index for the
    first, then leaves out the rows the first committed, instead of failing."""
    people = [UserFactory() for _n in range(3)]
    first_wrote, second_done = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def second() -> None:
        try:
            first_wrote.wait(timeout=60)
            results["second"] = notify(
                event="call_closing", context_ids={}, recipients=people, dedupe_key="call-9-closing"
            )
        except Exception as error:  # reported below, in the test's thread
            results["second"] = error
        finally:
            connection.close()
            second_done.set()

    thread = threading.Thread(target=second)
    thread.start()
    with transaction.atomic():
        results["first"] = notify(event="call_closing", context_ids={}, recipients=people, dedupe_key="call-9-closing")
        first_wrote.set()
        # The second insert waits for this transaction on the unique index before this one commits.
        assert wait_for(_an_insert_waits_for_a_lock, timeout=60)
    assert second_done.wait(timeout=60)
    thread.join()

    assert len(results["first"]) == 6
    assert results["second"] == []
    assert Notification.objects.filter(dedupe_key="call-9-closing").count() == 6


def _an_insert_waits_for_a_lock() -> bool:
    """A lock that another session waits for (pg_locks is read afresh at each query, even in a transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


def test_notify_queues_only_after_commit(db, broker, django_capture_on_commit_callbacks):
    people = [UserFactory() for _n in range(3)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        rows = notify(event="call_closing", context_ids={}, recipients=people)
        assert broker_messages() == []  # nothing before the commit
    assert len(callbacks) == 1
    assert sorted(published_ids()) == sorted(row.pk for row in rows)


def test_a_resent_notification_is_queued_again_on_commit(db, broker, staff_user, django_capture_on_commit_callbacks):
    [row] = notify(event="call_closing", context_ids={}, recipients=[UserFactory()], channels=[ChannelKind.EMAIL])
    Notification.objects.filter(pk=row.pk).update(status=Status.FAILED, attempts=8)
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_resend(notification=row, acting_user=staff_user)
    assert published_ids() == [row.pk]
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.PENDING, 0)


NOTIFY_AND_COMMIT = textwrap.dedent("""
    from django.db import transaction
    from portal.accounts.models import User
    from portal.notifications.services import notification_resend, notify

    with transaction.atomic():
        rows = notify(event="call_closing", context_ids={}, recipients=User.objects.order_by("pk"))
    print(",".join(str(row.pk) for row in rows))
""")


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_is_down_at_commit_leaves_the_rows_to_the_sweeper(broker):
    UserFactory()
    # A web process whose broker does not answer: its commit stands, and it says what it left behind.
    done = run_django(NOTIFY_AND_COMMIT, CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0")
    written = [int(pk) for pk in done.stdout.split(",")]
    assert "left pending for the sweeper" in done.stderr
    assert broker_messages() == []
    assert Notification.objects.filter(pk__in=written, status=Status.PENDING).count() == 2

    with override_settings(NOTIFICATIONS_PENDING_GRACE_SECONDS=0):
        swept = notifications_sweep()
    assert swept.requeued == 2
    assert sorted(published_ids()) == sorted(written)
