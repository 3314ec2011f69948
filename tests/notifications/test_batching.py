"""Delivery in batches: one broker message for many ids, a batch sent row by row, a failing row retried alone."""

import queue

import pytest
from django.db import transaction

from portal.notifications.delivery import batches, deliver_batch, deliver_notifications, queue_delivery
from portal.notifications.enums import ChannelKind, Status
from portal.notifications.models import Notification
from portal.notifications.services import notify
from tests.accounts.factories import UserFactory

from .smtp_sink import free_port


def broker_messages() -> list:
    """Take every message of the default queue: ``(task name, kwargs, eta)`` each, in the order the broker gives
    them (which need not be the order they were published in: compare them as a set)."""
    from portal.celery import app

    taken = []
    with app.connection_for_write() as conn:
        simple = conn.SimpleQueue(app.conf.task_default_queue)
        while True:
            try:
                message = simple.get_nowait()
            except queue.Empty:
                break
            _args, kwargs, _embed = message.decode()
            taken.append((message.headers["task"], kwargs, message.headers.get("eta")))
            message.ack()
        simple.close()
    return taken


@pytest.fixture
def broker(purged_broker):
    yield
    broker_messages()  # leave nothing behind for the next test


def people(count: int, **kwargs) -> list:
    return [UserFactory(language="ko" if n % 2 else "en", **kwargs) for n in range(count)]


def emails(recipients) -> list[Notification]:
    return notify(event="call_closing", context_ids={}, recipients=recipients, channels=[ChannelKind.EMAIL])


def test_batches_keep_the_order_drop_repeats_and_cut_at_the_size():
    assert batches([5, 3, 5, 9, 1, 3, 7], size=2) == [[5, 3], [9, 1], [7]]
    assert batches([], size=50) == []


def test_queue_delivery_publishes_one_message_per_batch_of_ids(db, broker, settings):
    settings.NOTIFICATIONS_BATCH_SIZE = 50
    ids = list(range(1000, 1120))
    assert queue_delivery(ids) == 120
    messages = broker_messages()
    assert [name for name, _kwargs, _eta in messages] == ["notifications.deliver_batch"] * 3
    # Each batch as cut, whatever order the broker hands the messages back in.
    assert sorted(kwargs["notification_ids"] for _name, kwargs, _eta in messages) == [ids[:50], ids[50:100], ids[100:]]
    assert {eta for _name, _kwargs, eta in messages} == {None}


def test_notify_queues_all_its_rows_in_one_message_on_commit(db, broker, django_capture_on_commit_callbacks):
    recipients = people(7)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        rows = notify(event="call_closing", context_ids={}, recipients=recipients)  # email and in-app each
    assert len(rows) == 14
    assert len(callbacks) == 1
    [(name, kwargs, _eta)] = broker_messages()
    assert name == "notifications.deliver_batch"
    assert sorted(kwargs["notification_ids"]) == sorted(row.pk for row in rows)


def test_each_notify_of_a_transaction_queues_its_own_rows_on_commit(db, broker, django_capture_on_commit_callbacks):
    first, second = people(2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        calls = [emails([first]), emails([second]), emails([first, second])]
        assert broker_messages() == []  # nothing before the commit
    assert len(callbacks) == 3
    published = sorted(kwargs["notification_ids"] for _name, kwargs, _eta in broker_messages())
    assert published == sorted([row.pk for row in rows] for rows in calls)


def test_a_rolled_back_transaction_queues_nothing_and_the_next_queues_only_its_own(
    db, broker, django_capture_on_commit_callbacks
):
    recipients = people(2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            emails(recipients)
            raise RuntimeError("the change fails")
        with transaction.atomic():
            kept = emails(recipients[:1])
    assert len(callbacks) == 1
    [(_name, kwargs, _eta)] = broker_messages()
    assert kwargs["notification_ids"] == [kept[0].pk]


# Rows committed (transaction=True), as the worker sees them.
@pytest.mark.django_db(transaction=True)
def test_a_batch_with_one_refused_recipient_sends_the_others_once_and_retries_that_one(smtp_mailer, broker):
    recipients = people(5)
    busy = recipients[2]
    smtp_mailer.recipient_replies[busy.email] = "451 4.2.1 Mailbox busy, try again later"
    rows = emails(recipients)
    broker_messages()  # what notify queued on commit: this test runs the batch itself

    result = deliver_notifications.run(notification_ids=[row.pk for row in rows])

    assert result == {"sent": 4, "failed": 0, "retried": 1, "skipped": 0}
    assert smtp_mailer.total == 4 and smtp_mailer.duplicates() == {}
    states = {row.recipient_id: row for row in Notification.objects.all()}
    assert {pk for pk, row in states.items() if row.status == Status.SENT} == {p.pk for p in recipients} - {busy.pk}
    waiting = states[busy.pk]
    assert (waiting.status, waiting.attempts) == (Status.PENDING, 1)
    assert "451" in waiting.last_error and waiting.available_at > waiting.created_at
    # Its own message, later, with only its id: the others are not held up nor sent again.
    [(name, kwargs, eta)] = broker_messages()
    assert (name, kwargs, eta is not None) == ("notifications.deliver_batch", {"notification_ids": [waiting.pk]}, True)

    del smtp_mailer.recipient_replies[busy.email]
    Notification.objects.filter(pk=waiting.pk).update(available_at=waiting.created_at)  # its time has come
    again = deliver_notifications.run(notification_ids=[row.pk for row in rows])
    assert (again["sent"], again["skipped"]) == (1, 4)  # the sent four are skipped, not resent
    assert smtp_mailer.total == 5 and smtp_mailer.duplicates() == {}
    assert Notification.objects.get(pk=waiting.pk).attempts == 2


def test_a_permanently_refused_recipient_fails_alone(db, smtp_mailer):
    recipients = people(3)
    smtp_mailer.recipient_replies[recipients[0].email] = "550 5.1.1 No such user"
    outcome = deliver_batch([row.pk for row in emails(recipients)])
    assert (len(outcome.sent), len(outcome.failed), dict(outcome.retries)) == (2, 1, {})
    failed = Notification.objects.get(recipient=recipients[0])
    assert failed.status == Status.FAILED and "550" in failed.last_error


def test_a_batch_sent_again_sends_nothing_again(db, smtp_mailer):
    ids = [row.pk for row in emails(people(4))]
    assert len(deliver_batch(ids).sent) == 4
    again = deliver_batch(ids + ids)
    assert (again.sent, again.skipped) == ([], 4)
    assert smtp_mailer.total == 4


def test_an_unreachable_mail_server_costs_one_attempt_and_the_rest_wait_untried(db, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    recipients = people(4)
    rows = emails(recipients) + notify(
        event="call_closing", context_ids={}, recipients=recipients[:1], channels=[ChannelKind.IN_APP]
    )
    outcome = deliver_batch([row.pk for row in rows])

    [(countdown, retried)] = outcome.retries.items()
    assert countdown > 0
    assert retried == [row.pk for row in rows[:4]]  # the email rows, in order, in one message
    assert outcome.sent == [rows[4].pk]  # the in-app row does not wait for the mail server
    attempts = dict(Notification.objects.filter(channel=ChannelKind.EMAIL).values_list("pk", "attempts"))
    assert attempts == {rows[0].pk: 1, rows[1].pk: 0, rows[2].pk: 0, rows[3].pk: 0}
    assert set(Notification.objects.filter(channel=ChannelKind.EMAIL).values_list("status", flat=True)) == {
        Status.PENDING
    }


def test_a_batch_sends_over_one_mail_connection(db, smtp_mailer):
    assert len(deliver_batch([row.pk for row in emails(people(5))]).sent) == 5
    assert smtp_mailer.total == 5
    assert smtp_mailer.connections == 1


def test_the_default_mailer_writes_each_email_to_its_own_file(db, settings, tmp_path):
    settings.MAILERS = {
        "default": {
            "BACKEND": "portal.notifications.backends.EmlDirectoryBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    rows = emails(people(2))
    assert len(deliver_batch([row.pk for row in rows]).sent) == 2
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    texts = [path.read_text() for path in files]
    for row in rows:  # each email in exactly one file
        assert sum(f"Message-ID: <notification-{row.pk}@portal.localhost>" in text for text in texts) == 1
    assert all("Content-Type: multipart/alternative" in text for text in texts)
