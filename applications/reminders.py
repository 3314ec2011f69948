"""Scheduled reminders of the applications app (run daily by ``applications.tasks``): each finds who is due and
calls ``notify`` once per subject, with a dedupe key so that a second run the same day sends nothing more."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from portal.notifications.services import notify
from programs.enums import CallStatus
from programs.models import Call

from .models import Application
from .workflow import ApplicationStatus


def call_closing_remind() -> int:
    """Companies with a draft on, or subscribed to, a published call that closes within N days."""
    now = timezone.now()
    horizon = now + timedelta(days=settings.NOTIFICATIONS_CALL_CLOSING_DAYS)
    sent = 0
    for call in Call.objects.filter(status=CallStatus.PUBLISHED, closes_at__gt=now, closes_at__lte=horizon):
        rows = notify(
            event="call_closing",
            context_ids={"call": call.pk},
            link=reverse("programs:call", kwargs={"code": call.code}),
            dedupe_key=f"call_closing:{call.pk}",
        )
        sent += len(rows)
    return sent


def call_opening_remind() -> int:
    """Subscribers of a published call that opens within a day (or has just opened)."""
    now = timezone.now()
    sent = 0
    calls = Call.objects.filter(
        status=CallStatus.PUBLISHED, opens_at__gt=now - timedelta(days=1), opens_at__lte=now + timedelta(days=1)
    )
    for call in calls:
        rows = notify(
            event="call_opening",
            context_ids={"call": call.pk},
            link=reverse("programs:call", kwargs={"code": call.code}),
            dedupe_key=f"call_opening:{call.pk}",
        )
        sent += len(rows)
    return sent


def agreement_remind() -> int:
    """The companies of selected applications whose call's agreement deadline is N days ahead
    (``NOTIFICATIONS_AGREEMENT_REMINDER_DAYS``); sent once per application and deadline, however often the job
    runs that day, and again if the deadline moves."""
    due = timezone.localdate() + timedelta(days=settings.NOTIFICATIONS_AGREEMENT_REMINDER_DAYS)
    selected = (
        Application.objects.filter(status=ApplicationStatus.SELECTED, call__agreement_due_on=due)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for application_id in selected:
        rows = notify(
            event="agreement_due",
            context_ids={"application": application_id},
            link=reverse("applications:application_detail", kwargs={"pk": application_id}),
            params={"due_on": due.isoformat()},
            dedupe_key=f"agreement_due:{application_id}:{due.isoformat()}",
        )
        sent += len(rows)
    return sent
