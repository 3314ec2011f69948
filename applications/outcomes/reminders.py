"""The daily reminders of outcome reports (run by ``applications.outcomes.tasks``): a report not yet submitted
whose due date is within ``NOTIFICATIONS_OUTCOME_REMINDER_DAYS``, and one past its due date. Each is sent once
per report and due date (dedupe key), however often the job runs."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .events import notify_report
from .models import OutcomeReport, ReportState


def _open_unsubmitted(today):
    return OutcomeReport.objects.filter(
        state=ReportState.DRAFT, year__lte=today.year, application__completed_on__isnull=False
    ).order_by("due_on", "pk")


def outcome_due_remind() -> int:
    today = timezone.localdate()
    horizon = today + timedelta(days=settings.NOTIFICATIONS_OUTCOME_REMINDER_DAYS)
    sent = 0
    for report in _open_unsubmitted(today).filter(due_on__gte=today, due_on__lte=horizon):
        key = f"outcome_report_due:{report.pk}:{report.due_on.isoformat()}"
        sent += len(notify_report(event="outcome_report_due", report=report, dedupe_key=key))
    return sent


def outcome_overdue_remind() -> int:
    today = timezone.localdate()
    sent = 0
    for report in _open_unsubmitted(today).filter(due_on__lt=today):
        key = f"outcome_report_overdue:{report.pk}:{report.due_on.isoformat()}"
        sent += len(notify_report(event="outcome_report_overdue", report=report, dedupe_key=key))
    return sent
