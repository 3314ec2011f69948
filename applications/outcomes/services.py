"""The writes of outcome reports. Keyword-only, each in one transaction; notifications are written in the
transaction and queued on commit.

The loop, as in screening: a company member saves a draft (always, as typed), submits it (the checks of
``checks.py``: hard limits, required figures, evidence; the soft flags are stored), staff verify it or return
it with questions, the company revises and submits again. A verified report is final: nothing changes it except
staff reopening it with a reason (back to *submitted*, waiting for verification again). Every submit, return,
verify and reopen writes an ``OutcomeReportChange`` row.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from applications.permissions import is_member
from applications.review.permissions import is_staff_user
from applications.uploads import check_upload
from reports.cache import results_changed

from . import checks
from .events import notify_report
from .models import (
    FIGURES,
    OutcomeEvidence,
    OutcomeRdTask,
    OutcomeReport,
    OutcomeReportChange,
    ReportAction,
    ReportState,
)

# A report for year Y is due on this month and day of year Y + 1 (annual figures are known by then).
DUE_MONTH_DAY = (3, 31)
# The states in which the company edits its report.
EDITABLE_STATES = (ReportState.DRAFT, ReportState.RETURNED)
MAX_RD_TASKS = 50
MAX_EVIDENCE_PER_FIGURE = 10


def report_due_on(year: int) -> date:
    return date(year + 1, *DUE_MONTH_DAY)


def report_is_open(report: OutcomeReport, today: date) -> bool:
    """A report can be filed once the year it reports has begun (a project completed in November files the
    year of completion from then on); later years are not due yet."""
    return report.year <= today.year


def baseline_from_snapshot(snapshot: dict | None) -> tuple[int | None, Decimal | None]:
    """(sales, regular employees) before support, from a frozen application: the newest revenue year and the
    regular employees the company declared when it submitted."""
    company = (snapshot or {}).get("company") or {}
    revenues = company.get("revenues") or []
    sales = None
    if revenues:
        newest = max(revenues, key=lambda row: row[0])
        sales = int(newest[1]) if newest[1] is not None else None
    employees = company.get("regular_employees")
    try:
        employees = Decimal(str(employees)) if employees is not None else None
    except InvalidOperation:
        employees = None
    return sales, employees


@transaction.atomic
def reports_schedule(*, application: Application) -> list[OutcomeReport]:
    """The outcome reports a completed project owes: the year of completion and the call's
    ``outcome_report_years`` after it, each created once (calling again adds only what is missing)."""
    if application.completed_on is None:
        raise ValueError("The project is not completed.")
    first = application.completed_on.year
    years = range(first, first + application.call.outcome_report_years + 1)
    existing = set(application.outcome_reports.values_list("year", flat=True))
    sales, employees = baseline_from_snapshot(application.snapshot)
    return OutcomeReport.objects.bulk_create(
        OutcomeReport(
            application=application,
            year=year,
            due_on=report_due_on(year),
            baseline_sales_krw=sales,
            baseline_employees=employees,
        )
        for year in years
        if year not in existing
    )


@dataclass(frozen=True)
class Figures:
    """What the company typed: each figure (``None`` when left empty) and the remarks."""

    values: dict
    note: str = ""


def _locked_for_company(report: OutcomeReport, acting_user) -> OutcomeReport:
    report = OutcomeReport.objects.select_for_update().get(pk=report.pk)
    application = Application.objects.select_related("company", "call").get(pk=report.application_id)
    if not is_member(acting_user, application.company):
        raise PermissionDenied(_("Only a member of the company may file its outcome report."))
    report.application = application
    if not report_is_open(report, timezone.localdate()):
        raise ValidationError(_("This report is not due yet."), code="not_open")
    if report.state not in EDITABLE_STATES:
        raise ValidationError(
            _("This report was submitted; it can be changed only when staff return it."), code="not_editable"
        )
    return report


def _locked_for_staff(report: OutcomeReport, acting_user) -> OutcomeReport:
    if not is_staff_user(acting_user):
        raise PermissionDenied(_("Only Technopark staff may verify outcome reports."))
    return OutcomeReport.objects.select_for_update().select_related("application").get(pk=report.pk)


def _record(report, *, action, from_state, acting_user, comment="", flags=None) -> OutcomeReportChange:
    return OutcomeReportChange.objects.create(
        report=report,
        action=action,
        from_state=from_state,
        to_state=report.state,
        comment=comment,
        flags=list(flags or []),
        changed_by=acting_user,
    )


@transaction.atomic
def outcome_report_save(*, report: OutcomeReport, acting_user, figures: Figures) -> OutcomeReport:
    """Save the company's draft as typed, whatever it breaks (the checks run at submission). A value the
    column cannot hold (negative, beyond the database's range) is refused by the form before this."""
    report = _locked_for_company(report, acting_user)
    for figure in FIGURES:
        setattr(report, figure, figures.values.get(figure))
    report.note = (figures.note or "").strip()[:4000]
    out_of_range = {
        figure: [_("%(field)s: enter a whole number from 0.") % {"field": checks.label(figure)}]
        for figure in FIGURES
        if getattr(report, figure) is not None and not 0 <= getattr(report, figure) <= checks.COLUMN_MAX[figure]
    }
    if out_of_range:
        raise ValidationError(out_of_range)
    report.save(update_fields=[*FIGURES, "note"])
    return report


def submit_problems(report: OutcomeReport) -> dict[str, list[str]]:
    """What keeps the report from being submitted, by field (empty when it may be submitted)."""
    problems: dict[str, list[str]] = {}
    evidence_figures = set(report.evidence.values_list("figure", flat=True))
    rd_task_count = report.rd_tasks.count()
    for found in (
        checks.required_problems(report),
        checks.hard_problems(report),
        checks.evidence_problems(
            report,
            evidence_fields=report.application.call.outcome_evidence_fields,
            evidence_figures=evidence_figures,
            rd_task_count=rd_task_count,
        ),
    ):
        for field, messages in found.items():
            problems.setdefault(field, []).extend(messages)
    return problems


@transaction.atomic
def outcome_report_submit(*, report: OutcomeReport, acting_user) -> OutcomeReport:
    """The company submits its report for verification: refused, with errors by field, while a figure is
    missing, breaks a hard limit or lacks the evidence the call asks; the soft flags are stored with it."""
    report = _locked_for_company(report, acting_user)
    problems = submit_problems(report)
    if problems:
        raise ValidationError(problems)
    from_state = report.state
    report.flags = checks.report_flags(report)
    report.state = ReportState.SUBMITTED
    report.submitted_by, report.submitted_at = acting_user, timezone.now()
    report.save(update_fields=["flags", "state", "submitted_by", "submitted_at"])
    _record(report, action=ReportAction.SUBMITTED, from_state=from_state, acting_user=acting_user, flags=report.flags)
    notify_report(event="outcome_report_submitted", report=report)
    return report


@transaction.atomic
def outcome_report_verify(*, report: OutcomeReport, acting_user, comment: str = "") -> OutcomeReport:
    """Staff verify a submitted report: from now on its figures count."""
    report = _locked_for_staff(report, acting_user)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be verified."), code="not_submitted")
    report.state = ReportState.VERIFIED
    report.verified_by, report.verified_at = acting_user, timezone.now()
    report.save(update_fields=["state", "verified_by", "verified_at"])
    _record(
        report,
        action=ReportAction.VERIFIED,
        from_state=ReportState.SUBMITTED,
        acting_user=acting_user,
        comment=(comment or "").strip(),
        flags=report.flags,
    )
    notify_report(event="outcome_report_verified", report=report)
    results_changed()
    return report


@transaction.atomic
def outcome_report_return(*, report: OutcomeReport, acting_user, questions: str) -> OutcomeReport:
    """Staff return a submitted report with their questions; the company revises it and submits again."""
    questions = (questions or "").strip()
    if not questions:
        raise ValidationError({"questions": _("Write the questions the company should answer.")})
    report = _locked_for_staff(report, acting_user)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."), code="not_submitted")
    report.state = ReportState.RETURNED
    report.save(update_fields=["state"])
    _record(
        report,
        action=ReportAction.RETURNED,
        from_state=ReportState.SUBMITTED,
        acting_user=acting_user,
        comment=questions,
    )
    notify_report(event="outcome_report_returned", report=report, params={"questions": questions})
    return report


@transaction.atomic
def outcome_report_reopen(*, report: OutcomeReport, acting_user, reason: str) -> OutcomeReport:
    """Staff reopen a verified report with a reason (a mistake found later): it goes back to *submitted*, stops
    counting, and waits to be verified or returned again. The only way a verified report changes."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening the verified report.")})
    report = _locked_for_staff(report, acting_user)
    if report.state != ReportState.VERIFIED:
        raise ValidationError(_("Only a verified report can be reopened."), code="not_verified")
    report.state = ReportState.SUBMITTED
    report.verified_by, report.verified_at = None, None
    report.save(update_fields=["state", "verified_by", "verified_at"])
    _record(
        report, action=ReportAction.REOPENED, from_state=ReportState.VERIFIED, acting_user=acting_user, comment=reason
    )
    results_changed()
    return report


@transaction.atomic
def rd_task_add(*, report: OutcomeReport, acting_user, name: str, agency: str, amount_krw: int) -> OutcomeRdTask:
    report = _locked_for_company(report, acting_user)
    problems: dict[str, list[str]] = {}
    name, agency = (name or "").strip(), (agency or "").strip()
    if not name:
        problems["name"] = [_("Enter the name of the R&D task.")]
    if not agency:
        problems["agency"] = [_("Enter the agency that funds the R&D task.")]
    if amount_krw is None or amount_krw < 0 or amount_krw > checks.MAX_KRW:
        problems["amount_krw"] = [_("Enter the amount of the R&D task in KRW (0 to 10^15).")]
    if report.rd_tasks.count() >= MAX_RD_TASKS:
        problems["name"] = [_("A report lists at most %(max)d R&D tasks.") % {"max": MAX_RD_TASKS}]
    if problems:
        raise ValidationError(problems)
    return OutcomeRdTask.objects.create(report=report, name=name[:300], agency=agency[:200], amount_krw=amount_krw)


@transaction.atomic
def rd_task_remove(*, report: OutcomeReport, acting_user, task_id: int) -> None:
    report = _locked_for_company(report, acting_user)
    report.rd_tasks.filter(pk=task_id).delete()


@transaction.atomic
def evidence_add(*, report: OutcomeReport, acting_user, figure: str, upload) -> OutcomeEvidence:
    """An evidence document for one figure, checked by its content (``applications.uploads.check_upload``)."""
    report = _locked_for_company(report, acting_user)
    if figure not in checks.EVIDENCE_FIGURES:
        raise ValidationError({"figure": _("Choose the figure this document proves.")})
    if upload is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    if report.evidence.filter(figure=figure).count() >= MAX_EVIDENCE_PER_FIGURE:
        raise ValidationError({"file": _("At most %(max)d documents per figure.") % {"max": MAX_EVIDENCE_PER_FIGURE}})
    try:
        checked = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    evidence = OutcomeEvidence(
        report=report,
        figure=figure,
        original_filename=(upload.name or "")[:255],
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=acting_user,
    )
    evidence.file.save(upload.name or "evidence", upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, report: OutcomeReport, acting_user, evidence_id: int) -> None:
    report = _locked_for_company(report, acting_user)
    evidence = report.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        return
    stored = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(stored))
