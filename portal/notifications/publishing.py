"""Handing notification ids to the broker: at once (``queue_delivery``) or, after a request's commit, from a
background thread of the process (``queue_delivery_on_commit``).

The outbox rows are the truth and the broker message only a wake-up call: a row whose message never reached
the broker stays ``pending`` and the sweeper queues it again (rows pending longer than
``NOTIFICATIONS_PENDING_GRACE_SECONDS``). So the request that wrote the rows need not wait for the broker at
all. With ``NOTIFICATIONS_PUBLISH_IN_BACKGROUND`` (the default) the on-commit callback only hands the ids to
the process's publisher thread, which keeps one broker connection open, publishes what has come in since its
last round (the ids of several requests share messages of up to ``NOTIFICATIONS_BATCH_SIZE`` ids) and, when
the process exits normally, publishes what is left before it goes (``EXIT_FLUSH_SECONDS`` at most). A process
killed before its publisher got to the ids, or a broker that is down, leaves the rows pending for the
sweeper, as before; the change itself is committed either way. The worker's own re-queueing (retries, the
sweeper, a staff resend) publishes at once.
"""

import atexit
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction

logger = logging.getLogger(__name__)

# A web request must not stall when the broker is down: one quick connection attempt, then the sweeper's turn.
PUBLISH_CONNECTION_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# How long a process that exits waits for its publisher to hand over what is left.
EXIT_FLUSH_SECONDS = 5.0
# Under load (a round less than BUSY_SECONDS after the last), the publisher lets ids gather for GATHER_SECONDS
# before a round: the commits of many requests share one message (a publish costs far more CPU than the ids
# in it, CPU that the requests of this process would wait for). A lone commit is published at once.
GATHER_SECONDS = 0.02
BUSY_SECONDS = 0.1


def batches(ids: Iterable[int], size: int | None = None) -> list[list[int]]:
    """The ids without repeats, in order, cut into messages of at most ``size`` (``NOTIFICATIONS_BATCH_SIZE``)."""
    size = max(1, size or settings.NOTIFICATIONS_BATCH_SIZE)
    unique = list(dict.fromkeys(ids))
    return [unique[start : start + size] for start in range(0, len(unique), size)]


def _publish(chunks: list[list[int]], *, connection=None, producer=None, countdown: float | None = None) -> int:
    """One ``deliver_notifications`` message per chunk; return how many ids went. Raises what the broker raises."""
    from .tasks import deliver_notifications

    options = {"countdown": countdown} if countdown else {}
    queued = 0
    for chunk in chunks:
        deliver_notifications.apply_async(
            kwargs={"notification_ids": chunk}, connection=connection, producer=producer, retry=False, **options
        )
        queued += len(chunk)
    return queued


_pools: dict[tuple[int, str], object] = {}


def _publish_pool(app):
    """Publishing connections of this process (a pool per process id and broker URL, so a fork gets its own)."""
    key = (os.getpid(), app.conf.broker_write_url)
    pool = _pools.get(key)
    if pool is None:
        pool = app.connection_for_write(transport_options=PUBLISH_CONNECTION_OPTIONS).Pool(limit=10)
        _pools[key] = pool
    return pool


def queue_delivery(notification_ids: Iterable[int], *, countdown: float | None = None) -> int:
    """Hand the ids to the broker now, one message per batch; return how many ids were queued. Never raises: a
    row not queued stays pending and the sweeper queues it again once the broker answers."""
    from portal.celery import app

    chunks = batches(notification_ids)
    if not chunks:
        return 0
    try:
        with _publish_pool(app).acquire(block=True, timeout=5) as broker:
            return _publish(chunks, connection=broker, countdown=countdown)
    except Exception:
        total = sum(len(chunk) for chunk in chunks)
        logger.warning("broker unavailable: %s notification(s) left pending for the sweeper", total, exc_info=True)
        return 0


class Publisher:
    """The process's background publisher: a daemon thread, one kept-open broker connection per broker URL (the
    URL in force when the ids were handed over), and a flush at exit."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self._changed = threading.Condition()
        self._waiting: deque[tuple[str, list[int]]] = deque()
        self._busy = False
        self._flushing = 0  # threads waiting in flush(): publish without gathering
        self._last_round = 0.0  # when the last round ended (monotonic)
        self._thread: threading.Thread | None = None
        self._broker = None  # (url, connection, producer)
        self.published = 0  # ids handed to the broker so far (for tests and the benchmark)

    def submit(self, notification_ids: list[int]) -> None:
        """Queue the ids for the thread; never blocks on the broker and never raises."""
        from portal.celery import app

        with self._changed:
            self._waiting.append((app.conf.broker_write_url, notification_ids))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="notifications-publisher", daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every id handed over so far went to the broker (or failed to); ``False`` on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            self._flushing += 1
            self._changed.notify_all()
            try:
                while self._waiting or self._busy:
                    remaining = None if deadline is None else deadline - time.monotonic()
                    if remaining is not None and remaining <= 0:
                        return False
                    self._changed.wait(remaining)
            finally:
                self._flushing -= 1
        return True

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._waiting:
                    self._changed.wait()
                # Busy (the last round was a moment ago): a moment for the commits that follow to join this
                # round, unless someone waits for a flush. Otherwise the ids go at once.
                now = time.monotonic()
                if now - self._last_round < BUSY_SECONDS:
                    gather_until = now + GATHER_SECONDS
                    while not self._flushing and (left := gather_until - time.monotonic()) > 0:
                        self._changed.wait(left)
                taken, self._busy = list(self._waiting), True
                self._waiting.clear()
            try:
                by_url: dict[str, list[int]] = {}
                for url, ids in taken:  # what came in meanwhile goes together, in order
                    by_url.setdefault(url, []).extend(ids)
                for url, ids in by_url.items():
                    self._send(url, batches(ids))
            finally:
                self._last_round = time.monotonic()
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()

    def _send(self, url: str, chunks: list[list[int]]) -> None:
        for attempt in (1, 2):  # a kept connection may have gone stale (a broker restart): one fresh try
            try:
                _url, _connection, producer = self._connected(url)
                self.published += _publish(chunks, producer=producer)
                return
            except Exception:
                self._disconnect()
                if attempt == 2:
                    total = sum(len(chunk) for chunk in chunks)
                    logger.warning(
                        "broker unavailable: %s notification(s) left pending for the sweeper", total, exc_info=True
                    )

    def _connected(self, url: str):
        if self._broker is None or self._broker[0] != url:
            from portal.celery import app

            self._disconnect()
            broker = app.connection_for_write(url)
            broker.ensure_connection(**PUBLISH_CONNECTION_OPTIONS)
            self._broker = (url, broker, broker.Producer())
        return self._broker

    def _disconnect(self) -> None:
        broker, self._broker = self._broker, None
        if broker is not None:
            try:
                broker[1].release()
            except Exception:
                logger.debug("closing the publisher's broker connection failed", exc_info=True)


_publisher: Publisher | None = None
_publisher_lock = threading.Lock()


def publisher() -> Publisher:
    """This process's publisher (a forked child gets its own)."""
    global _publisher
    with _publisher_lock:
        if _publisher is None or _publisher.pid != os.getpid():
            _publisher = Publisher()
            atexit.register(_flush_at_exit, _publisher)
        return _publisher


def _flush_at_exit(which: Publisher) -> None:
    if which.pid == os.getpid() and not which.flush(EXIT_FLUSH_SECONDS):
        logger.warning("exiting with notifications not yet published: the sweeper will queue them")


def _hand_over(ids: list[int]) -> None:
    if getattr(settings, "NOTIFICATIONS_PUBLISH_IN_BACKGROUND", True):
        publisher().submit(ids)
    else:
        queue_delivery(ids)


class _OnCommit:
    """The one on-commit callback of a transaction: the ids its ``notify`` calls wrote, queued together."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.called = False

    def __call__(self) -> None:
        self.called = True
        ids, self.ids = self.ids, []
        if ids:
            _hand_over(ids)


_current = threading.local()


def queue_delivery_on_commit(notification_ids: Iterable[int]) -> None:
    """Queue the ids once the caller's transaction commits, in the same messages as every other id written in
    that transaction: a transaction that notifies several times (an expert per assignment …) publishes once.

    The transaction's callback is the one this thread registered last, as long as Django still holds it: a
    rollback drops it (and the ids with it), and the next transaction registers a new one. Ids of a savepoint
    rolled back inside a committed transaction go along: harmless, the worker re-reads each row and skips one
    that is not there or no longer pending. Outside a transaction the ids are handed over at once.
    """
    ids = list(notification_ids)
    if not ids:
        return
    if not connection.in_atomic_block:
        _hand_over(ids)
        return
    callback = getattr(_current, "callback", None)
    # Django keeps (savepoint ids, callback, robust) for each registered callback until commit or rollback.
    if (
        callback is None
        or callback.called  # (a test ran it early, as django_capture_on_commit_callbacks(execute=True) does)
        or not any(entry[1] is callback for entry in connection.run_on_commit)
    ):
        callback = _current.callback = _OnCommit()
        transaction.on_commit(callback)
    callback.ids.extend(ids)
