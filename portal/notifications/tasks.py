"""Celery tasks of the notifications app. They take ids, re-read rows and return quietly when gone."""

from dataclasses import asdict

from celery import shared_task

from . import jobs  # noqa: F401  (records the runs of periodic tasks)
from .delivery import deliver
from .reminders import call_closing_remind, call_opening_remind, evaluation_remind
from .sweeper import notifications_sweep


@shared_task(
    bind=True,
    name="notifications.deliver",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,  # the row's attempts and NOTIFICATIONS_MAX_ATTEMPTS bound the retries
)
def deliver_notification(self, *, notification_id: int) -> None:
    countdown = deliver(notification_id=notification_id)
    if countdown is not None:
        raise self.retry(countdown=countdown, kwargs={"notification_id": notification_id})


@shared_task(name="notifications.sweep")
def sweep_notifications() -> dict:
    return asdict(notifications_sweep())


@shared_task(name="notifications.remind_call_closing")
def remind_call_closing() -> int:
    return call_closing_remind()


@shared_task(name="notifications.remind_call_opening")
def remind_call_opening() -> int:
    return call_opening_remind()


@shared_task(name="notifications.remind_evaluation")
def remind_evaluation() -> int:
    return evaluation_remind()
