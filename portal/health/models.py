from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A row written by a Celery worker when it runs the heartbeat task.

    Beat queues the task every minute; ``/readyz`` reports the newest row so that an
    operator sees whether a worker is consuming the queue.
    """

    worker = models.CharField(_("worker"), max_length=200)
    queued_at = models.DateTimeField(_("queued at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.recorded_at:%Y-%m-%d %H:%M:%S}"
