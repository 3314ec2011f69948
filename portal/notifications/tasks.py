"""Celery tasks of the notifications app. They take ids, re-read rows and return quietly when gone.

The delivery task itself, ``notifications.deliver_batch``, is defined beside what it runs, in ``delivery``.
"""

from dataclasses import asdict

from celery import shared_task

from . import jobs  # noqa: F401  (records the runs of periodic tasks)
from .delivery import deliver_notifications  # noqa: F401  (the worker finds every task of the app here)
from .sweeper import notifications_sweep


@shared_task(name="notifications.sweep")
def sweep_notifications() -> dict:
    return asdict(notifications_sweep())
