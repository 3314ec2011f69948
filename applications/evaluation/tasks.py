"""Celery tasks of the evaluation: the daily reminder of unfinished score sheets (``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task

from .reminders import evaluation_remind


@shared_task(name="evaluation.remind_evaluation")
def remind_evaluation() -> int:
    return evaluation_remind()
