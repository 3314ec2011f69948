"""The daily reminder of progress reports (run by ``progress.remind_reports``): a report due within
``NOTIFICATIONS_PROGRESS_REPORT_DAYS`` days, and once a report is overdue. Each is sent once per application,
kind and due date, however often the job runs, and again if the agreement moves the date."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from applications.models import Application
from portal.notifications.services import notify

from .events import company_report_link
from .selectors import report_deadlines


def progress_reports_remind() -> int:
    today = timezone.localdate()
    horizon = today + timedelta(days=settings.NOTIFICATIONS_PROGRESS_REPORT_DAYS)
    sent = 0
    for application, slot in report_deadlines(Application.objects.all(), today=today):
        if slot.due_on is None or slot.due_on > horizon:
            continue
        event = "progress_report_overdue" if slot.due_on < today else "progress_report_due"
        rows = notify(
            event=event,
            context_ids={"application": application.pk, "progress_report": slot.report.pk if slot.report else None},
            link=company_report_link(application.pk, slot.kind),
            params={"kind": slot.kind, "due_on": slot.due_on.isoformat()},
            dedupe_key=f"{event}:{application.pk}:{slot.kind}:{slot.due_on.isoformat()}",
        )
        sent += len(rows)
    return sent
