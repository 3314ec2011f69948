"""The evaluation's scheduled reminder (run daily by ``applications.evaluation.tasks``)."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from portal.notifications.services import notify

from .enums import SheetStatus
from .models import Assignment


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
