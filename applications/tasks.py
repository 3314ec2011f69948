"""Celery tasks of the applications app: the daily reminders (``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task

from .reminders import agreement_remind, call_closing_remind, call_opening_remind


@shared_task(name="applications.remind_call_opening")
def remind_call_opening() -> int:
    return call_opening_remind()


@shared_task(name="applications.remind_call_closing")
def remind_call_closing() -> int:
    return call_closing_remind()


@shared_task(name="applications.remind_agreement")
def remind_agreement() -> int:
    return agreement_remind()
