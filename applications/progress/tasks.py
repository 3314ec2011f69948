"""Celery tasks of the progress app: the daily reminder (``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task

from .reminders import progress_reports_remind


@shared_task(name="progress.remind_reports")
def remind_reports() -> int:
    return progress_reports_remind()
