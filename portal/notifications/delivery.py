"""Delivering notifications in batches, each row at most once per claim (queueing them: ``publishing``).

A broker message carries up to ``NOTIFICATIONS_BATCH_SIZE`` ids. The worker reads the batch's rows (with their
recipients) in one query, then goes through them one by one: it claims a row with a conditional UPDATE
(pending → sending, attempts + 1) just before sending it and marks it ``sent`` just after, so a worker killed
mid-batch leaves at most one row in ``sending`` (the sweeper reclaims it) and the rest ``pending``. The
channel may begin before the claim what hands nothing over (``stage``: the SMTP MAIL FROM goes out and the
mail server reads it while the database runs the claim); the message itself goes only once the row is claimed,
and a row that was not claimable has that beginning taken back (``abandon``: RSET). Whatever the
broker re-delivers, a row that is sending, sent or failed is not sent again. The only duplicate left is the
RFC 1047 window, a worker killed after the SMTP server accepted a message and before the row says ``sent``; the
row is marked immediately after the SMTP call, and the Message-ID is the same at every attempt so that it can
be recognised.

A row that fails for a while is set back to ``pending`` with its next attempt's time and queued again, alone or
with the other rows of the batch that failed at the same attempt, with that countdown; the rest of the batch is
not held up. When a channel itself is unreachable (the mail server refuses the connection), the batch's
remaining rows of that channel are not tried (no attempt is counted) and are queued again with the same
countdown, instead of each waiting for its own connection timeout.
"""

import logging
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone

from .channels import CHANNELS, ChannelUnavailableError, PermanentDeliveryError, RetryableDeliveryError
from .enums import Status
from .models import Notification
from .preparing import prepared_ahead
from .rendering import Rendered, Renderer

logger = logging.getLogger(__name__)


def retry_countdown(attempts: int) -> float:
    """Exponential backoff with jitter ("equal jitter"): between half and all of base·2^(n-1), capped."""
    ceiling = min(
        settings.NOTIFICATIONS_RETRY_MAX_SECONDS, settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    )
    return ceiling / 2 + random.uniform(0, ceiling / 2)


@contextmanager
def _quick_commits() -> Iterator[None]:
    """The batch's claims and marks commit without waiting for the disk on PostgreSQL (``synchronous_commit off``).

    Only a crash of the database server itself (not of a worker) can lose such a commit, and only the last
    fraction of a second of them: a claim lost that way is taken again, a ``sent`` lost that way is the same
    duplicate window as a worker killed after the SMTP reply. In exchange the row says ``sent`` sooner after
    the SMTP call, which narrows that window, and a worker sends several times as many messages per second.
    Claims and marks are single statements in autocommit (a mark and the next claim may travel together, as
    one implicit transaction); the setting is the session's for the length of the batch, and a worker that dies
    takes its session with it.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except Exception:  # the connection broke: the session and its setting are gone with it
            logger.debug("could not reset synchronous_commit", exc_info=True)


class _Statements:
    """The claim and the mark, as single statements on one cursor: they run once per notification, so they
    skip the ORM's query building (which costs more than the round trip here). ``UPDATE … RETURNING`` claims a
    row and reads its attempts in one round trip (PostgreSQL, and SQLite from 3.35)."""

    def __init__(self) -> None:
        meta = Notification._meta
        q = connection.ops.quote_name
        table = q(meta.db_table)
        col = {f.name: q(f.column) for f in meta.concrete_fields}
        self.claim = (
            f"UPDATE {table} SET {col['status']} = %s, {col['attempts']} = {col['attempts']} + 1, "
            f"{col['claimed_at']} = %s WHERE {col['id']} = %s AND {col['status']} = %s AND {col['available_at']} <= %s "
            f"RETURNING {col['attempts']}"
        )
        self.mark_sent = (
            f"UPDATE {table} SET {col['status']} = %s, {col['sent_at']} = %s, {col['subject']} = %s, "
            f"{col['body']} = %s, {col['language']} = %s, {col['last_error']} = %s "
            f"WHERE {col['id']} = %s AND {col['status']} <> %s"
        )
        self.cursor = None

    def __enter__(self) -> "_Statements":
        self.cursor = connection.cursor()
        return self

    def __exit__(self, *exc_info) -> None:
        self.cursor.close()

    @staticmethod
    def when(moment: datetime):
        return connection.ops.adapt_datetimefield_value(moment)

    # PostgreSQL runs several statements sent together (in one implicit transaction): the mark of the row just
    # sent can travel with the claim of the next one.
    can_mark_with_claim = property(lambda self: connection.vendor == "postgresql")

    def claim_row(self, pk: int, now: datetime, *, marking: "Sent | None" = None) -> int | None:
        """Attempts after claiming the row (pending and due → sending), or ``None`` if it was not claimable.
        With ``marking``, that row is marked sent first, in the same round trip."""
        if connection.vendor not in ("postgresql", "sqlite"):
            if marking is not None:
                self.mark_row_sent(marking)
            return _claim_with_orm(pk, now)
        claim = [Status.SENDING, self.when(now), pk, Status.PENDING, self.when(now)]
        if marking is not None:
            self.cursor.execute(f"{self.mark_sent}; {self.claim}", [*self._mark_params(marking), *claim])
        else:
            self.cursor.execute(self.claim, claim)
        found = self.cursor.fetchone()
        return found[0] if found else None

    def mark_row_sent(self, sent: "Sent") -> None:
        self.cursor.execute(self.mark_sent, self._mark_params(sent))

    def _mark_params(self, sent: "Sent") -> list:
        pk, rendered = sent
        return [
            Status.SENT,
            self.when(timezone.now()),
            rendered.subject,
            rendered.text,
            rendered.language,
            "",
            pk,
            Status.SENT,
        ]


def _claim_with_orm(pk: int, now: datetime) -> int | None:
    rows = Notification.objects.filter(pk=pk, status=Status.PENDING, available_at__lte=now)
    if not rows.update(status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=now):
        return None
    return Notification.objects.filter(pk=pk).values_list("attempts", flat=True).first()


def claim(notification_id: int) -> bool:
    """Claim one row (pending and due → sending, attempts + 1); ``False`` if another claim got it first."""
    with _Statements() as statements:
        return statements.claim_row(notification_id, timezone.now()) is not None


Sent = tuple[int, Rendered]  # a row the channel took: its id and what was rendered


@dataclass
class BatchOutcome:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    # Countdown (seconds) → ids to queue again with it: rows that failed at the same attempt, and the rows of a
    # channel that was unreachable (not tried).
    retries: dict[float, list[int]] = field(default_factory=lambda: defaultdict(list))
    skipped: int = 0  # not claimable: gone, already sent or failed, taken by another worker, not due yet


def deliver_batch(notification_ids: Sequence[int]) -> BatchOutcome:
    """Claim, send and mark each notification of the batch in turn; return what became of them."""
    outcome = BatchOutcome()
    ids = list(dict.fromkeys(notification_ids))
    # By primary key only: the status is checked here, so that no plan ever scans the pending rows for them.
    found = Notification.objects.filter(pk__in=ids).select_related("recipient").in_bulk()
    rows = [found[pk] for pk in ids if pk in found and found[pk].status == Status.PENDING]
    outcome.skipped = len(ids) - len(rows)
    renderer = Renderer()
    for row in rows:  # the objects the templates name, once per distinct context, in this thread
        renderer.context(row.context_ids)
    # One countdown per attempt count, so that rows failing at the same attempt share one message.
    countdowns: dict[int, float] = {}
    unreachable: dict[str, float] = {}  # channel → countdown of the failure that showed it unreachable
    unmarked: Sent | None = None  # taken by its channel, to be marked with the next claim (already waiting)
    with _quick_commits(), _Statements() as statements, prepared_ahead(rows, renderer) as prepared:
        try:
            for row, problem in prepared:
                pk = row.pk
                if row.channel in unreachable:
                    outcome.retries[unreachable[row.channel]].append(pk)
                    continue
                channel, staged = CHANNELS[row.channel], None
                if problem is None:
                    try:  # while the claim travels (MAIL FROM): nothing is handed over before the claim
                        channel.stage(row)
                    except Exception as error:  # an attempt like any other, once the row is claimed
                        staged = error
                try:
                    attempts = statements.claim_row(pk, timezone.now(), marking=unmarked)
                except BaseException:
                    channel.abandon(row)  # the connection stays in step for the next batch
                    raise
                unmarked = None
                if attempts is None:
                    channel.abandon(row)
                    outcome.skipped += 1
                    continue
                row.status, row.attempts = Status.SENDING, attempts
                try:
                    if problem is not None:  # rendering or building it failed: an attempt like any other
                        raise problem
                    if staged is not None:  # the envelope failed: the claimed row's attempt failed
                        raise staged
                    channel.send(row)
                except PermanentDeliveryError as error:
                    _fail(row, str(error))
                    outcome.failed.append(pk)
                    continue
                except Exception as error:  # retryable by kind, or unexpected (a database blip, a template bug)
                    if not isinstance(error, RetryableDeliveryError):
                        logger.error("notification %s: unexpected error", pk, exc_info=error)
                    if attempts not in countdowns:
                        countdowns[attempts] = retry_countdown(attempts)
                    countdown = _retry_or_fail(row, f"{type(error).__name__}: {error}", countdowns[attempts])
                    if countdown is None:
                        outcome.failed.append(pk)
                    else:
                        outcome.retries[countdown].append(pk)
                    if isinstance(error, ChannelUnavailableError):
                        unreachable[row.channel] = countdown if countdown is not None else countdowns[attempts]
                    continue
                outcome.sent.append(pk)
                # Marked immediately after the channel took it (the shorter this gap, the smaller the duplicate
                # window): with the next claim when the next row is ready now, else on its own.
                sent = (pk, row._rendered)
                if statements.can_mark_with_claim and prepared.ready() and not unreachable:
                    unmarked = sent
                else:
                    statements.mark_row_sent(sent)
        finally:
            if unmarked is not None:
                statements.mark_row_sent(unmarked)
    return outcome


def deliver(*, notification_id: int) -> float | None:
    """Claim and send one notification (a batch of one). Return a countdown when it should be tried again."""
    for countdown, ids in deliver_batch([notification_id]).retries.items():
        if notification_id in ids:
            return countdown
    return None


def _fail(notification: Notification, error: str) -> None:
    logger.warning("notification %s failed after %s attempt(s): %s", notification.pk, notification.attempts, error)
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        status=Status.FAILED, last_error=error[:2000]
    )


def _retry_or_fail(notification: Notification, error: str, countdown: float) -> float | None:
    if notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        _fail(notification, error)
        return None
    logger.info(
        "notification %s: attempt %s failed (%s); again in %.1f s",
        notification.pk,
        notification.attempts,
        error,
        countdown,
    )
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        status=Status.PENDING,
        available_at=timezone.now() + timedelta(seconds=countdown),
        last_error=error[:2000],
    )
    return countdown
