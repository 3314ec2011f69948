"""How a notification reaches its recipient: one ``Channel`` subclass per channel kind.

Delivery makes one channel object per batch and calls ``send(notification, rendered)`` for each claimed row,
then ``close()``. ``send`` returns when the channel has taken the message; it raises
``RetryableDeliveryError`` for what may pass (a 4xx SMTP reply; ``ChannelUnavailableError`` when the mail
server refuses or drops the connection) and ``PermanentDeliveryError`` for what will not (a 5xx reply, an
address that cannot be encoded). SMS or a KakaoTalk business message is one more subclass; until a provider
is contracted, ``LoggingChannel`` writes what would have been sent to the log.
"""

import abc
import logging
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers

from .enums import ChannelKind
from .models import Notification
from .rendering import Rendered, message_id

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
    """One object per batch: it may hold what the batch's messages share (a mail connection) until ``close``."""

    kind: str = ""

    @abc.abstractmethod
    def send(self, notification: Notification, rendered: Rendered) -> None:
        """Deliver, or raise RetryableDeliveryError / PermanentDeliveryError."""

    def close(self) -> None:  # noqa: B027 - optional, nothing to release by default
        """Release what the batch held."""


def email_message(notification: Notification, rendered: Rendered) -> EmailMultiAlternatives:
    """The email of a notification: plain text and HTML in the recipient's language, with the same
    Message-ID at every attempt (a duplicate after a crash can be recognised by it)."""
    return EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[notification.recipient.email],
        headers={
            "Message-ID": message_id(notification),
            "Auto-Submitted": "auto-generated",
            "X-Portal-Notification": str(notification.pk),
            "Content-Language": rendered.language,
        },
        alternatives=[(rendered.html, "text/html")],
    )


class EmailChannel(Channel):
    """Through the ``MAILERS`` alias ``NOTIFICATIONS_MAILER``, over one connection opened for the batch."""

    kind = ChannelKind.EMAIL

    def __init__(self) -> None:
        self.connection = None

    def send(self, notification: Notification, rendered: Rendered) -> None:
        with self._delivery_errors():
            message = email_message(notification, rendered)
            if self.connection is None:
                self.connection = mailers[settings.NOTIFICATIONS_MAILER]
                self.connection.open()  # kept open for the batch: send_messages does not close it
            if not self.connection.send_messages([message]):
                raise PermanentDeliveryError("the recipient has no email address")

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # the server went away first: nothing left to close
                logger.debug("closing the mail connection failed", exc_info=True)

    @contextmanager
    def _delivery_errors(self) -> Iterator[None]:
        """SMTP failures as delivery errors: 5xx permanent, 4xx for a while, a refused or dropped connection
        makes the channel unavailable. After any failure the connection is closed; the next send opens one."""
        try:
            yield
        except DeliveryError:
            raise
        except smtplib.SMTPRecipientsRefused as error:
            self.close()
            codes = [code for code, _message in error.recipients.values()]
            if codes and all(500 <= code < 600 for code in codes):
                raise PermanentDeliveryError(f"recipient refused: {error.recipients}") from error
            raise RetryableDeliveryError(f"recipient refused for now: {error.recipients}") from error
        except smtplib.SMTPResponseException as error:
            self.close()
            detail = f"SMTP {error.smtp_code}: {_text(error.smtp_error)}"
            if 500 <= error.smtp_code < 600:
                raise PermanentDeliveryError(detail) from error
            raise RetryableDeliveryError(detail) from error
        except (smtplib.SMTPException, OSError) as error:  # refused, timed out or dropped connections
            self.close()
            raise ChannelUnavailableError(f"{type(error).__name__}: {error}") from error
        except ValueError as error:  # an address Django cannot encode
            raise PermanentDeliveryError(str(error)) from error


class InAppChannel(Channel):
    """The row itself is the in-app message: delivering it only makes it visible in the notification centre."""

    kind = ChannelKind.IN_APP

    def send(self, notification: Notification, rendered: Rendered) -> None:
        pass


class LoggingChannel(Channel):
    """Writes the message to the log: the place for SMS or KakaoTalk until a provider is contracted."""

    kind = ChannelKind.LOG

    def send(self, notification: Notification, rendered: Rendered) -> None:
        logger.info(
            "notification %s to user %s (%s): %s",
            notification.pk,
            notification.recipient_id,
            rendered.language,
            rendered.subject,
        )


# Channel kind → class; delivery makes one object of each per batch.
CHANNELS: dict[str, type[Channel]] = {channel.kind: channel for channel in (EmailChannel, InAppChannel, LoggingChannel)}


def _text(value: object) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
