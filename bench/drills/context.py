"""What every drill shares: the environment of the processes, the servers, the mail sink, and company members
signed in through real sessions (created in this process with the same settings and SECRET_KEY as gunicorn)."""

import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.server import Gunicorn

from .client import Session
from .infra import Postgres, Redis, Worker, wait_until


@dataclass
class Company:
    session: Session
    company_id: int
    user_id: int
    application_id: int
    version: int


@dataclass
class DrillContext:
    env: dict[str, str]
    var_dir: Path
    postgres: Postgres
    redis: Redis
    gunicorn: Gunicorn
    sink: object  # tests.notifications.smtp_sink.SmtpSink
    log: object
    workers: list[Worker] = field(default_factory=list)
    serials: itertools.count = field(default_factory=lambda: itertools.count(1))

    def worker(self, name: str) -> Worker:
        worker = Worker(env=self.env, logfile=self.var_dir / f"worker-{name}.log", name=f"drill-{name}")
        self.workers.append(worker)
        worker.wait_ready()
        return worker

    def companies(self, count: int) -> list[Company]:
        """``count`` new companies, each with its owner signed in and a complete draft of the bench call."""
        from django.conf import settings

        from bench.submission_bench import bench_call, make_drafts

        call, item = bench_call()
        start = next(self.serials)
        for _ in range(count - 1):
            next(self.serials)
        made = []
        for client, pk, version in make_drafts(call, item, count, start):
            from applications.models import Application

            application = Application.objects.select_related("company").get(pk=pk)
            owner = application.company.members.get().user
            cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
            made.append(Company(Session(cookie), application.company_id, owner.pk, pk, version))
        return made

    def sweep_until(self, done, *, timeout: float, what: str) -> float:
        """Play Celery beat: run the sweeper every second until ``done()``; return the seconds it took."""
        from portal.notifications.sweeper import notifications_sweep

        started = time.monotonic()

        def swept_and_done() -> bool:
            if done():
                return True
            notifications_sweep()
            return False

        wait_until(swept_and_done, timeout=timeout, interval=1.0, what=what)
        return time.monotonic() - started
