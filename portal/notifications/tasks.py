"""Celery tasks of the notifications app. They take ids, re-read rows and return quietly when gone."""

from dataclasses import asdict

from celery import shared_task

from . import jobs  # noqa: F401  (records the runs of periodic tasks)
from .delivery import deliver_batch
from .publishing import queue_delivery
from .sweeper import notifications_sweep


def deliver_and_requeue(notification_ids: list[int]) -> dict[str, int]:
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


@shared_task(name="notifications.deliver_batch", acks_late=True, reject_on_worker_lost=True)
def deliver_notifications(*, notification_ids: list[int]) -> dict[str, int]:
    return deliver_and_requeue(notification_ids)


@shared_task(name="notifications.deliver", acks_late=True, reject_on_worker_lost=True)
def deliver_notification(*, notification_id: int) -> dict[str, int]:
    """The one-id task of before batching, kept for the messages still in a broker: a batch of one."""
    return deliver_and_requeue([notification_id])


@shared_task(name="notifications.sweep")
def sweep_notifications() -> dict:
    return asdict(notifications_sweep())
