"""The reads of progress reports, scoped to who asks: staff through the review app's calls, a company through its
membership (another company's application is a 404). Each returns its rows with the joins done."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.agreements.models import Agreement, AgreementMilestone, AgreementVersion
from applications.models import Application, Company
from applications.permissions import membership_of
from applications.review.permissions import staff_calls
from applications.selectors.due import DueItem, FiledItem
from applications.workflow import ApplicationStatus
from programs.models import Call

from .events import company_report_link
from .models import MilestoneAnswer, ProgressReport, ReportAction, ReportEvent, ReportFile, ReportKind, ReportState
from .schedule import confirmed_version, report_due_on
from .services import filing_problem

S = ApplicationStatus
# Reports whose next step is the company's (nothing filed yet, a draft, or returned).
OPEN_STATES = frozenset({ReportState.DRAFT, ReportState.RETURNED})
DUE_TITLES = {
    (ReportKind.INTERIM, False): _("Interim report"),
    (ReportKind.FINAL, False): _("Final report"),
    (ReportKind.INTERIM, True): _("Revise the returned interim report"),
    (ReportKind.FINAL, True): _("Revise the returned final report"),
}


@dataclass(frozen=True)
class ReportSlot:
    """One kind of report of an application: its due date, the report if one was started, and whether the
    company may write it now."""

    kind: str
    label: str
    due_on: date | None
    report: ProgressReport | None
    blocked: str  # why the company may not file it now ("" when it may)
    overdue: bool

    @property
    def state(self) -> str:
        return self.report.state if self.report else ""


@dataclass(frozen=True)
class Progress:
    application: Application
    version: AgreementVersion | None
    milestones: list[AgreementMilestone]
    slots: list[ReportSlot]

    def slot(self, kind: str) -> ReportSlot:
        return next(slot for slot in self.slots if slot.kind == kind)


def _reports() -> Prefetch:
    return Prefetch(
        "progress_reports",
        queryset=ProgressReport.objects.select_related("updated_by").prefetch_related(
            Prefetch("answers", queryset=MilestoneAnswer.objects.prefetch_related("files")),
            Prefetch("files", queryset=ReportFile.objects.filter(answer=None), to_attr="extra_files"),
            Prefetch("events", queryset=ReportEvent.objects.select_related("by")),
        ),
    )


def _confirmed_versions() -> Prefetch:
    return Prefetch(
        "agreement__versions",
        queryset=AgreementVersion.objects.filter(confirmed_at__isnull=False).prefetch_related("milestones"),
    )


def _agreement_of(application: Application):
    try:
        return application.agreement
    except Agreement.DoesNotExist:
        return None


def _versions_of(application: Application) -> list[AgreementVersion]:
    agreement = _agreement_of(application)
    return list(agreement.versions.all()) if agreement is not None else []


def _slots(application: Application, version, reports: dict[str, ProgressReport], today: date) -> list[ReportSlot]:
    slots = []
    for kind, label in ReportKind.choices:
        due_on = report_due_on(version, kind, application.call.settlement_due_days)
        report = reports.get(kind)
        open_ = report is None or report.state in OPEN_STATES
        slots.append(
            ReportSlot(
                kind=kind,
                label=str(label),
                due_on=due_on,
                report=report,
                blocked=filing_problem(application, kind, reports.get(ReportKind.INTERIM)),
                overdue=bool(open_ and due_on and due_on < today),
            )
        )
    return slots


def progress_of(application: Application, *, today: date) -> Progress:
    """The application's confirmed agreement, milestones and both reports with their answers, files and history
    (a fixed number of queries; ``application`` comes from one of the lookups below)."""
    version = confirmed_version(_versions_of(application))
    reports = {report.kind: report for report in application.progress_reports.all()}
    return Progress(
        application=application,
        version=version,
        milestones=list(version.milestones.all()) if version else [],
        slots=_slots(application, version, reports, today),
    )


def _with_progress(applications: QuerySet[Application]) -> QuerySet[Application]:
    return applications.select_related("company", "call", "call__program", "agreement").prefetch_related(
        _confirmed_versions(), _reports()
    )


def staff_progress_application(*, user, pk: int) -> Application:
    return get_object_or_404(
        _with_progress(Application.objects.filter(call__in=staff_calls(user), receipt_number__isnull=False)), pk=pk
    )


def company_progress_application(*, user, pk: int) -> Application:
    membership = membership_of(user)
    applications: QuerySet[Application] = (
        Application.objects.none()
        if membership is None
        else Application.objects.filter(company_id=membership.company_id, receipt_number__isnull=False)
    )
    return get_object_or_404(_with_progress(applications), pk=pk)


def staff_call(*, user, code: str) -> Call:
    return get_object_or_404(staff_calls(user), code=code)


def reports_awaiting_review(*, call: Call) -> QuerySet[ProgressReport]:
    """The call's submitted reports, the longest waiting first."""
    return (
        ProgressReport.objects.filter(application__call=call, state=ReportState.SUBMITTED)
        .select_related("application", "application__company")
        .order_by("submitted_at", "pk")
    )


def report_deadlines(applications: QuerySet[Application], *, today: date) -> Iterator[tuple[Application, ReportSlot]]:
    """Each report of the projects in progress among ``applications`` that is the company's to do (nothing filed,
    a draft or returned), with its due date. Three queries, whatever the number of projects."""
    rows = (
        applications.filter(status=S.IN_PROGRESS)
        .select_related("call", "agreement")
        .prefetch_related(
            Prefetch("agreement__versions", queryset=AgreementVersion.objects.filter(confirmed_at__isnull=False)),
            Prefetch("progress_reports", queryset=ProgressReport.objects.only("pk", "application_id", "kind", "state")),
        )
        .order_by("pk")
    )
    for application in rows:
        version = confirmed_version(_versions_of(application))
        reports = {report.kind: report for report in application.progress_reports.all()}
        for slot in _slots(application, version, reports, today):
            if slot.report is None or slot.report.state in OPEN_STATES:
                yield application, slot


def company_due_items(*, company: Company, today: date) -> list[DueItem]:
    """The company's interim and final reports still to file or to revise, with their dates."""
    items = []
    for application, slot in report_deadlines(Application.objects.filter(company=company), today=today):
        returned = slot.state == ReportState.RETURNED
        items.append(
            DueItem(
                title=DUE_TITLES[(slot.kind, returned)],
                project=application.project_label,
                due_on=slot.due_on,
                url=company_report_link(application.pk, slot.kind),
                overdue=slot.overdue,
            )
        )
    return items


def company_filed_items(*, company) -> list[FiledItem]:
    """Every interim and final report the company submitted, each submission once (one query)."""
    events = (
        ReportEvent.objects.filter(report__application__company=company, action=ReportAction.SUBMITTED)
        .select_related("report__application")
        .order_by("-at")
    )
    return [
        FiledItem(
            at=event.at,
            title=_("%(report)s submitted") % {"report": event.report.get_kind_display()},
            project=event.report.application.project_label,
            url=reverse("applications:progress", args=[event.report.application_id]),
        )
        for event in events
    ]
