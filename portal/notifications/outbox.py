"""Writing the outbox rows of one ``notify`` call in one statement.

``notify`` runs inside the request that causes it, so its cost is paid by a person waiting for a page. The
rows of one call differ only in recipient, audience, channel and link; everything else is shared. On
PostgreSQL and SQLite they are written by one ``INSERT … SELECT … FROM (VALUES …) … RETURNING``, which also
leaves out, in the same statement, the channels a recipient turned off for an optional event (the preference
table is looked up per row, by its unique index) and, with a deduplication key, the recipient's channels that
already have a row under that key. One round trip, no query building by the ORM, and no separate preference
query: an opt-out is honoured from the committed data itself, so there is no cache to invalidate.
"""

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .enums import Status
from .models import Notification, NotificationPreference

# Rows per statement: 4 parameters each, well under SQLite's limit of 32,766.
CHUNK = 500
# The columns that differ from row to row, in the order of the VALUES tuples.
PER_ROW = ("recipient", "audience", "channel", "link")


@dataclass(frozen=True)
class Target:
    recipient_id: int
    audience: str
    channel: str
    link: str


def outbox_write(
    *, targets: Sequence[Target], shared: Mapping[str, object], honour_preferences: bool
) -> dict[tuple[int, str], int]:
    """Insert one pending row per target, less the channels turned off (with ``honour_preferences``) and those
    that already have a row under ``shared["dedupe_key"]``; return ``(recipient id, channel) → new row id``
    for the rows written. ``shared`` holds the other fields' values (event, context …), the same for every row."""
    dedupe_key = str(shared.get("dedupe_key") or "")
    if not targets:
        return {}
    if connection.vendor not in ("postgresql", "sqlite"):
        return _write_with_orm(targets, shared, honour_preferences, dedupe_key)
    shape = _shape(connection.vendor, honour_preferences, bool(dedupe_key))
    now = timezone.now()
    values = {**DEFAULTS, "created_at": now, "available_at": now, **shared}
    head = [
        field.get_db_prep_save(values[field.name] if field.name in values else field.get_default(), connection)
        for field in shape.shared_fields
    ]
    tail = ([values["event"], "email", "in_app"] if honour_preferences else []) + ([dedupe_key] if dedupe_key else [])
    written: dict[tuple[int, str], int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(targets), CHUNK):
            chunk = targets[start : start + CHUNK]
            params = list(head)
            for target in chunk:
                params += [target.recipient_id, target.audience, target.channel, target.link]
            cursor.execute(shape.sql(len(chunk)), params + tail)
            for pk, recipient_id, channel in cursor.fetchall():
                written[(recipient_id, channel)] = pk
    return written


# What a new row holds besides ``shared`` and the per-row columns (the model's defaults, spelled out; a field
# added later without an entry here gets its model default).
DEFAULTS = {"status": Status.PENDING, "attempts": 0, "language": "", "subject": "", "body": "", "last_error": ""}


class _Shape:
    """The statement for one database vendor and set of conditions; only the number of rows varies."""

    def __init__(self, vendor: str, honour_preferences: bool, dedupe: bool) -> None:
        q = connection.ops.quote_name
        meta = Notification._meta
        table = q(meta.db_table)
        col = {field.name: q(field.column) for field in meta.concrete_fields}
        per_row = {name: f"v.column{index}" for index, name in enumerate(PER_ROW, start=1)}
        fields = [field for field in meta.concrete_fields if not field.primary_key]
        self.shared_fields = [field for field in fields if field.name not in per_row]
        # Typed on PostgreSQL, where a bare parameter in a SELECT list would be text.
        selected = [
            per_row.get(field.name) or (f"CAST(%s AS {field.db_type(connection)})" if vendor == "postgresql" else "%s")
            for field in fields
        ]
        conditions = []
        if honour_preferences:
            preference = NotificationPreference._meta
            pcol = {field.name: q(field.column) for field in preference.concrete_fields}
            conditions.append(
                f"NOT EXISTS (SELECT 1 FROM {q(preference.db_table)} p WHERE p.{pcol['user']} = v.column1 "
                f"AND p.{pcol['event']} = %s AND ((v.column3 = %s AND NOT p.{pcol['email']}) "
                f"OR (v.column3 = %s AND NOT p.{pcol['in_app']})))"
            )
        if dedupe:
            conditions.append(
                f"NOT EXISTS (SELECT 1 FROM {table} d WHERE d.{col['dedupe_key']} = %s "
                f"AND d.{col['recipient']} = v.column1 AND d.{col['channel']} = v.column3)"
            )
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        self.before = (
            f"INSERT INTO {table} ({', '.join(col[field.name] for field in fields)}) "
            f"SELECT {', '.join(selected)} FROM (VALUES "
        )
        self.after = f") v{where} RETURNING {col['id']}, {col['recipient']}, {col['channel']}"

    def sql(self, rows: int) -> str:
        return self.before + ", ".join(["(%s, %s, %s, %s)"] * rows) + self.after


@functools.cache
def _shape(vendor: str, honour_preferences: bool, dedupe: bool) -> _Shape:
    return _Shape(vendor, honour_preferences, dedupe)


def _write_with_orm(
    targets: Sequence[Target], shared: Mapping[str, object], honour_preferences: bool, dedupe_key: str
) -> dict[tuple[int, str], int]:
    """The same rows through the ORM, for a database without ``INSERT … RETURNING`` of a SELECT."""
    user_ids = list(dict.fromkeys(target.recipient_id for target in targets))
    off: set[tuple[int, str]] = set()
    if honour_preferences:
        preferences = NotificationPreference.objects.filter(event=shared["event"], user_id__in=user_ids)
        for user_id, email, in_app in preferences.values_list("user_id", "email", "in_app"):
            off.update((user_id, channel) for channel, on in (("email", email), ("in_app", in_app)) if not on)
    if dedupe_key:
        done = Notification.objects.filter(dedupe_key=dedupe_key, recipient__in=user_ids)
        off |= set(done.values_list("recipient_id", "channel"))
    rows = [
        Notification(
            recipient_id=target.recipient_id,
            audience=target.audience,
            channel=target.channel,
            link=target.link,
            **shared,
        )
        for target in targets
        if (target.recipient_id, target.channel) not in off
    ]
    Notification.objects.bulk_create(rows)
    return {(row.recipient_id, row.channel): row.pk for row in rows}
