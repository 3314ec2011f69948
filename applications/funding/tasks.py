"""Celery task of payments and settlement: the daily reminders (``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task

from .reminders import refund_remind, settlement_remind


@shared_task(name="funding.remind_funding")
def remind_funding() -> int:
    return settlement_remind() + refund_remind()
