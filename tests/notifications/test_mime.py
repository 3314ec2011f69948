"""The email built ahead as bytes is byte for byte the message that the email package builds."""

import email.policy
from email import message_from_bytes

import pytest

from portal.notifications.mime import NotificationEmail

LONG = "A subject long enough that the header has to be folded over more than one line of text, surely " * 2


def notification_email(subject: str, text: str, html: str | None, **headers) -> NotificationEmail:
    mail = NotificationEmail(
        subject=subject,
        body=text,
        to=["person@example.com"],
        headers={"Message-ID": "<notification-7@portal.localhost>", "Content-Language": "ko", **headers},
    )
    if html is not None:
        mail.attach_alternative(html, "text/html")
    return mail


@pytest.mark.parametrize(
    ("subject", "text", "html"),
    [
        ("Call closes on 2027-03-05", "Dear Kim,\n\nThe call closes.\n", "<p>Dear Kim,</p>\n<p>closes</p>"),
        ("2027년 공모 마감 안내", "김 대표님께,\r\n\r\n마감됩니다.\n" * 40, "<p>마감</p>" * 200),
        (LONG, "x" * 500 + "\n", ""),
        ("Plain text only", "Just text.\n", None),
        ("", "", "<p></p>"),
    ],
)
@pytest.mark.parametrize("policy", [email.policy.SMTP, email.policy.default])
def test_the_bytes_built_ahead_are_the_message_the_email_package_builds(subject, text, html, policy):
    mail = notification_email(subject, text, html, **{"X-Portal-Notification": "7"})
    mail.prepare(policy=policy)
    ahead = mail.message(policy=policy).as_bytes()

    assert ahead == mail._build(policy).as_bytes()  # same boundary, date and Message-ID: the same message
    parsed = message_from_bytes(ahead, policy=email.policy.default)
    assert parsed["Message-ID"] == "<notification-7@portal.localhost>"
    assert parsed["To"] == "person@example.com"
    assert parsed["Subject"] == subject
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == text.replace("\r\n", "\n")
    if html is not None:
        assert parsed.get_content_type() == "multipart/alternative"
        assert parsed.get_body(("html",)).get_content().replace("\r\n", "\n") == html.replace("\r\n", "\n")


def test_a_message_prepared_ahead_still_answers_as_a_message():
    mail = notification_email("Subject", "Text\n", "<p>HTML</p>")
    mail.prepare(policy=email.policy.SMTP)
    message = mail.message(policy=email.policy.SMTP)
    assert message["Content-Language"] == "ko"
    assert "Message-ID" in message
    assert message.get_content_type() == "multipart/alternative"
    # Another line ending builds it again: the same message, other line ends.
    assert mail.message(policy=email.policy.default).as_bytes() == message.as_bytes().replace(b"\r\n", b"\n")
