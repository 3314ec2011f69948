"""The notifications of the outcome reports, declared in ``OutcomesConfig.ready()`` (see ``docs/events.md``).

To the company's members: ``outcome_report_due`` (a report due within the next weeks, daily reminder, required),
``outcome_report_overdue`` (past its due date and not submitted, required), ``outcome_report_returned`` (staff's
questions, required), ``outcome_report_verified`` (optional). To staff: ``outcome_report_submitted`` (optional,
as ``revision_submitted``).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.events import COMPANY
from portal.notifications.events import STAFF, Event, register_context, register_events
from portal.notifications.models import Notification
from portal.notifications.services import notify

from .models import OutcomeReport

EVENTS = (
    Event("outcome_report_due", _("Outcome report due"), True, (COMPANY,)),
    Event("outcome_report_overdue", _("Outcome report overdue"), True, (COMPANY,)),
    Event("outcome_report_returned", _("Outcome report returned with questions"), True, (COMPANY,)),
    Event("outcome_report_verified", _("Outcome report verified"), False, (COMPANY,)),
    Event("outcome_report_submitted", _("Outcome report submitted"), False, (STAFF,)),
)


def events_register() -> None:
    register_events(*EVENTS)
    register_context(
        "outcome_report",
        OutcomeReport.objects.select_related("application", "application__company", "application__call"),
    )


def company_report_url(report: OutcomeReport) -> str:
    return reverse("outcomes:report", kwargs={"pk": report.application_id, "year": report.year})


def staff_report_url(report: OutcomeReport) -> str:
    return reverse("outcomes_staff:report", kwargs={"pk": report.pk})


def notify_report(
    *, event: str, report: OutcomeReport, params: dict | None = None, dedupe_key: str = ""
) -> list[Notification]:
    """Inside the caller's transaction; queued on commit."""
    return notify(
        event=event,
        context_ids={"application": report.application_id, "outcome_report": report.pk},
        link=company_report_url(report),
        audience_links={"staff": staff_report_url(report)},
        params={"year": str(report.year), "due_on": report.due_on.isoformat(), **(params or {})},
        dedupe_key=dedupe_key,
    )
