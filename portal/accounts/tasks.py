"""Celery tasks of the accounts app: the daily retention run (``CELERY_BEAT_SCHEDULE``)."""

import logging

from celery import shared_task

from .retention import personal_data_purge

logger = logging.getLogger("portal.retention")


@shared_task(name="accounts.purge_personal_data")
def purge_personal_data() -> int:
    lines = personal_data_purge()
    for line in lines:
        logger.info("retention: %s", line)
    return len(lines)
