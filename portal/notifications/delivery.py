"""Delivering one notification at most once per claim, and queueing rows for the worker.

The claim is a conditional UPDATE (pending → sending, attempts + 1): whatever the broker re-delivers,
a row that is sending, sent or failed is not sent again. The only duplicate left is the RFC 1047 window,
a worker killed after the SMTP server accepted a message and before the row says ``sent``; the row is marked
immediately after the SMTP call, and the Message-ID is the same at every attempt so that it can be recognised.
"""

import logging
import os
import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .channels import CHANNELS, PermanentDeliveryError, RetryableDeliveryError
from .enums import Status
from .models import Notification
from .rendering import rendered_of

logger = logging.getLogger(__name__)


# A web request must not stall when the broker is down: one quick connection attempt, then the sweeper's turn.
PUBLISH_CONNECTION_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


_pools: dict[tuple[int, str], object] = {}


def _publish_pool(app):
    """Publishing connections of this process (a pool per process id and broker URL, so a fork gets its own)."""
    key = (os.getpid(), app.conf.broker_write_url)
    pool = _pools.get(key)
    if pool is None:
        pool = app.connection_for_write(transport_options=PUBLISH_CONNECTION_OPTIONS).Pool(limit=10)
        _pools[key] = pool
    return pool


def queue_delivery(notification_ids: Iterable[int]) -> int:
    """Hand the ids to the broker; return how many were queued. Never raises: a row not queued stays
    pending and the sweeper queues it again once the broker answers."""
    from portal.celery import app

    from .tasks import deliver_notification

    ids = list(notification_ids)
    if not ids:
        return 0
    queued = 0
    try:
        with _publish_pool(app).acquire(block=True, timeout=5) as connection:
            for notification_id in ids:
                deliver_notification.apply_async(
                    kwargs={"notification_id": notification_id}, connection=connection, retry=False
                )
                queued += 1
    except Exception:
        logger.warning(
            "broker unavailable: %s notification(s) left pending for the sweeper", len(ids) - queued, exc_info=True
        )
    return queued


def retry_countdown(attempts: int) -> float:
    """Exponential backoff with jitter ("equal jitter"): between half and all of base·2^(n-1), capped."""
    ceiling = min(
        settings.NOTIFICATIONS_RETRY_MAX_SECONDS, settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    )
    return ceiling / 2 + random.uniform(0, ceiling / 2)


@contextmanager
def _quick_commit() -> Iterator[None]:
    """A transaction whose commit does not wait for the disk on PostgreSQL (``synchronous_commit off``).

    Only a crash of the database server itself (not of a worker) can lose such a commit, and only the last
    fraction of a second of them: a claim lost that way is taken again, a ``sent`` lost that way is the same
    duplicate window as a worker killed after the SMTP reply. In exchange the row says ``sent`` sooner after
    the SMTP call, which narrows that window, and a worker sends several times as many messages per second.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def claim(notification_id: int) -> bool:
    now = timezone.now()
    with _quick_commit():
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
    with _quick_commit():
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
    logger.info(
        "notification %s: attempt %s failed (%s); again in %.1f s",
        notification.pk,
        notification.attempts,
        error,
        countdown,
    )
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        status=Status.PENDING,
        available_at=timezone.now() + timedelta(seconds=countdown),
        last_error=error[:2000],
    )
    return countdown
