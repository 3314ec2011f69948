"""Scheduled reminders: each finds who is due and calls ``notify`` once per subject (a dedupe key)."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from programs.enums import CallStatus
from programs.models import Call

from .recipients import optional_model
from .services import notify


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


def evaluation_remind() -> int:
    """Experts with unfinished scores N days before the committee date.

    A placeholder until the review app (issue 5) exists: without its ``reviews.Assignment`` model this finds
    nobody and sends nothing, on purpose, and does not fail.
    """
    assignment_model = optional_model("reviews.Assignment")
    if assignment_model is None:
        return 0
    today = timezone.localdate()
    due = today + timedelta(days=settings.NOTIFICATIONS_EVALUATION_REMINDER_DAYS)
    sent = 0
    unfinished = assignment_model._default_manager.filter(
        application__call__evaluation_on=due, submitted_at__isnull=True
    ).values_list("pk", "expert_id", "application_id")
    for assignment_id, expert_id, application_id in unfinished:
        rows = notify(
            event="evaluation_reminder",
            context_ids={"application": application_id, "expert": expert_id},
            dedupe_key=f"evaluation_reminder:{assignment_id}:{due.isoformat()}",
        )
        sent += len(rows)
    return sent
