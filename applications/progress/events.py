"""The notifications of progress reports and completion, declared in ``ProgressConfig.ready()`` (see
``docs/events.md`` and ``docs/progress.md``).

A returned report, an overdue report and the completion of the project are owed to the company (required); an
accepted report and a report due soon are optional; staff hear of a submitted report (optional).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.events import COMPANY
from portal.notifications.events import STAFF, Event, register_context, register_events
from portal.notifications.models import Notification
from portal.notifications.services import notify

from .models import ProgressReport

EVENTS = (
    Event("progress_report_submitted", _("Progress report submitted"), False, (STAFF,)),
    Event("progress_report_returned", _("Progress report returned for revision"), True, (COMPANY,)),
    Event("progress_report_accepted", _("Progress report accepted"), False, (COMPANY,)),
    Event("progress_report_due", _("Progress report due soon"), False, (COMPANY,)),
    Event("progress_report_overdue", _("Progress report overdue"), True, (COMPANY,)),
    Event("project_completed", _("Project completed"), True, (COMPANY,)),
)


def events_register() -> None:
    register_events(*EVENTS)
    register_context("progress_report", ProgressReport.objects.select_related("application"))


def company_report_link(application_id: int, kind: str) -> str:
    return reverse("applications:progress_report", kwargs={"pk": application_id, "kind": kind})


def staff_progress_link(application_id: int) -> str:
    return reverse("review:progress", kwargs={"pk": application_id})


def notify_report(*, event: str, report: ProgressReport, params: dict | None = None) -> list[Notification]:
    """Inside the caller's transaction; queued on commit."""
    application_id = report.application_id
    return notify(
        event=event,
        context_ids={"application": application_id, "progress_report": report.pk},
        link=company_report_link(application_id, report.kind),
        audience_links={"staff": staff_progress_link(application_id)},
        params=params or {},
    )


def notify_completed(*, application_id: int, completed_on: str) -> list[Notification]:
    return notify(
        event="project_completed",
        context_ids={"application": application_id},
        link=reverse("applications:application_detail", kwargs={"pk": application_id}),
        params={"completed_on": completed_on},
    )
