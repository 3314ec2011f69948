"""Reads of the notifications app, with their joins done and scoped to who may see them."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from portal.accounts.models import User

from .enums import ChannelKind, Status
from .events import Event, events_optional
from .models import Notification, NotificationPreference, ScheduledJobRun


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(
        recipient=user, channel=ChannelKind.IN_APP, status=Status.SENT, read_at__isnull=True
    ).count()


def inbox(*, user: User) -> QuerySet[Notification]:
    """The user's delivered in-app notifications, newest first."""
    return (
        Notification.objects.filter(recipient=user, channel=ChannelKind.IN_APP, status=Status.SENT)
        .only("pk", "event", "subject", "body", "link", "sent_at", "read_at", "created_at")
        .order_by("-sent_at", "-pk")
    )


def inbox_item(*, user: User, pk: int) -> Notification | None:
    return Notification.objects.filter(recipient=user, channel=ChannelKind.IN_APP, pk=pk).first()


def deliveries(*, status: str = "", application_id: int | None = None, event: str = "") -> QuerySet[Notification]:
    """Every notification for the staff delivery view (staff only: the view checks)."""
    queryset = Notification.objects.select_related("recipient").defer("body", "recipient__password")
    if status:
        queryset = queryset.filter(status=status)
    if application_id is not None:
        queryset = queryset.filter(application_id=application_id)
    if event:
        queryset = queryset.filter(event=event)
    return queryset.order_by("-created_at", "-pk")


def delivery_counts() -> dict[str, int]:
    """Notifications by status label, every status listed (one query)."""
    found = dict(Notification.objects.order_by().values_list("status").annotate(count=Count("pk")))
    return {str(label): found.get(value, 0) for value, label in Status.choices}


@dataclass(frozen=True)
class PreferenceRow:
    event: Event
    email: bool
    in_app: bool


def preference_rows(*, user: User) -> list[PreferenceRow]:
    optional = events_optional()
    stored = {
        pref.event: pref
        for pref in NotificationPreference.objects.filter(user=user, event__in=[e.key for e in optional])
    }
    return [
        PreferenceRow(
            event=event,
            email=stored[event.key].email if event.key in stored else True,
            in_app=stored[event.key].in_app if event.key in stored else True,
        )
        for event in optional
    ]


@dataclass(frozen=True)
class ScheduleRow:
    name: str
    task: str
    schedule: str
    run: ScheduledJobRun | None


def schedule_rows() -> list[ScheduleRow]:
    """The beat schedule of the settings, each job with its last recorded run (one query)."""
    entries = getattr(settings, "CELERY_BEAT_SCHEDULE", {})
    runs = {run.task: run for run in ScheduledJobRun.objects.filter(task__in=[e["task"] for e in entries.values()])}
    return [
        ScheduleRow(
            name=name, task=entry["task"], schedule=schedule_text(entry["schedule"]), run=runs.get(entry["task"])
        )
        for name, entry in entries.items()
    ]


# The fields of a crontab and every value each can take (a field with all of them is shown as ``*``).
CRON_FIELDS = (
    ("minute", range(60)),
    ("hour", range(24)),
    ("day_of_month", range(1, 32)),
    ("month_of_year", range(1, 13)),
    ("day_of_week", range(7)),
)


def schedule_text(schedule: object) -> str:
    """``every 60 seconds``, or a crontab in its usual five fields (``cron 0 9 * * *``)."""
    from celery.schedules import crontab

    if isinstance(schedule, int | float):
        return _("every %(seconds)s seconds") % {"seconds": f"{schedule:g}"}
    if isinstance(schedule, crontab):
        fields = []
        for name, every in CRON_FIELDS:
            values = set(getattr(schedule, name))
            fields.append("*" if values == set(every) else ",".join(str(value) for value in sorted(values)))
        return "cron " + " ".join(fields)
    return str(schedule)
