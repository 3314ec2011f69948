"""Benchmarks of notification delivery, run in the harness process (``make bench``) or alone.

- ``notifications-delivered``: notifications per second through ONE real ``celery worker`` process
  (concurrency 1, the configured broker) into a local SMTP server (aiosmtpd) on this machine. Each call
  writes a batch with ``notify()`` in one transaction (queued on commit) and returns once the SMTP server
  has accepted every message of the batch, so the figure includes queueing, the claim, rendering in the
  recipient's language, the SMTP conversation and marking the row sent.
- ``notifications-smtplib-control``: the control, measured in the same run against the same SMTP server:
  the same messages (the same notifications rendered and built as the worker builds them, once, before the
  measurement) sent with plain ``smtplib`` in a loop over one connection per call. The goal is
  ``notifications-delivered`` at least 0.5 times this figure.
- ``notification-queueing``: what a request spends on notifications: ``notify()`` for one recipient on two
  channels (email, in-app) inside the request's transaction, committed, the on-commit publish included.
  The figure is notifications per second; 1000 / figure is the milliseconds per notification.
- ``notification-queueing-marginal`` (printed when run alone): the request's marginal cost, i.e. the time of a
  committed transaction that makes one change of its own (an UPDATE of one row) and calls ``notify()``, minus
  the time of the same transaction without ``notify()``, alternated, medians, per notification.
  A worker started by the delivery benchmark is stopped first, so that it does not compete for the CPU.

On PostgreSQL the notification table is vacuumed and analysed before each benchmark: this machine's
PostgreSQL runs with ``autovacuum = off`` (a CI setting), so every earlier run's rows would otherwise stay as
dead tuples that each claim and each batch read wades through, a cost that grows run after run.

The sink counts only the messages to the benchmark's recipients and wakes the waiting thread when a batch is
complete (no polling loop competing with it for the interpreter lock); its per-command log is off.
The worker runs with ``DEBUG=0`` and ``LOG_LEVEL=WARNING``, as in production.

    python -m bench.notification_bench        # prints the figures and the ratio (needs a migrated database)
"""

import atexit
import logging
import os
import smtplib
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

BATCH = 200
QUEUE_BATCH = 10
BASE_DIR = Path(__file__).resolve().parent.parent


DELIVERY_PREFIX = "bench-delivery-"
_workers: list[subprocess.Popen] = []


class _CountingSink:
    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per SMTP command otherwise
        self.accepted = 0
        self.target: int | None = None
        self.reached = threading.Event()
        self.lock = threading.Lock()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def expect(self, count: int) -> None:
        with self.lock:
            self.target = self.accepted + count
            self.reached.clear()

    async def handle_DATA(self, server, session, envelope) -> str:
        if all(address.startswith(DELIVERY_PREFIX) for address in envelope.rcpt_tos):
            with self.lock:
                self.accepted += 1
                if self.target is not None and self.accepted >= self.target:
                    self.reached.set()
        return "250 OK"


_sinks: list[_CountingSink] = []


def _sink() -> _CountingSink:
    """The run's one SMTP server, shared by the delivery benchmark and its control."""
    if not _sinks:
        sink = _CountingSink()
        atexit.register(sink.controller.stop)
        _sinks.append(sink)
    return _sinks[0]


def _people(count: int, prefix: str) -> list:
    from portal.accounts.models import User

    people = []
    for n in range(count):
        user, _created = User.objects.get_or_create(
            email=f"{prefix}{n}@bench.invalid", defaults={"language": "ko" if n % 2 else "en"}
        )
        people.append(user)
    return people


def _start_worker(sink: _CountingSink) -> subprocess.Popen:
    log = open(Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var")) / "bench-worker.log", "wb")  # noqa: SIM115
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}", "LOG_LEVEL": "WARNING", "DEBUG": "0"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--concurrency",
            "1",
            "--pool",
            "prefork",
            "--without-mingle",
            "--without-gossip",
            "--loglevel",
            "WARNING",
            "--hostname",
            f"bench-{os.getpid()}@%h",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def stop() -> None:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()

    atexit.register(stop)
    process.stop = stop
    _workers.append(process)
    return process


def prepare_delivery(context=None):
    """The InProcessBenchmark hook: a worker and an SMTP sink are started once; each call delivers a batch."""
    from django.db import transaction

    from portal.notifications.enums import ChannelKind
    from portal.notifications.services import notify

    _vacuum()
    sink = _sink()
    worker = _start_worker(sink)
    people = _people(BATCH, DELIVERY_PREFIX)

    def deliver_batch() -> int:
        sink.expect(BATCH)
        with transaction.atomic():
            notify(event="call_closing", context_ids={}, recipients=people, channels=[ChannelKind.EMAIL])
        deadline = time.monotonic() + 120
        while not sink.reached.wait(timeout=1.0):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the worker stopped or stalled; see var/bench-worker.log")
        return BATCH

    return deliver_batch


def _vacuum() -> None:
    """Dead rows of earlier runs out of the way (autovacuum is off on this machine's PostgreSQL)."""
    from django.db import connection

    from portal.notifications.models import Notification

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(Notification._meta.db_table)}")


def _prepared_messages(people: list) -> list[tuple[str, list[str], bytes]]:
    """``(sender, recipients, bytes)`` of the delivery benchmark's emails, rendered and built as the worker
    builds them (the notifications are not saved: the control needs their messages only)."""
    import email.policy
    from email.utils import parseaddr

    from django.utils import timezone

    from portal.notifications.channels import email_message
    from portal.notifications.enums import ChannelKind
    from portal.notifications.models import Notification
    from portal.notifications.rendering import Renderer

    renderer = Renderer()
    prepared = []
    for n, person in enumerate(people, start=1):
        row = Notification(
            pk=n, recipient=person, event="call_closing", channel=ChannelKind.EMAIL, created_at=timezone.now()
        )
        message = email_message(row, renderer.render(row))
        prepared.append(
            (
                parseaddr(message.from_email)[1],
                message.recipients(),
                message.message(policy=email.policy.SMTP).as_bytes(),
            )
        )
    return prepared


def prepare_smtplib_control(context=None):
    """Each call sends the prepared messages of one delivery batch with smtplib, over one connection."""
    sink = _sink()
    messages = _prepared_messages(_people(BATCH, DELIVERY_PREFIX))

    def send_batch() -> int:
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=30) as smtp:
            for sender, recipients, data in messages:
                smtp.sendmail(sender, recipients, data)
        return len(messages)

    return send_batch


def prepare_queueing(context=None):
    """Each call is QUEUE_BATCH requests' worth: notify() for one person, two channels, committed (and so
    published)."""
    from django.db import transaction

    from portal.notifications.services import notify

    for worker in _workers:  # a delivery worker still running would compete for the CPU
        worker.stop()
    _vacuum()
    people = _people(QUEUE_BATCH, "bench-queue-")

    def queue_batch() -> int:
        for person in people:
            with transaction.atomic():
                notify(event="call_closing", context_ids={}, recipients=[person])
        return QUEUE_BATCH * 2

    return queue_batch


def measure_marginal_queueing(pairs: int = 600) -> tuple[float, float, float]:
    """Milliseconds per notification that notify() adds to a committed transaction with a change of its own:
    ``(median with - median without) / 2`` over alternated pairs, with both medians."""
    import statistics

    from django.db import transaction
    from django.utils import timezone

    from portal.accounts.models import User
    from portal.notifications.services import notify

    people = _people(QUEUE_BATCH, "bench-queue-")
    timings: dict[bool, list[float]] = {False: [], True: []}
    for n in range(pairs + 50):
        person = people[n % len(people)]
        for with_notify in (False, True):
            started = time.perf_counter()
            with transaction.atomic():
                User.objects.filter(pk=person.pk).update(last_login=timezone.now())  # the request's own change
                if with_notify:
                    notify(event="call_closing", context_ids={}, recipients=[person])
            if n >= 50:  # the first pairs warm up
                timings[with_notify].append(time.perf_counter() - started)
    without, with_ = (1000 * statistics.median(timings[key]) for key in (False, True))
    return (with_ - without) / 2, without, with_


def _measure(operation, seconds: float) -> float:
    operation()
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        done += operation()
    return done / (time.perf_counter() - started)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from portal.notifications.models import Notification

    seconds = float(os.environ.get("BENCH_SECONDS", "10"))
    delivered = _measure(prepare_delivery(), seconds)
    control = _measure(prepare_smtplib_control(), seconds)
    print(f"delivery through one worker: {delivered:.0f} notifications/s")
    print(f"control, the same messages with smtplib in a loop: {control:.0f} messages/s")
    print(f"ratio: {delivered / control:.2f} (goal: at least 0.5)")
    Notification.objects.filter(recipient__email__endswith="@bench.invalid").delete()
    queueing = _measure(prepare_queueing(), min(seconds, 3.0))
    print(f"queueing: {queueing:.0f} notifications/s = {1000 / queueing:.2f} ms per notification")
    marginal, without, with_ = measure_marginal_queueing()
    print(
        f"queueing, marginal: {marginal:.2f} ms per notification "
        f"(transaction {without:.2f} ms without notify(), {with_:.2f} ms with it)"
    )
    # The queued rows go: their messages, still in the broker, then find nothing to send.
    Notification.objects.filter(recipient__email__endswith="@bench.invalid").delete()


if __name__ == "__main__":
    main()


def _benchmarks() -> list:
    from .registry import InProcessBenchmark

    return [
        InProcessBenchmark(
            "notifications-delivered",
            prepare_delivery,
            unit="notifications",
            description="notify() → broker → one celery worker (concurrency 1) → local SMTP server, per second",
        ),
        InProcessBenchmark(
            "notifications-smtplib-control",
            prepare_smtplib_control,
            unit="messages",
            description="Control of notifications-delivered (goal: at least 0.5x this): the same messages, "
            "built once, sent with plain smtplib in a loop to the same SMTP server",
        ),
        InProcessBenchmark(
            "notification-queueing",
            prepare_queueing,
            unit="notifications",
            description="notify() in a committed transaction, published on commit (1000/figure = ms per notification)",
        ),
    ]


BENCHMARKS = _benchmarks()
