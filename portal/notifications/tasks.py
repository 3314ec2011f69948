"""Celery tasks of the notifications app. They take ids, re-read rows and return quietly when gone.

The delivery task itself, ``notifications.deliver_batch``, is defined beside what it runs, in ``delivery``.
"""

from dataclasses import asdict

from celery import shared_task

from . import jobs  # noqa: F401  (records the runs of periodic tasks)
from .delivery import deliver_notifications  # noqa: F401  (the worker finds every task of the app here)
from .reminders import agreement_remind, call_closing_remind, call_opening_remind, evaluation_remind
from .sweeper import notifications_sweep


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


@shared_task(name="notifications.remind_agreement")
def remind_agreement() -> int:
    return agreement_remind()
