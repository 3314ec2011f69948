"""Delivering one notification at most once per claim, and queueing rows for the worker.

The claim is a conditional UPDATE (pending → sending, attempts + 1): whatever the broker re-delivers,
a row that is sending, sent or failed is not sent again. The only duplicate left is the RFC 1047 window,
a worker killed after the SMTP server accepted a message and before the row says ``sent``; the row is marked
immediately after the SMTP call, and the Message-ID is the same at every attempt so that it can be recognised.
"""

import logging
import random
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .channels import CHANNELS, PermanentDeliveryError, RetryableDeliveryError
from .enums import Status
from .models import Notification
from .rendering import rendered_of

logger = logging.getLogger(__name__)


def queue_delivery(notification_ids: Iterable[int]) -> int:
    """Hand the ids to the broker; return how many were queued. Never raises: a row not queued stays
    pending and the sweeper queues it again once the broker answers."""
    from .tasks import deliver_notification

    queued = 0
    for notification_id in notification_ids:
        try:
            deliver_notification.apply_async(kwargs={"notification_id": notification_id}, retry=False)
        except Exception:
            logger.warning("broker unavailable: notification %s left pending for the sweeper", notification_id,
                           exc_info=True)
            break
        queued += 1
    return queued


def retry_countdown(attempts: int) -> float:
    """Exponential backoff with jitter ("equal jitter"): between half and all of base·2^(n−1), capped."""
    ceiling = min(settings.NOTIFICATIONS_RETRY_MAX_SECONDS, settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** (attempts - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def claim(notification_id: int) -> bool:
    now = timezone.now()
    return bool(
        Notification.objects.filter(pk=notification_id, status=Status.PENDING, available_at__lte=now).update(
            status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=now
        )
    )


def deliver(*, notification_id: int) -> float | None:
    """Claim and send one notification. Return a countdown when it should be tried again, else ``None``."""
    if not claim(notification_id):
        return None
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:
        return None
    try:
        rendered = rendered_of(notification)
        CHANNELS[notification.channel].send(notification)
    except PermanentDeliveryError as error:
        _fail(notification, str(error))
        return None
    except Exception as error:  # retryable by kind, or unexpected (a database blip, a template bug): bounded
        if not isinstance(error, RetryableDeliveryError):
            logger.exception("notification %s: unexpected error", notification_id)
        return _retry_or_fail(notification, f"{type(error).__name__}: {error}")
    # Immediately after the channel took it: the shorter this gap, the smaller the duplicate window.
    Notification.objects.filter(pk=notification_id).exclude(status=Status.SENT).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        subject=rendered.subject,
        body=rendered.text,
        language=rendered.language,
        last_error="",
    )
    return None


def _fail(notification: Notification, error: str) -> None:
    logger.warning("notification %s failed after %s attempt(s): %s", notification.pk, notification.attempts, error)
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        status=Status.FAILED, last_error=error[:2000]
    )


def _retry_or_fail(notification: Notification, error: str) -> float | None:
    if notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        _fail(notification, error)
        return None
    countdown = retry_countdown(notification.attempts)
    logger.info("notification %s: attempt %s failed (%s); again in %.1f s", notification.pk,
                notification.attempts, error, countdown)
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        status=Status.PENDING,
        available_at=timezone.now() + timedelta(seconds=countdown),
        last_error=error[:2000],
    )
    return countdown
