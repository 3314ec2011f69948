"""Scheduled reminders: each finds who is due and calls ``notify`` once per subject (a dedupe key)."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from applications.evaluation.enums import SheetStatus
from applications.evaluation.models import Assignment
from applications.models import Application
from applications.workflow import ApplicationStatus
from programs.enums import CallStatus
from programs.models import Call

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
    """Experts with unfinished scores N days before their committee meets (``NOTIFICATIONS_EVALUATION_REMINDER_DAYS``).

    One reminder per active assignment without a submitted score sheet, on an open committee whose meeting is
    exactly N days ahead; sent once per assignment and meeting date, however often the job runs that day.
    """
    due = timezone.localdate() + timedelta(days=settings.NOTIFICATIONS_EVALUATION_REMINDER_DAYS)
    unfinished = (
        Assignment.objects.filter(
            is_active=True, expert__is_active=True, committee__meeting_on=due, committee__closed_at__isnull=True
        )
        .exclude(sheet__status=SheetStatus.SUBMITTED)
        .select_related("expert")
        .order_by("pk")
    )
    sent = 0
    for assignment in unfinished:
        rows = notify(
            event="evaluation_reminder",
            context_ids={"application": assignment.application_id, "expert": assignment.expert_id},
            link=reverse("evaluation_expert:assignment", kwargs={"pk": assignment.pk}),
            recipients=[assignment.expert],
            params={"meeting_on": due.isoformat()},
            dedupe_key=f"evaluation_reminder:{assignment.pk}:{due.isoformat()}",
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
