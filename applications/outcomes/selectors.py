"""The reads of outcome reports, scoped to who asks (a company through its membership, staff through the review
app's calls), and the outcome summary: verified reports only, summed per call and report year in a fixed number
of queries."""

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, timedelta

from django.db.models import BigIntegerField, Case, Count, F, Prefetch, Q, QuerySet, Sum, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from applications.permissions import membership_of
from applications.review.permissions import staff_calls
from applications.selectors.due import DueItem, FiledItem
from programs.models import Call

from .events import company_report_url
from .models import OutcomeEvidence, OutcomeRdTask, OutcomeReport, OutcomeReportChange, ReportAction, ReportState
from .services import report_is_open

# A report not yet submitted shows among the company's due items this many days before its due date.
DUE_SOON_DAYS = 42


def _with_project() -> QuerySet[OutcomeReport]:
    return OutcomeReport.objects.select_related("application", "application__company", "application__call")


def company_reports(*, company_id: int) -> list[OutcomeReport]:
    """Every report of the company's projects, the newest year first (one query)."""
    return list(
        _with_project()
        .select_related("application__call__program")
        .filter(application__company_id=company_id)
        .order_by("-year", "application__receipt_number")
    )


def _report_details(queryset: QuerySet[OutcomeReport]) -> QuerySet[OutcomeReport]:
    return queryset.prefetch_related(
        "rd_tasks",
        Prefetch("evidence", queryset=OutcomeEvidence.objects.order_by("figure", "id")),
        Prefetch("changes", queryset=OutcomeReportChange.objects.select_related("changed_by")),
    )


def company_report(*, user, application_id: int, year: int, today: date) -> OutcomeReport:
    """The user's company's report of that project and year, if it is open for filing (else 404)."""
    membership = membership_of(user)
    if membership is None:
        raise Http404
    report = get_object_or_404(
        _report_details(_with_project()),
        application_id=application_id,
        application__company_id=membership.company_id,
        year=year,
    )
    if not report_is_open(report, today):
        raise Http404
    return report


def staff_report(*, user, pk: int) -> OutcomeReport:
    return get_object_or_404(
        _report_details(_with_project().select_related("submitted_by", "verified_by")).filter(
            application__call__in=staff_calls(user)
        ),
        pk=pk,
    )


def staff_call(*, user, code: str) -> Call:
    return get_object_or_404(staff_calls(user), code=code)


# The order of the staff list: waiting first, then returned, not submitted, verified.
STATE_ORDER = Case(
    When(state=ReportState.SUBMITTED, then=0),
    When(state=ReportState.RETURNED, then=1),
    When(state=ReportState.DRAFT, then=2),
    default=3,
)


def call_reports(*, call: Call) -> list[OutcomeReport]:
    """Every report of the call's projects, the ones waiting for verification first (one query)."""
    return list(
        _with_project()
        .select_related("submitted_by")
        .filter(application__call=call)
        .annotate(state_order=STATE_ORDER, evidence_count=Count("evidence"))
        .order_by("state_order", "submitted_at", "due_on", "application__receipt_number", "year")
    )


def company_due_items(*, company, today: date) -> list[DueItem]:
    """The company's outcome reports to file: not submitted and due within ``DUE_SOON_DAYS`` or overdue, and
    every report returned with questions (one query)."""
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    reports = (
        _with_project()
        .filter(application__company=company, year__lte=today.year)
        .filter(Q(state=ReportState.RETURNED) | Q(state=ReportState.DRAFT, due_on__lte=horizon))
        .order_by("due_on", "pk")
    )
    items = []
    for report in reports:
        if report.state == ReportState.RETURNED:
            title = _("Outcome report %(year)s: answer the questions") % {"year": report.year}
        else:
            title = _("Outcome report %(year)s") % {"year": report.year}
        items.append(
            DueItem(
                title=title,
                project=report.application.project_label,
                due_on=report.due_on,
                url=company_report_url(report),
                overdue=report.due_on < today,
            )
        )
    return items


@dataclass
class OutcomeSummary:
    """The verified outcomes of a set of projects in one report year. Sums of figures nobody reported are 0.

    ``sales_increase_krw`` is Σ(sales - sales before support) over the reports where both are known (the city's
    "new sales"); the other sums are plain sums of the reported figures."""

    year: int
    projects: int = 0
    sales_increase_krw: int = 0
    sales_krw: int = 0
    exports_krw: int = 0
    employees: int = 0
    new_hires: int = 0
    new_hires_local: int = 0
    patents_filed: int = 0
    patents_registered: int = 0
    certifications: int = 0
    prototypes: int = 0
    rd_tasks: int = 0
    rd_tasks_krw: int = 0
    follow_on_investment_krw: int = 0

    def add(self, other: "OutcomeSummary") -> None:
        for item in fields(self):
            if item.name != "year":
                setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


SUMMED = (
    "sales_krw",
    "exports_krw",
    "employees",
    "new_hires",
    "new_hires_local",
    "patents_filed",
    "patents_registered",
    "certifications",
    "prototypes",
    "follow_on_investment_krw",
)


@dataclass
class CallOutcomes:
    call: Call
    years: list[OutcomeSummary] = field(default_factory=list)


def call_outcome_summary(*, calls) -> list[CallOutcomes]:
    """Per call (in the order given) and report year, the sums of its VERIFIED reports. Three queries whatever
    the number of calls, projects and reports: the calls, the reports' sums, the R&D tasks' sums."""
    calls = list(calls)
    ids = [call.pk for call in calls]
    verified = OutcomeReport.objects.filter(application__call_id__in=ids, state=ReportState.VERIFIED)
    increase = Case(
        When(
            sales_krw__isnull=False,
            baseline_sales_krw__isnull=False,
            then=F("sales_krw") - F("baseline_sales_krw"),
        ),
        output_field=BigIntegerField(),
    )
    rows = (
        verified.values("application__call_id", "year")
        .annotate(
            projects=Count("application_id", distinct=True),
            sales_increase_krw=Sum(increase),
            **{name: Sum(name) for name in SUMMED},
        )
        .order_by()
    )
    summaries: dict[tuple[int, int], OutcomeSummary] = {}
    for row in rows:
        key = (row.pop("application__call_id"), row["year"])
        summaries[key] = OutcomeSummary(**{name: value or 0 for name, value in row.items()})
    tasks = (
        OutcomeRdTask.objects.filter(report__in=verified)
        .values("report__application__call_id", "report__year")
        .annotate(count=Count("id"), amount=Sum("amount_krw"))
        .order_by()
    )
    for row in tasks:
        summary = summaries.get((row["report__application__call_id"], row["report__year"]))
        if summary is not None:
            summary.rd_tasks, summary.rd_tasks_krw = row["count"], row["amount"] or 0
    by_call = defaultdict(list)
    for (call_id, _year), summary in sorted(summaries.items(), key=lambda item: item[0][1]):
        by_call[call_id].append(summary)
    return [CallOutcomes(call=call, years=by_call.get(call.pk, [])) for call in calls]


@dataclass
class ProgramOutcomes:
    program: object
    years: list[OutcomeSummary] = field(default_factory=list)


def program_outcome_summary(per_call: list[CallOutcomes]) -> list[ProgramOutcomes]:
    """The per-call summaries added up per program and report year (no query: the calls carry their program,
    ``select_related("program")``). A project belongs to one call, so the projects add up too."""
    programs: dict[int, ProgramOutcomes] = {}
    years: dict[tuple[int, int], OutcomeSummary] = {}
    for entry in per_call:
        program = entry.call.program
        programs.setdefault(program.pk, ProgramOutcomes(program=program))
        for summary in entry.years:
            key = (program.pk, summary.year)
            if key not in years:
                years[key] = OutcomeSummary(year=summary.year)
                programs[program.pk].years.append(years[key])
            years[key].add(summary)
    for entry in programs.values():
        entry.years.sort(key=lambda summary: summary.year)
    return sorted(programs.values(), key=lambda entry: entry.program.letter)


def company_filed_items(*, company) -> list[FiledItem]:
    """Every submission of the company's outcome reports (one query)."""
    changes = (
        OutcomeReportChange.objects.filter(report__application__company=company, action=ReportAction.SUBMITTED)
        .select_related("report__application")
        .order_by("-changed_at")
    )
    return [
        FiledItem(
            at=change.changed_at,
            title=_("Outcome report %(year)s submitted") % {"year": change.report.year},
            project=change.report.application.project_label,
            url=company_report_url(change.report),
        )
        for change in changes
    ]
