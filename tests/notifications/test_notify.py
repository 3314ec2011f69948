"""notify(): rows in the caller's transaction, queued on commit only; preferences; languages; the claim."""

import pytest
from django.db import transaction

from applications.models import Application
from portal.notifications.delivery import deliver_batch, deliver_notifications
from portal.notifications.enums import ChannelKind, Status
from portal.notifications.models import Notification, NotificationPreference
from portal.notifications.services import notify, preferences_save
from tests.accounts.factories import UserFactory
from tests.programs.factories import CallFactory


@pytest.fixture
def application(company_with_members):
    company, _members = company_with_members
    return Application.objects.create(
        company=company, call=CallFactory(year=2031), status="submitted", receipt_number="YC-2031-HVC-0007"
    )


def broker_message_count() -> int:
    from portal.celery import app

    with app.connection_for_write() as conn:
        return conn.default_channel.queue_declare(app.conf.task_default_queue).message_count


@pytest.fixture
def empty_broker(purged_broker):
    yield
    from portal.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)


def test_notify_writes_rows_in_the_callers_transaction_and_queues_only_on_commit(
    application, staff_user, empty_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        rows = notify(event="application_submitted", context_ids={"application": application.pk}, link="/x/")
        assert Notification.objects.filter(status=Status.PENDING).count() == 6  # 2 members + 1 staff, 2 channels
        assert broker_message_count() == 0
    assert {(row.recipient_id, row.audience) for row in rows} >= {(staff_user.pk, "staff")}
    assert len(callbacks) == 1
    assert broker_message_count() == 0
    callbacks[0]()
    assert broker_message_count() == 1  # one message carries the six ids
    assert set(Notification.objects.values_list("application_id", flat=True)) == {application.pk}


def test_notify_in_a_rolled_back_transaction_leaves_nothing(application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        notify(event="revision_requested", context_ids={"application": application.pk})
        raise RuntimeError("the change fails")
    assert callbacks == []
    assert Notification.objects.count() == 0


def test_optional_event_honours_the_opt_out_per_channel(staff_user, application):
    preferences_save(user=staff_user, choices={"revision_submitted": (False, True)})
    notify(event="revision_submitted", context_ids={"application": application.pk})
    assert list(Notification.objects.filter(recipient=staff_user).values_list("channel", flat=True)) == [
        ChannelKind.IN_APP
    ]


def test_required_event_ignores_an_opt_out(company_with_members, application):
    _company, members = company_with_members
    NotificationPreference.objects.create(user=members[0], event="revision_requested", email=False, in_app=False)
    notify(event="revision_requested", context_ids={"application": application.pk})
    assert Notification.objects.filter(recipient=members[0]).count() == 2


def test_required_events_cannot_be_stored_as_preferences(staff_user):
    with pytest.raises(ValueError, match="not optional"):
        preferences_save(user=staff_user, choices={"decision_not_selected": (False, False)})


def test_dedupe_key_sends_once_per_recipient_and_channel(company_with_members):
    _company, members = company_with_members
    first = notify(event="call_closing", context_ids={"call": CallFactory().pk}, recipients=members, dedupe_key="k1")
    again = notify(event="call_closing", context_ids={}, recipients=members, dedupe_key="k1")
    assert len(first) == 4
    assert again == []


def test_email_is_rendered_in_the_recipients_language(application, company_with_members, smtp_mailer):
    _company, (korean, english) = company_with_members
    rows = notify(
        event="application_submitted",
        context_ids={"application": application.pk},
        link="/company/",
        recipients=[korean, english],
        channels=[ChannelKind.EMAIL],
    )
    deliver_batch([row.pk for row in rows])
    by_user = {row.recipient_id: row for row in Notification.objects.all()}
    assert by_user[korean.pk].language == "ko"
    assert by_user[english.pk].language == "en"
    assert "경북테크노파크" in by_user[korean.pk].body
    assert "Gyeongbuk Technopark" in by_user[english.pk].body
    assert "YC-2031-HVC-0007" in by_user[english.pk].subject
    assert "2031 call" in by_user[english.pk].body and "2031년" in by_user[korean.pk].body
    assert "http://" in by_user[english.pk].body  # the absolute link to the page
    headers = {message["To"]: message for message in smtp_mailer.messages}
    assert headers[english.email]["Content-Language"] == "en"
    assert headers[english.email]["Message-ID"] == f"<notification-{by_user[english.pk].pk}@portal.localhost>"


def test_html_and_text_parts_and_escaping(application, company_with_members, smtp_mailer):
    company, (korean, _english) = company_with_members
    company.name = "A&B <Tech>"
    company.save()
    row = notify(
        event="decision_not_selected",
        context_ids={"application": application.pk},
        recipients=[korean],
        params={"reason": "Budget <exhausted>"},
        channels=[ChannelKind.EMAIL],
    )[0]
    deliver_batch([row.pk])
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert "A&B <Tech>" in row.body and "Budget <exhausted>" in row.body  # plain text is not HTML-escaped
    assert smtp_mailer.messages[0].get_content_type() == "multipart/alternative"


def test_the_claim_prevents_a_second_send_whatever_the_broker_redelivers(company_with_members, smtp_mailer):
    _company, members = company_with_members
    row = notify(event="call_closing", context_ids={}, recipients=members[:1], channels=[ChannelKind.EMAIL])[0]
    deliver_notifications.run(notification_ids=[row.pk])
    deliver_notifications.run(notification_ids=[row.pk])
    assert smtp_mailer.total == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)


def test_a_row_claimed_by_another_worker_is_not_sent(company_with_members, smtp_mailer):
    _company, members = company_with_members
    row = notify(event="call_closing", context_ids={}, recipients=members[:1], channels=[ChannelKind.EMAIL])[0]
    Notification.objects.filter(pk=row.pk).update(status=Status.SENDING, attempts=1)
    assert deliver_notifications.run(notification_ids=[row.pk])["skipped"] == 1
    assert smtp_mailer.total == 0


def test_a_task_for_a_row_that_is_gone_returns_quietly(db):
    assert deliver_notifications.run(notification_ids=[987654]) == {"sent": 0, "failed": 0, "retried": 0, "skipped": 1}


def test_in_app_row_becomes_visible_when_delivered(company_with_members):
    _company, members = company_with_members
    row = notify(event="call_closing", context_ids={}, recipients=members[:1], channels=[ChannelKind.IN_APP])[0]
    deliver_batch([row.pk])
    row.refresh_from_db()
    assert row.status == Status.SENT and row.subject and row.read_at is None


def test_unknown_event_is_refused(db):
    with pytest.raises(ValueError, match="unknown notification event"):
        notify(event="no_such_event", context_ids={}, recipients=[UserFactory()])
