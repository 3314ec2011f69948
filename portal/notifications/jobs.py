"""The last run of each periodic task, recorded around every run of a task named in the beat schedule."""

import logging

from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .enums import JobOutcome
from .models import ScheduledJobRun

logger = logging.getLogger(__name__)


def scheduled_task_names() -> set[str]:
    return {entry["task"] for entry in getattr(settings, "CELERY_BEAT_SCHEDULE", {}).values()}


@task_prerun.connect
def _job_started(sender=None, task=None, **kwargs) -> None:
    name = getattr(task, "name", None)
    if name not in scheduled_task_names():
        return
    try:
        ScheduledJobRun.objects.update_or_create(
            task=name, defaults={"last_started_at": timezone.now(), "last_outcome": JobOutcome.RUNNING}
        )
    except Exception:
        logger.exception("could not record the start of %s", name)


@task_postrun.connect
def _job_finished(sender=None, task=None, retval=None, state=None, **kwargs) -> None:
    name = getattr(task, "name", None)
    if name not in scheduled_task_names():
        return
    outcome = JobOutcome.SUCCEEDED if state == "SUCCESS" else JobOutcome.FAILED
    detail = "" if retval is None else str(retval)[:1000]
    try:
        ScheduledJobRun.objects.filter(task=name).update(
            last_finished_at=timezone.now(), last_outcome=outcome, last_detail=detail, runs=F("runs") + 1
        )
    except Exception:
        logger.exception("could not record the end of %s", name)
