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


class BenchUpload(models.Model):
    """A row of the benchmark's upload control (``/bench/upload``, mounted only with ``BENCH_CONTROLS``): what a bare
    view costs to store one uploaded file and one row, read beside the deadline-day scenario (docs/benchmarks.md)."""

    file = models.FileField(_("file"), upload_to="bench-control/%Y%m%d/")
    size = models.PositiveIntegerField(_("size"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("benchmark upload")
        verbose_name_plural = _("benchmark uploads")

    def __str__(self) -> str:
        return self.file.name
