"""Delivering notifications in batches, each row at most once per claim, and queueing them for the worker.

A broker message carries up to ``NOTIFICATIONS_BATCH_SIZE`` ids. The worker reads the batch's rows (with their
recipients) in one query, then goes through them one by one: it claims a row with a conditional UPDATE
(pending and due → sending, attempts + 1), renders it, hands it to its channel and marks it ``sent``. The claim
comes before the send and the mark right after it, so a worker killed mid-batch leaves at most one row in
``sending`` (the sweeper reclaims it) and the rest ``pending``. Whatever the broker re-delivers, a row that is
sending, sent or failed is not sent again. The only duplicate left is the RFC 1047 window, a worker killed
after the SMTP server accepted a message and before the row says ``sent``; the Message-ID is the same at every
attempt so that it can be recognised. The email channel opens one mail connection for the batch.

A row that fails for a while is set back to ``pending`` with its next attempt's time and queued again, alone or
with the other rows of the batch that failed at the same attempt, with that countdown; the rest of the batch is
not held up. When a channel itself is unreachable (the mail server refuses the connection), the batch's
remaining rows of that channel are not tried (no attempt is counted) and are queued again with the same
countdown, instead of each waiting for its own connection timeout.

Queueing: ``notify`` hands its rows' ids to ``queue_delivery_on_commit``, which publishes them after the
caller's transaction commits (``transaction.on_commit``), one ``deliver_notifications`` message per
``NOTIFICATIONS_BATCH_SIZE`` ids. The rows are the truth and the message only a wake-up call: when the broker
is down the change still commits and the rows wait, pending, for the sweeper. (The task is defined here,
beside what it runs, rather than in ``tasks.py``: the sweeper and ``notify`` queue it, and ``tasks.py``
imports both.)
"""

import logging
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .channels import CHANNELS, Channel, ChannelUnavailableError, PermanentDeliveryError, RetryableDeliveryError
from .enums import Status
from .models import Notification
from .rendering import Rendered, Renderer

logger = logging.getLogger(__name__)

# A request must not stall when the broker is down: one quick retry, then the rows are the sweeper's.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def retry_countdown(attempts: int) -> float:
    """Exponential backoff with jitter ("equal jitter"): between half and all of base·2^(n-1), capped."""
    ceiling = min(
        settings.NOTIFICATIONS_RETRY_MAX_SECONDS, settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    )
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def claim(notification: Notification) -> bool:
    """Claim the row (pending, due and as read → sending, attempts + 1); ``False`` if it was not claimable
    (another worker claimed it, it was sent or failed meanwhile, or it is not due yet)."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification.pk,
        status=Status.PENDING,
        available_at__lte=now,
        attempts=notification.attempts,  # so that the attempts counted here are the row's
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    if claimed:
        notification.status, notification.attempts, notification.claimed_at = (
            Status.SENDING,
            notification.attempts + 1,
            now,
        )
    return bool(claimed)


def mark_sent(notification: Notification, rendered: Rendered) -> None:
    """The row says ``sent``, with what was sent (in the recipient's language) kept for the record. A row that
    the sweeper took back meanwhile is marked too: it was sent."""
    Notification.objects.filter(pk=notification.pk).exclude(status=Status.SENT).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        subject=rendered.subject,
        body=rendered.text,
        language=rendered.language,
        last_error="",
    )


@dataclass
class BatchOutcome:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    # Countdown (seconds) → ids to queue again with it: rows that failed at the same attempt, and the rows of a
    # channel that was unreachable (not tried).
    retries: dict[float, list[int]] = field(default_factory=lambda: defaultdict(list))
    skipped: int = 0  # not claimable: gone, already sent or failed, taken by another worker, not due yet


def deliver_batch(notification_ids: Sequence[int]) -> BatchOutcome:
    """Claim, render, send and mark each notification of the batch in turn; return what became of them."""
    outcome = BatchOutcome()
    ids = list(dict.fromkeys(notification_ids))
    found = Notification.objects.select_related("recipient").in_bulk(ids)
    rows = [found[pk] for pk in ids if pk in found and found[pk].status == Status.PENDING]
    outcome.skipped = len(ids) - len(rows)
    renderer = Renderer()
    channels: dict[str, Channel] = {}  # one object per channel kind for the batch (one mail connection)
    # One countdown per attempt count, so that rows failing at the same attempt share one message.
    countdowns: dict[int, float] = {}
    unreachable: dict[str, float] = {}  # channel → countdown of the failure that showed it unreachable
    try:
        for row in rows:
            if row.channel in unreachable:
                outcome.retries[unreachable[row.channel]].append(row.pk)
                continue
            if not claim(row):
                outcome.skipped += 1
                continue
            if row.channel not in channels:
                channels[row.channel] = CHANNELS[row.channel]()
            try:
                rendered = renderer.render(row)
                channels[row.channel].send(row, rendered)
            except PermanentDeliveryError as error:
                _fail(row, str(error))
                outcome.failed.append(row.pk)
                continue
            except Exception as error:  # retryable by kind, or unexpected (a database blip, a template bug)
                if not isinstance(error, RetryableDeliveryError):
                    logger.error("notification %s: unexpected error", row.pk, exc_info=error)
                if row.attempts not in countdowns:
                    countdowns[row.attempts] = retry_countdown(row.attempts)
                countdown = _retry_or_fail(row, f"{type(error).__name__}: {error}", countdowns[row.attempts])
                if countdown is None:
                    outcome.failed.append(row.pk)
                else:
                    outcome.retries[countdown].append(row.pk)
                if isinstance(error, ChannelUnavailableError):
                    unreachable[row.channel] = countdown if countdown is not None else countdowns[row.attempts]
                continue
            mark_sent(row, rendered)  # at once: the shorter this gap, the smaller the duplicate window
            outcome.sent.append(row.pk)
    finally:
        for channel in channels.values():
            channel.close()
    return outcome


def _fail(notification: Notification, error: str) -> None:
    logger.warning("notification %s failed after %s attempt(s): %s", notification.pk, notification.attempts, error)
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        status=Status.FAILED, last_error=error[:2000]
    )


def _retry_or_fail(notification: Notification, error: str, countdown: float) -> float | None:
    if notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        _fail(notification, error)
        return None
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


@shared_task(name="notifications.deliver_batch", acks_late=True, reject_on_worker_lost=True)
def deliver_notifications(*, notification_ids: list[int]) -> dict[str, int]:
    """Deliver a batch, then queue what should be tried again, one message per countdown. If the broker does
    not take them, the rows wait, pending with their next attempt's time, for the sweeper."""
    outcome = deliver_batch(notification_ids)
    for countdown, ids in outcome.retries.items():
        queue_delivery(ids, countdown=countdown)
    return {
        "sent": len(outcome.sent),
        "failed": len(outcome.failed),
        "retried": sum(len(ids) for ids in outcome.retries.values()),
        "skipped": outcome.skipped,
    }


def batches(ids: Iterable[int], size: int | None = None) -> list[list[int]]:
    """The ids without repeats, in order, cut into messages of at most ``size`` (``NOTIFICATIONS_BATCH_SIZE``)."""
    size = max(1, size or settings.NOTIFICATIONS_BATCH_SIZE)
    unique = list(dict.fromkeys(ids))
    return [unique[start : start + size] for start in range(0, len(unique), size)]


def queue_delivery(notification_ids: Iterable[int], *, countdown: float | None = None) -> int:
    """Publish the ids now, one message per batch; return how many ids were queued. Never raises: a row not
    queued stays pending and the sweeper queues it again once the broker answers."""
    chunks = batches(notification_ids)
    queued = 0
    for chunk in chunks:
        try:
            deliver_notifications.apply_async(
                kwargs={"notification_ids": chunk}, countdown=countdown, retry_policy=PUBLISH_RETRY_POLICY
            )
        except Exception:  # the broker is down: the next chunks would wait for it too
            left = sum(len(chunk) for chunk in chunks) - queued
            logger.warning("broker unavailable: %s notification(s) left pending for the sweeper", left, exc_info=True)
            break
        queued += len(chunk)
    return queued


def queue_delivery_on_commit(notification_ids: Iterable[int]) -> None:
    """Queue the ids once the caller's transaction commits (at once outside a transaction); a rollback drops
    them with the rows."""
    ids = list(notification_ids)
    if ids:
        transaction.on_commit(lambda: queue_delivery(ids))
