"""The email of a notification is an ordinary ``EmailMultiAlternatives``: text and HTML, the same Message-ID at
every attempt, headers and Korean text that survive the trip through the mail server."""

import email.policy
from email import message_from_bytes

import pytest

from portal.notifications.channels import email_message
from portal.notifications.delivery import deliver_batch
from portal.notifications.enums import ChannelKind, Status
from portal.notifications.models import Notification
from portal.notifications.rendering import Rendered
from portal.notifications.services import notify
from tests.accounts.factories import UserFactory

LONG = "A subject long enough that the header has to be folded over more than one line of text, surely " * 2


@pytest.mark.parametrize(
    ("subject", "text", "html"),
    [
        ("Call closes on 2027-03-05", "Dear Kim,\n\nThe call closes.\n", "<p>Dear Kim,</p>\n<p>closes</p>"),
        ("2027년 공모 마감 안내", "김 대표님께,\n\n마감됩니다.\n" * 40, "<p>마감</p>" * 200),
        (LONG, "x" * 500 + "\n", ""),
    ],
)
def test_the_email_carries_both_parts_and_its_headers(db, subject, text, html):
    person = UserFactory(email="person@example.com")
    row = Notification.objects.create(recipient=person, event="call_closing", channel=ChannelKind.EMAIL)
    rendered = Rendered(subject=subject, text=text, html=html, language="ko")

    parsed = message_from_bytes(
        email_message(row, rendered).message(policy=email.policy.SMTP).as_bytes(), policy=email.policy.default
    )

    assert parsed["Message-ID"] == f"<notification-{row.pk}@portal.localhost>"
    assert parsed["X-Portal-Notification"] == str(row.pk)
    assert parsed["Content-Language"] == "ko"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["To"] == "person@example.com"
    assert parsed["Subject"] == subject
    assert parsed.get_content_type() == "multipart/alternative"
    # (a part that does not end a line is given one)
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n").rstrip("\n") == text.rstrip("\n")
    assert parsed.get_body(("html",)).get_content().replace("\r\n", "\n").rstrip("\n") == html


def test_every_attempt_of_a_notification_has_the_same_message_id(db, smtp_mailer):
    person = UserFactory()
    [row] = notify(event="call_closing", context_ids={}, recipients=[person], channels=[ChannelKind.EMAIL])
    smtp_mailer.refuse(1)  # the first attempt is refused, the second accepted

    assert len(deliver_batch([row.pk]).retries) == 1
    Notification.objects.filter(pk=row.pk).update(available_at=row.created_at)  # its time has come
    assert deliver_batch([row.pk]).sent == [row.pk]

    assert Notification.objects.get(pk=row.pk).status == Status.SENT
    assert smtp_mailer.refused == 1
    assert list(smtp_mailer.received) == [f"<notification-{row.pk}@portal.localhost>"]


def test_an_address_that_cannot_be_encoded_fails_for_good(db, smtp_mailer):
    person = UserFactory(email="김@example.com")  # a non-ASCII local part cannot go over SMTP without SMTPUTF8
    [row] = notify(event="call_closing", context_ids={}, recipients=[person], channels=[ChannelKind.EMAIL])

    assert deliver_batch([row.pk]).failed == [row.pk]

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 1)
    assert smtp_mailer.total == 0
