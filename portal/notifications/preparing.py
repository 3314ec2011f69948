"""Rendering a batch's notifications ahead of sending them, in a second thread.

The worker's sending thread claims, sends and marks one row after another, and spends most of that time
waiting for the database and the mail server. Meanwhile a second thread renders the next rows' templates and
builds their messages (CPU work that needs neither the claim nor the network), a few rows ahead.
"""

import logging
import queue
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, connections

from .channels import CHANNELS
from .models import Notification
from .rendering import Renderer

logger = logging.getLogger(__name__)


def _prepare(row: Notification, renderer: Renderer) -> Exception | None:
    """Render the row and let its channel build the message: no claim, no network, no write."""
    try:
        renderer.rendered(row)
        CHANNELS[row.channel].prepare(row)
    except Exception as error:
        return error
    return None


class Prepared:
    """``(row, problem)`` pairs in order; ``ready()`` says whether the next one can be had without waiting."""

    def __init__(self, items: Iterator[tuple], *, ready=lambda: False) -> None:
        self.items, self.ready = items, ready

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.items)


# How many rows the preparing thread may run ahead of the sending one.
PREPARE_AHEAD = 4
SWITCH_INTERVAL = 0.0001
_END = object()


@contextmanager
def prepared_ahead(rows: list[Notification], renderer: Renderer) -> Iterator[Prepared]:
    """``(row, problem)`` for each row, in order, rendered and built by a second thread while this one claims,
    sends and marks the previous rows: the templates and the MIME building (CPU) overlap the waits for the
    database and the mail server (I/O). Claims, sends and marks stay in this thread, in order, one row at a
    time. The second thread only reads; inside a transaction (a test's) it would not see the transaction's
    rows, so there, and for a single row, everything runs in this thread.
    """
    if len(rows) < 2 or connection.in_atomic_block:
        yield Prepared((row, _prepare(row, renderer)) for row in rows)
        return
    ahead: queue.Queue = queue.Queue(maxsize=PREPARE_AHEAD)
    stop = threading.Event()

    def offer(item) -> bool:
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for row in rows:
                if not offer((row, _prepare(row, renderer))):
                    return
        finally:
            offer(_END)
            try:
                connections.close_all()  # this thread's own connections, if a template needed one
            except Exception:
                logger.debug("closing the preparing thread's connections failed", exc_info=True)

    def taken() -> Iterator[tuple]:
        while True:
            try:
                item = ahead.get(timeout=1.0)
            except queue.Empty:
                if thread.is_alive():
                    continue
                return  # it stopped without a word: the rows left stay pending, for the sweeper
            if item is _END:
                return
            yield item

    thread = threading.Thread(target=work, name="notifications-prepare", daemon=True)
    # A thread back from the database or the mail server waits for the interpreter lock until the rendering
    # thread yields it, every switch interval (5 ms by default: longer than a whole round trip here).
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    thread.start()
    try:
        yield Prepared(taken(), ready=lambda: not ahead.empty())
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(interval)
