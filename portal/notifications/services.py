"""Writes of the notifications app. ``notify`` is the one door through which every notification goes."""

import logging
from collections.abc import Iterable, Mapping, Sequence

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from portal.accounts.models import User

from .delivery import queue_delivery_on_commit
from .enums import ChannelKind, Status
from .events import event_get, events_optional
from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


def notify(
    *,
    event: str,
    context_ids: Mapping[str, int],
    link: str = "",
    audience_links: Mapping[str, str] | None = None,
    recipients: Iterable[User] | None = None,
    audience: str | None = None,
    params: Mapping[str, str] | None = None,
    channels: Sequence[str] | None = None,
    dedupe_key: str = "",
) -> list[Notification]:
    """Write one ``Notification`` per recipient per channel in the caller's transaction; queue them on commit.

    ``event`` is a key declared by a domain app (``events.register_events``). Without ``recipients`` every
    audience of the event is resolved from the context ids. Optional events honour
    each recipient's preferences; required ones ignore them. ``audience_links`` gives an audience (staff) its
    own page instead of ``link``. With ``dedupe_key`` a recipient gets the
    notification once per channel, however often it is asked for (scheduled reminders). If the broker is down
    at commit, the change still commits and the rows wait, pending, for the sweeper.
    """
    spec = event_get(event)
    ids = {key: value for key, value in context_ids.items() if value is not None}
    # Joins the caller's transaction without a savepoint (or is its own transaction when there is none).
    with transaction.atomic(savepoint=False):
        if recipients is None:
            targets = [(user, aud.name) for aud in spec.audiences for user in aud.resolve(ids)]
        else:
            name = spec.audience(audience).name
            targets = [(user, name) for user in recipients]
        seen: set[int] = set()
        targets = [(user, name) for user, name in targets if not (user.pk in seen or seen.add(user.pk))]
        if not targets:
            return []
        wanted = tuple(channels or spec.channels)
        links = audience_links or {}
        now = timezone.now()
        rows = [
            Notification(
                recipient=user,
                audience=name,
                channel=channel,
                link=links.get(name, link),
                event=spec.key,
                context_ids=ids,
                params=dict(params or {}),
                application_id=ids.get("application"),
                dedupe_key=dedupe_key,
                created_at=now,
                available_at=now,
            )
            for user, name in targets
            for channel in wanted
        ]
        if not spec.required:
            rows = _without_opt_outs(rows, event=spec.key)
        rows = _outbox_write(rows, dedupe_key=dedupe_key)
        queue_delivery_on_commit(row.pk for row in rows)
    return rows


def _without_opt_outs(rows: list[Notification], *, event: str) -> list[Notification]:
    """The rows less the channels their recipient turned off for this (optional) event."""
    off = set()
    preferences = NotificationPreference.objects.filter(
        event=event, user__in={row.recipient_id for row in rows}
    ).filter(Q(email=False) | Q(in_app=False))
    for user_id, email, in_app in preferences.values_list("user_id", "email", "in_app"):
        off.update(
            (user_id, channel) for channel, on in ((ChannelKind.EMAIL, email), (ChannelKind.IN_APP, in_app)) if not on
        )
    return [row for row in rows if (row.recipient_id, row.channel) not in off]


# Tries at writing deduplicated rows while other transactions write rows under the same key.
DEDUPE_TRIES = 3


def _outbox_write(rows: list[Notification], *, dedupe_key: str) -> list[Notification]:
    """Insert the rows (``bulk_create`` sets their primary keys). With a deduplication key, the recipients'
    channels that already have a row under it are left out; a row written under the same key by a concurrent
    transaction meanwhile (the unique constraint refuses ours) is left out on the next try."""
    if not dedupe_key:
        return Notification.objects.bulk_create(rows)
    for attempt in range(1, DEDUPE_TRIES + 1):
        done = set(
            Notification.objects.filter(
                dedupe_key=dedupe_key, recipient__in={row.recipient_id for row in rows}
            ).values_list("recipient_id", "channel")
        )
        rows = [row for row in rows if (row.recipient_id, row.channel) not in done]
        if not rows:
            return []
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction survives a refused insert
                return Notification.objects.bulk_create(rows)
        except IntegrityError:
            if attempt == DEDUPE_TRIES:
                raise
            logger.info("notifications under %r written concurrently; writing the others", dedupe_key)
            for row in rows:  # unsaved again, to be written on the next try
                row.pk = None
    return []


def notification_mark_read(*, notification: Notification, user: User) -> bool:
    """Mark one of the user's in-app notifications read; ``False`` when it was already read."""
    return bool(
        Notification.objects.filter(pk=notification.pk, recipient=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, channel="in_app", read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preferences_save(*, user: User, choices: Mapping[str, tuple[bool, bool]]) -> None:
    """Store (email, in-app) for each optional event; required events cannot be turned off."""
    optional = {event.key for event in events_optional()}
    unknown = set(choices) - optional
    if unknown:
        raise ValueError(f"not optional events: {sorted(unknown)}")
    with transaction.atomic():
        for event, (email, in_app) in choices.items():
            NotificationPreference.objects.update_or_create(
                user=user, event=event, defaults={"email": bool(email), "in_app": bool(in_app)}
            )


def notification_resend(*, notification: Notification, acting_user: User) -> bool:
    """Queue a failed notification again with a fresh count of attempts; ``False`` if it is not failed."""
    with transaction.atomic():
        updated = Notification.objects.filter(pk=notification.pk, status=Status.FAILED).update(
            status=Status.PENDING, attempts=0, available_at=timezone.now(), queued_at=timezone.now()
        )
        if updated:
            logger.info("notification %s resent by user %s", notification.pk, acting_user.pk)
            queue_delivery_on_commit([notification.pk])
    return bool(updated)
