"""The writes of progress reports and completion. Keyword-only, each in one transaction; notifications are
written in the transaction and queued on commit.

A draft is saved as typed, whatever is missing (only a file that is not an accepted document is refused, and
then nothing of that save is written); the rules are checked at submission, with errors keyed by the form's
fields. Staff accept a submitted report or return it with a comment; every step is a ``ReportEvent``.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.agreements.models import AgreementMilestone, AgreementVersion
from applications.enums import FileKind
from applications.funding.selectors import settlement_reviewed
from applications.models import Application
from applications.outcomes.services import reports_schedule
from applications.permissions import is_member
from applications.review.permissions import is_staff_user
from applications.services.transitions import move
from applications.uploads import CheckedFile, check_upload
from applications.workflow import ApplicationStatus

from .events import notify_completed, notify_report
from .models import MilestoneAnswer, ProgressReport, ReportAction, ReportEvent, ReportFile, ReportKind, ReportState

S = ApplicationStatus
REPORT_FILE_KINDS = frozenset({FileKind.PDF, FileKind.HWP, FileKind.HWPX, FileKind.JPEG, FileKind.PNG})
MAX_EXTRA_FILES = 20


@dataclass(frozen=True)
class AnswerInput:
    milestone_id: int
    done: bool | None
    note: str
    evidence: UploadedFile | None = None


def _require_staff(user) -> None:
    if not is_staff_user(user):
        raise PermissionDenied(_("Only Technopark staff may review progress reports."))


def _require_member(user, application: Application) -> None:
    if not is_member(user, application.company):
        raise PermissionDenied(_("Only a member of the company may write its progress reports."))


def agreed_milestones(application: Application) -> list[AgreementMilestone]:
    """The milestones of the confirmed agreement (the newest confirmed version), in order."""
    version = (
        AgreementVersion.objects.filter(agreement__application=application, confirmed_at__isnull=False)
        .order_by("-number")
        .first()
    )
    return list(version.milestones.all()) if version else []


def filing_problem(application: Application, kind: str, interim: ProgressReport | None) -> str:
    """Why the company may not write or submit the report of ``kind`` now ("" when it may)."""
    if application.status != S.IN_PROGRESS:
        return _("Progress reports are filed while the project is in progress.")
    if kind == ReportKind.FINAL and (interim is None or interim.state != ReportState.ACCEPTED):
        return _("The final report can be filed once the interim report is accepted.")
    return ""


def _checked(upload: UploadedFile) -> CheckedFile:
    checked = check_upload(upload)
    if checked.kind not in REPORT_FILE_KINDS:
        raise ValidationError(_("Upload a PDF, HWP or HWPX document or a JPG or PNG image."), code="report_kind")
    return checked


def _store(report: ProgressReport, upload: UploadedFile, checked: CheckedFile, user, answer=None) -> ReportFile:
    row = ReportFile(
        report=report,
        answer=answer,
        original_filename=(upload.name or "")[:255],
        size=checked.size,
        file_kind=checked.kind,
        content_type=checked.content_type,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    row.file.save(f"{checked.sha256[:16]}.{checked.kind}", upload, save=False)
    row.save()
    return row


def _files_delete(rows) -> None:
    """Delete report files: the rows now, the stored files once the transaction commits."""
    stored = [(row.file.storage, row.file.name) for row in rows]
    rows.delete()
    for storage, name in stored:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def _interim_of(application: Application) -> ProgressReport | None:
    return ProgressReport.objects.filter(application=application, kind=ReportKind.INTERIM).first()


@transaction.atomic
def report_save(
    *,
    application: Application,
    kind: str,
    acting_user,
    work_done: str,
    results: str,
    problems_plans: str,
    answers: list[AnswerInput],
    files: list[UploadedFile] | None = None,
    remove_file_ids: list[int] | None = None,
) -> ProgressReport:
    """Save the draft of the report of ``kind`` as typed (created on the first save). Every upload is checked
    before anything is written: one bad file refuses the whole save, with the error under its field."""
    if kind not in ReportKind.values:
        raise ValidationError(_("Unknown kind of report."), code="kind")
    application = Application.objects.select_for_update().select_related("company").get(pk=application.pk)
    _require_member(acting_user, application)
    problem = filing_problem(application, kind, _interim_of(application))
    if problem:
        raise ValidationError(problem, code="closed")
    report, _created = ProgressReport.objects.select_for_update().get_or_create(application=application, kind=kind)
    if not report.editable:
        raise ValidationError(_("This report was submitted; it can be changed only if staff return it."), code="locked")
    milestones = {m.pk: m for m in agreed_milestones(application)}
    errors: dict[str, list[str]] = {}
    checked_evidence: dict[int, tuple[UploadedFile, CheckedFile]] = {}
    for answer in answers:
        if answer.milestone_id not in milestones:
            raise ValidationError(_("A milestone that is not in the agreement was given."), code="milestone")
        if answer.evidence is not None:
            try:
                checked_evidence[answer.milestone_id] = (answer.evidence, _checked(answer.evidence))
            except ValidationError as error:
                errors.setdefault(f"ms{answer.milestone_id}_evidence", []).extend(error.messages)
    checked_files: list[tuple[UploadedFile, CheckedFile]] = []
    for upload in files or []:
        try:
            checked_files.append((upload, _checked(upload)))
        except ValidationError as error:
            errors.setdefault("files", []).extend(f"{upload.name}: {message}" for message in error.messages)
    extra_count = report.files.filter(answer=None).exclude(pk__in=remove_file_ids or []).count()
    if extra_count + len(checked_files) > MAX_EXTRA_FILES:
        errors.setdefault("files", []).append(
            _("A report may have at most %(max)d extra files.") % {"max": MAX_EXTRA_FILES}
        )
    if errors:
        raise ValidationError(errors)

    report.work_done = (work_done or "").strip()
    report.results = (results or "").strip()
    report.problems_plans = (problems_plans or "").strip()
    report.updated_at, report.updated_by = timezone.now(), acting_user
    report.save(update_fields=["work_done", "results", "problems_plans", "updated_at", "updated_by"])
    gone = report.answers.exclude(milestone_id__in=list(milestones))
    _files_delete(ReportFile.objects.filter(answer__in=gone))
    gone.delete()
    existing = {a.milestone_id: a for a in report.answers.all()}
    given = {a.milestone_id: a for a in answers}
    for order, milestone in enumerate(milestones.values()):
        row = existing.get(milestone.pk) or MilestoneAnswer(report=report, milestone=milestone)
        row.order, row.title, row.due_on = order, milestone.title, milestone.due_on
        if milestone.pk in given:
            row.done = given[milestone.pk].done
            row.note = (given[milestone.pk].note or "").strip()
        row.save()
        if milestone.pk in checked_evidence:
            _files_delete(row.files.all())
            upload, checked = checked_evidence[milestone.pk]
            _store(report, upload, checked, acting_user, answer=row)
    if remove_file_ids:
        _files_delete(report.files.filter(pk__in=remove_file_ids))
    for upload, checked in checked_files:
        _store(report, upload, checked, acting_user)
    return report


def submission_problems(report: ProgressReport, milestones: list[AgreementMilestone]) -> dict[str, list[str]]:
    """What keeps a saved report from being submitted, by the form's field."""
    problems: dict[str, list[str]] = {}
    for field, message in (
        ("work_done", _("Describe what was done in the period.")),
        ("results", _("Describe the results.")),
        ("problems_plans", _("Describe the problems met and the plans.")),
    ):
        if not getattr(report, field).strip():
            problems.setdefault(field, []).append(message)
    answers = {a.milestone_id: a for a in report.answers.prefetch_related("files")}
    for milestone in milestones:
        answer = answers.get(milestone.pk)
        if answer is None or answer.done is None:
            problems.setdefault(f"ms{milestone.pk}_done", []).append(
                _("Milestone “%(title)s”: say whether it was done.") % {"title": milestone.title}
            )
        elif answer.done and answer.evidence() is None:
            problems.setdefault(f"ms{milestone.pk}_evidence", []).append(
                _("Milestone “%(title)s”: attach the evidence of what was done.") % {"title": milestone.title}
            )
    return problems


@transaction.atomic
def report_submit(*, report: ProgressReport, acting_user) -> ProgressReport:
    """The company submits a saved draft (or a returned report) for review."""
    application = Application.objects.select_for_update().select_related("company").get(pk=report.application_id)
    _require_member(acting_user, application)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if not report.editable:
        raise ValidationError(_("This report is not open for submission."), code="not_open")
    problem = filing_problem(application, report.kind, _interim_of(application))
    if problem:
        raise ValidationError(problem, code="closed")
    problems = submission_problems(report, agreed_milestones(application))
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    report.state, report.submitted_at = ReportState.SUBMITTED, now
    report.save(update_fields=["state", "submitted_at"])
    ReportEvent.objects.create(report=report, action=ReportAction.SUBMITTED, by=acting_user, at=now)
    notify_report(event="progress_report_submitted", report=report)
    return report


def _submitted_locked(report: ProgressReport) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("This report is not waiting for review."), code="not_submitted")
    return report


@transaction.atomic
def report_return(*, report: ProgressReport, acting_user, comment: str) -> ProgressReport:
    """Staff return a submitted report to the company with what to revise (the comment is required)."""
    _require_staff(acting_user)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what the company should revise.")})
    report = _submitted_locked(report)
    now = timezone.now()
    report.state = ReportState.RETURNED
    report.save(update_fields=["state"])
    ReportEvent.objects.create(report=report, action=ReportAction.RETURNED, comment=comment, by=acting_user, at=now)
    notify_report(event="progress_report_returned", report=report, params={"comment": comment})
    return report


@transaction.atomic
def report_accept(*, report: ProgressReport, acting_user, comment: str = "") -> ProgressReport:
    """Staff accept a submitted report (a comment is optional)."""
    _require_staff(acting_user)
    report = _submitted_locked(report)
    now = timezone.now()
    report.state, report.accepted_at = ReportState.ACCEPTED, now
    report.save(update_fields=["state", "accepted_at"])
    comment = (comment or "").strip()
    ReportEvent.objects.create(report=report, action=ReportAction.ACCEPTED, comment=comment, by=acting_user, at=now)
    notify_report(event="progress_report_accepted", report=report, params={"comment": comment} if comment else {})
    return report


def completion_blockers(application: Application) -> list[str]:
    """Why the project cannot be completed yet (empty when it can). The one place to add a condition."""
    blockers: list[str] = []
    if application.status != S.IN_PROGRESS:
        blockers.append(_("Only a project in progress can be completed."))
    final = ProgressReport.objects.filter(application=application, kind=ReportKind.FINAL).first()
    if final is None or final.state != ReportState.ACCEPTED:
        blockers.append(_("The final report is not accepted yet."))
    if not settlement_reviewed(application):
        blockers.append(_("The settlement is not reviewed yet."))
    return blockers


@transaction.atomic
def project_complete(*, application: Application, acting_user, completed_on: date | None = None) -> Application:
    """Staff close the project: in progress → completed, the completion date, and the outcome reports it owes."""
    _require_staff(acting_user)
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    today = timezone.localdate()
    completed_on = completed_on or today
    if completed_on > today:
        raise ValidationError({"completed_on": _("The completion date cannot be in the future.")})
    blockers = completion_blockers(application)
    if blockers:
        raise ValidationError(blockers, code="blocked")
    move(application=application, acting_user=acting_user, to=S.COMPLETED)
    application.completed_on = completed_on
    application.save(update_fields=["completed_on"])
    reports_schedule(application=application)
    notify_completed(application_id=application.pk, completed_on=completed_on.isoformat())
    return application
