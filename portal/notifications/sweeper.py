"""The sweeper: nothing waits forever.

Every minute (Celery beat) it queues again the rows left pending for longer than a grace period (the broker
was down at commit, or a queued message was lost with its worker), and reclaims rows stuck in ``sending``
for longer than a worker can take to send (a worker killed mid-send). On PostgreSQL the rows are locked with
``SELECT … FOR UPDATE SKIP LOCKED`` so that two sweepers never take the same rows; SQLite has one writer.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .delivery import queue_delivery
from .enums import Status
from .models import Notification

BATCH = 500
MAX_BATCHES = 20
LOST_WHILE_SENDING = "the worker stopped while sending; it may or may not have been delivered"


@dataclass
class SweepResult:
    requeued: int = 0
    reclaimed: int = 0
    failed: int = 0


def _locked(queryset: QuerySet) -> QuerySet:
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset


def notifications_sweep(*, now: datetime | None = None) -> SweepResult:
    result = SweepResult()
    for _batch in range(MAX_BATCHES):
        found = _sweep_batch(now=now or timezone.now(), result=result)
        if found < BATCH:
            break
    return result


def _sweep_batch(*, now: datetime, result: SweepResult) -> int:
    pending_before = now - timedelta(seconds=settings.NOTIFICATIONS_PENDING_GRACE_SECONDS)
    stale_before = now - timedelta(seconds=settings.NOTIFICATIONS_SENDING_STALE_SECONDS)
    with transaction.atomic():
        stale = list(
            _locked(Notification.objects.filter(status=Status.SENDING, claimed_at__lt=stale_before))
            .order_by("pk")
            .values_list("pk", "attempts")[:BATCH]
        )
        exhausted = [pk for pk, attempts in stale if attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS]
        reclaimed = [pk for pk, attempts in stale if attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS]
        if exhausted:
            Notification.objects.filter(pk__in=exhausted).update(status=Status.FAILED, last_error=LOST_WHILE_SENDING)
        if reclaimed:
            Notification.objects.filter(pk__in=reclaimed).update(
                status=Status.PENDING, available_at=now, queued_at=now, last_error=LOST_WHILE_SENDING
            )
        pending = list(
            _locked(
                Notification.objects.filter(status=Status.PENDING, available_at__lte=pending_before).filter(
                    Q(queued_at__isnull=True) | Q(queued_at__lt=pending_before)
                )
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if pending:
            Notification.objects.filter(pk__in=pending).update(queued_at=now)
        to_queue = reclaimed + pending
        transaction.on_commit(lambda: queue_delivery(to_queue))
    result.failed += len(exhausted)
    result.reclaimed += len(reclaimed)
    result.requeued += len(pending)
    return len(stale) + len(pending)
