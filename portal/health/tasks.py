import socket
from datetime import datetime, timedelta

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat

KEEP_HEARTBEATS_FOR = timedelta(days=1)


@shared_task(name="portal.health.tasks.heartbeat_record")
def heartbeat_record(*, queued_at: str | None = None) -> int:
    """Write one heartbeat row from the worker that runs this task; return its id."""
    queued = datetime.fromisoformat(queued_at) if queued_at else timezone.now()
    heartbeat = WorkerHeartbeat.objects.create(worker=socket.gethostname(), queued_at=queued)
    WorkerHeartbeat.objects.filter(recorded_at__lt=timezone.now() - KEEP_HEARTBEATS_FOR).delete()
    return heartbeat.pk
