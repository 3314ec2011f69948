"""Celery task of the results meeting: the daily reminder (``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task

from .reminders import meeting_remind


@shared_task(name="meetings.remind_meeting")
def remind_meeting() -> int:
    return meeting_remind()
