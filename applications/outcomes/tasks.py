"""Celery tasks of the outcome reports: the daily reminders (``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task

from .reminders import outcome_due_remind, outcome_overdue_remind


@shared_task(name="outcomes.remind_outcome_due")
def remind_outcome_due() -> int:
    return outcome_due_remind()


@shared_task(name="outcomes.remind_outcome_overdue")
def remind_outcome_overdue() -> int:
    return outcome_overdue_remind()
