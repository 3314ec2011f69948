"""A real Celery worker process consumes the configured broker and writes to the test database.

Not eager mode: the task goes through the broker (filesystem by default, Redis in CI) to a
separate ``celery worker`` process, whose result is read back from the database.
"""

import time

import pytest
from django.conf import settings
from django.utils import timezone

from portal.health.models import WorkerHeartbeat
from portal.health.tasks import heartbeat_record


def wait_for(predicate, *, timeout: float = 60.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


@pytest.mark.services
def test_task_runs_in_a_real_worker_and_its_row_reaches_the_database(start_worker):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    worker = start_worker()
    queued_at = timezone.now()

    heartbeat_record.delay(queued_at=queued_at.isoformat())

    heartbeat = wait_for(lambda: WorkerHeartbeat.objects.filter(queued_at=queued_at).first())
    assert heartbeat is not None, worker.output()
    assert heartbeat.recorded_at >= queued_at
    assert "portal.health.tasks.heartbeat_record" in worker.output()
    assert "succeeded" in worker.output()


@pytest.mark.services
def test_worker_uses_the_redis_broker_in_ci(require_redis_broker, start_worker):
    """Under CI the broker is Redis: the worker's banner names it."""
    worker = start_worker()
    assert "redis://" in worker.output()
