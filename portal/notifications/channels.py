"""How a notification reaches its recipient. One class per channel, all with ``send(notification)``.

``send`` returns when the channel has taken the message; it raises ``RetryableDeliveryError`` for what may
pass (a 4xx SMTP answer; ``ChannelUnavailableError`` when the connection itself is refused or dropped) and
``PermanentDeliveryError`` for what will not (a 5xx answer, an invalid address). ``prepare`` (optional) builds
the message ahead of the claim. SMS or a KakaoTalk business message is one more subclass; until a provider is
contracted, ``LoggingChannel`` writes what would have been sent to the log.
"""

import abc
import email.policy as email_policy
import logging
import smtplib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.conf import settings
from django.core.mail import mailers
from django.core.mail.backends import smtp as smtp_backend
from django.core.signals import setting_changed
from django.dispatch import receiver

from .enums import ChannelKind
from .mime import NotificationEmail
from .models import Notification
from .rendering import message_id, rendered_of

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    pass


class RetryableDeliveryError(DeliveryError):
    pass


class ChannelUnavailableError(RetryableDeliveryError):
    """The channel itself cannot be reached (the mail server refuses or drops the connection): the other
    messages of a batch on this channel would fail the same way, so they wait for the retry untried."""


class PermanentDeliveryError(DeliveryError):
    pass


class Channel(abc.ABC):
    """How a notification reaches its recipient. SMS or a KakaoTalk business message is one more subclass."""

    kind: str = ""

    def prepare(self, notification: Notification) -> None:  # noqa: B027 - optional, nothing to do by default
        """The work that needs neither the claim nor the network (building the message), done ahead of the
        claim, possibly in another thread; it may raise PermanentDeliveryError."""

    def stage(self, notification: Notification) -> None:  # noqa: B027 - optional, nothing to do by default
        """What can go ahead of the claim without handing the message over (an SMTP envelope), done while the
        claim travels; ``send`` completes it, ``abandon`` takes it back. It may raise what ``send`` raises."""

    def abandon(self, notification: Notification) -> None:  # noqa: B027 - optional, nothing to undo by default
        """The row was not claimed after all: take back what ``stage`` began."""

    @abc.abstractmethod
    def send(self, notification: Notification) -> None:
        """Deliver, or raise RetryableDeliveryError / PermanentDeliveryError."""


# One connection to the mail server per worker process, kept open between messages: no connect, EHLO and
# QUIT per message (and no QUIT between the server's acceptance and the row being marked sent).
_local = threading.local()
IDLE_CHECK_SECONDS = 5.0


def _open_mailer():
    mailer = getattr(_local, "mailer", None)
    if mailer is not None and time.monotonic() - _local.used_at > IDLE_CHECK_SECONDS:
        smtp = getattr(mailer, "connection", None)
        try:
            if smtp is not None:
                smtp.noop()  # the server may have closed an idle connection: find out before MAIL FROM
        except (smtplib.SMTPException, OSError):
            _drop_mailer()
            mailer = None
    if mailer is None:
        mailer = mailers[settings.NOTIFICATIONS_MAILER]
        mailer.open()
        _local.mailer = mailer
    return mailer


def _drop_mailer() -> None:
    mailer = getattr(_local, "mailer", None)
    _local.mailer = None
    if mailer is not None:
        try:
            mailer.close()
        except Exception:
            logger.debug("closing the mail connection failed", exc_info=True)


class EmailChannel(Channel):
    """HTML and plain text, in the recipient's language, through the ``MAILERS`` alias of the settings."""

    kind = ChannelKind.EMAIL

    def message(self, notification: Notification) -> NotificationEmail:
        rendered = rendered_of(notification)
        email = NotificationEmail(
            subject=rendered.subject,
            body=rendered.text,
            to=[notification.recipient.email],
            headers={
                "Message-ID": message_id(notification),
                "Auto-Submitted": "auto-generated",
                "X-Portal-Notification": str(notification.pk),
                "Content-Language": rendered.language,
            },
        )
        email.attach_alternative(rendered.html, "text/html")
        return email

    def prepare(self, notification: Notification) -> None:
        try:
            email = self.message(notification)
            email.prepare(policy=email_policy.SMTP)
        except ValueError as error:  # an address that cannot be encoded
            raise PermanentDeliveryError(str(error)) from error
        notification._email = email

    def stage(self, notification: Notification) -> None:
        """Send MAIL FROM on the kept-open connection and go on without waiting for the reply: the mail server
        reads it while the database runs the row's claim. Nothing is handed over before ``send`` (RCPT TO, DATA,
        the message), and ``abandon`` takes it back (RSET) when the row was not claimable. Only with Django's
        SMTP backend; with another backend ``send`` does it all."""
        with _delivery_errors():
            mailer = _open_mailer()
            smtp = getattr(mailer, "connection", None)
            if not isinstance(mailer, smtp_backend.EmailBackend) or smtp is None:
                return
            email = getattr(notification, "_email", None) or self.message(notification)
            data = email.message(policy=email_policy.SMTP).as_bytes()
            sender = mailer.prep_address(email.from_email)
            recipients = [mailer.prep_address(address) for address in email.recipients()]
            smtp.ehlo_or_helo_if_needed()
            options = f" size={len(data)}" if smtp.does_esmtp and smtp.has_extn("size") else ""
            smtp.putcmd("mail", f"from:{smtplib.quoteaddr(sender)}{options}")  # as smtplib.SMTP.mail does
            notification._staged = (smtp, sender, recipients, data)

    def abandon(self, notification: Notification) -> None:
        staged = getattr(notification, "_staged", None)
        notification._staged = None
        if staged is not None:
            try:
                staged[0].getreply()  # MAIL FROM's
                staged[0].rset()
            except (smtplib.SMTPException, OSError):
                _drop_mailer()

    def send(self, notification: Notification) -> None:
        staged = getattr(notification, "_staged", None)
        notification._staged = None
        with _delivery_errors():
            if staged is not None:
                _send_staged(*staged)
                return
            email = getattr(notification, "_email", None) or self.message(notification)
            # What EmailMessage.send(using=alias) does, on a connection that this process keeps open.
            _open_mailer().send_messages([email])


def _send_staged(smtp: smtplib.SMTP, sender: str, recipients: list[str], data: bytes) -> None:
    """The rest of ``smtplib.SMTP.sendmail`` after MAIL FROM went out: its reply, RCPT TO, DATA and the message,
    with the same checks and errors."""
    code, reply = smtp.getreply()
    if code != 250:
        _give_up(smtp, code)
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused = {}
    for recipient in recipients:
        code, reply = smtp.rcpt(recipient)
        if code not in (250, 251):
            refused[recipient] = (code, reply)
        if code == 421:
            smtp.close()
            raise smtplib.SMTPRecipientsRefused(refused)
    if len(refused) == len(recipients):
        _give_up(smtp, code)
        raise smtplib.SMTPRecipientsRefused(refused)
    code, reply = smtp.data(data)
    if code != 250:
        _give_up(smtp, code)
        raise smtplib.SMTPDataError(code, reply)


def _give_up(smtp: smtplib.SMTP, code: int) -> None:
    """As ``sendmail`` does after a refusal: close on 421 (the server is closing), else RSET."""
    if code == 421:
        smtp.close()
        return
    with suppress(smtplib.SMTPServerDisconnected):
        smtp.rset()


@contextmanager
def _delivery_errors() -> Iterator[None]:
    """SMTP failures as delivery errors: 5xx permanent, 4xx for a while, a refused or dropped connection makes
    the channel unavailable; the connection is dropped after any of them."""
    try:
        yield
    except smtplib.SMTPRecipientsRefused as error:
        _drop_mailer()
        codes = [code for code, _message in error.recipients.values()]
        if codes and all(500 <= code < 600 for code in codes):
            raise PermanentDeliveryError(f"recipient refused: {error.recipients}") from error
        raise RetryableDeliveryError(f"recipient refused for now: {error.recipients}") from error
    except smtplib.SMTPResponseException as error:
        _drop_mailer()
        detail = f"SMTP {error.smtp_code}: {_text(error.smtp_error)}"
        if 500 <= error.smtp_code < 600:
            raise PermanentDeliveryError(detail) from error
        raise RetryableDeliveryError(detail) from error
    except (smtplib.SMTPException, OSError) as error:  # refused, timed out or dropped connections
        _drop_mailer()
        raise ChannelUnavailableError(f"{type(error).__name__}: {error}") from error
    except ValueError as error:  # an address Django cannot encode
        raise PermanentDeliveryError(str(error)) from error
    finally:
        _local.used_at = time.monotonic()


class InAppChannel(Channel):
    """The row itself is the in-app message: delivering it only makes it visible in the notification centre."""

    kind = ChannelKind.IN_APP

    def send(self, notification: Notification) -> None:
        rendered_of(notification)


class LoggingChannel(Channel):
    """Writes the message to the log: the place for SMS or KakaoTalk until a provider is contracted."""

    kind = ChannelKind.LOG

    def send(self, notification: Notification) -> None:
        rendered = rendered_of(notification)
        logger.info(
            "notification %s to user %s (%s): %s",
            notification.pk,
            notification.recipient_id,
            rendered.language,
            rendered.subject,
        )


CHANNELS: dict[str, Channel] = {channel.kind: channel for channel in (EmailChannel(), InAppChannel(), LoggingChannel())}


def _text(value: object) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


@receiver(setting_changed)
def _mailer_settings_changed(setting: str, **kwargs) -> None:
    if setting in {"MAILERS", "NOTIFICATIONS_MAILER"}:
        _drop_mailer()
