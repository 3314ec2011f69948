"""The story of the demo's review: where each demo application of the open calls (``programs.demo.open_window``)
stands, so that a person can click through the whole review on ``make run``.

Per call: one application still submitted (to start screening), one in screening with its checklist started, one
with a revision requested (deadline in the future, the missing item named); on program A also one whose revision
was sent back; and two in evaluation, where both demo experts are assigned (``applications.evaluation.demo``).

Everything moves through the services of the review and of the workflow, as staff and the company would. Each
application is moved along its path only from the status the path expects, one step at a time, so running the
seed again changes nothing, and an application someone moved elsewhere by hand is left as it is.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation

from applications.demo import minimal_pdf
from applications.models import Application, VaultDocument
from applications.services import DraftData, ItemBudget, application_draft_save
from applications.services.documents import vault_document_replace
from applications.services.transitions import application_revision_submit
from applications.workflow import ApplicationStatus
from portal.accounts.models import User
from programs.demo import open_year
from programs.enums import DocumentType

from ..models import CheckKind, CheckResult
from ..services import (
    missing_lines,
    screening_checklist_ensure,
    screening_checks_update,
    screening_pass,
    screening_request_revision,
    screening_start,
)

S = ApplicationStatus
REVISION_DAYS = 14
# The line of the checklist that a revision asks for again, and what the reviewer and the company write.
REVISION_DOCUMENT = DocumentType.INSURANCE_REGISTER
REVISION_REASON = "서류검토 결과 보완이 필요한 서류가 있습니다."


def _last_month(today: date) -> date:
    return today.replace(day=1) - timedelta(days=1)


def revision_note(today: date) -> str:
    """What the reviewer writes on the missing line: the register must cover last month."""
    month = _last_month(today)
    return f"최근 3개월분이 아닙니다. {month.year}년 {month.month}월분까지 포함된 명부를 다시 제출해 주세요."


def revision_answer(today: date) -> str:
    month = _last_month(today)
    return f"{month.year}년 {month.month}월분까지 포함된 4대사회보험 사업장가입자명부로 교체했습니다."


class Stage(StrEnum):
    SUBMITTED = S.SUBMITTED
    SCREENING = S.SCREENING
    REVISION_REQUESTED = S.REVISION_REQUESTED
    REVISION_SUBMITTED = S.REVISION_SUBMITTED
    EVALUATION = S.EVALUATION


class Expert(StrEnum):
    """How far a demo expert has come on an assignment."""

    UNDECLARED = "undeclared"  # assigned, conflict of interest not declared yet
    DRAFT = "draft"  # declared no conflict, a draft score sheet saved
    SUBMITTED = "submitted"  # declared no conflict, score sheet submitted


@dataclass(frozen=True)
class Story:
    stage: Stage
    # In evaluation only: expert@demo.yc.kr, expert2@demo.yc.kr, and the level of their scores (share of the max).
    expert: Expert | None = None
    expert2: Expert | None = None
    level: float = 0.0


EXPERT_EMAILS = ("expert@demo.yc.kr", "expert2@demo.yc.kr")

# By business number (the demo companies of ``applications.demo.companies``).
STORIES = {
    # the open call of program A (hvc)
    "505-86-33107": Story(Stage.EVALUATION, Expert.DRAFT, Expert.SUBMITTED, 0.84),  # 금호오토텍
    "505-86-41188": Story(Stage.EVALUATION, Expert.UNDECLARED, Expert.SUBMITTED, 0.73),  # 녹전하이텍
    "505-81-52093": Story(Stage.REVISION_SUBMITTED),  # 괴연소재
    "505-88-63319": Story(Stage.REVISION_REQUESTED),  # 대기정공
    "505-87-70429": Story(Stage.SCREENING),  # 구암모빌리티
    "505-81-81579": Story(Stage.SUBMITTED),  # 본촌식품
    # the open call of program B (itd)
    "505-88-09275": Story(Stage.EVALUATION, Expert.SUBMITTED, Expert.SUBMITTED, 0.79),  # 고경금속
    "505-88-92639": Story(Stage.EVALUATION, Expert.SUBMITTED, Expert.SUBMITTED, 0.63),  # 도남에코텍
    "505-86-13741": Story(Stage.REVISION_REQUESTED),  # 북안바이오
    "505-87-24852": Story(Stage.SCREENING),  # 신녕스마트팜
    "505-88-35962": Story(Stage.SUBMITTED),  # 임고세라믹
}


def story_applications(stage: Stage | None = None) -> list[tuple[Application, Story]]:
    """The submitted demo applications of the open calls' story (optionally those whose story ends at ``stage``),
    by call and receipt number."""
    rows = (
        Application.objects.filter(
            call__year=open_year(), company__business_number__in=STORIES, receipt_number__isnull=False
        )
        .exclude(receipt_number="")
        .select_related("call", "company")
        .order_by("call__code", "receipt_number")
    )
    pairs = [(row, STORIES[row.company.business_number]) for row in rows]
    return [pair for pair in pairs if stage is None or pair[1].stage == stage]


def _owner(application: Application) -> User:
    member = application.company.members.select_related("user").order_by("joined_at", "id").first()
    return member.user


def _revision_deadline() -> datetime:
    """Two weeks from today, 18:00 local time (a revision's deadline must be in the future)."""
    day = timezone.localdate() + timedelta(days=REVISION_DAYS)
    return timezone.make_aware(datetime.combine(day, time(18)))


def _check(application: Application, staff: User, *, started_only: bool = False, missing: str = "") -> None:
    """Mark the checklist: every line confirmed (``missing``: that document's line missing, with a note), or, with
    ``started_only``, only the first two document lines, as a reviewer who has just begun."""
    checks = screening_checklist_ensure(application=application)
    if started_only:
        if any(row.result != CheckResult.OPEN for row in checks):
            return  # already begun
        checks = [row for row in checks if row.kind == CheckKind.DOCUMENT][:2]
    note = revision_note(timezone.localdate())
    results = {
        row.pk: (CheckResult.MISSING, note) if row.key == missing else (CheckResult.CONFIRMED, "") for row in checks
    }
    screening_checks_update(application=application, acting_user=staff, results=results)


def _send_revision(application: Application) -> None:
    """The company replaces the document asked for, attaches the new version and sends the revision."""
    owner = _owner(application)
    current = VaultDocument.objects.get(company=application.company, doc_type=REVISION_DOCUMENT, is_current=True)
    issued = timezone.localdate() - timedelta(days=1)
    new = vault_document_replace(
        document=current,
        acting_user=owner,
        uploaded_file=SimpleUploadedFile(
            "가입자명부-보완.pdf", minimal_pdf(f"{application.company.business_number} revised"), "application/pdf"
        ),
        issued_on=issued,
        expires_on=issued + timedelta(days=90),
    )
    items = [
        ItemBudget(row.support_item, row.city_support_krw, row.company_cash_krw, row.company_inkind_krw)
        for row in application.items.select_related("support_item")
    ]
    application_draft_save(
        application=application,
        acting_user=owner,
        data=DraftData(content={}, items=items, attachments={REVISION_DOCUMENT: new}),
        expected_version=Application.objects.values_list("version", flat=True).get(pk=application.pk),
    )
    application_revision_submit(
        application=application, acting_user=owner, reason=revision_answer(timezone.localdate())
    )


def _step(application: Application, story: Story, staff: User) -> bool:
    """Take the next step of ``application`` towards its stage; False when there is none."""
    status, target = application.status, story.stage
    if status == S.SUBMITTED and target != Stage.SUBMITTED:
        screening_start(application=application, acting_user=staff)
    elif status == S.SCREENING and target in (Stage.REVISION_REQUESTED, Stage.REVISION_SUBMITTED):
        _check(application, staff, missing=REVISION_DOCUMENT)
        screening_request_revision(
            application=application,
            acting_user=staff,
            missing=missing_lines(application),
            deadline=_revision_deadline(),
            reason=REVISION_REASON,
        )
    elif status == S.SCREENING and target == Stage.EVALUATION:
        _check(application, staff)
        screening_pass(application=application, acting_user=staff)
    elif status == S.REVISION_REQUESTED and target == Stage.REVISION_SUBMITTED:
        _send_revision(application)
    else:
        return False
    return True


def seed_review_story(*, staff: User, log) -> None:
    """Move each demo application of the open calls to where its story stands (screening part of the review)."""
    # Checklist labels and missing lines are stored as text the company reads: in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        for application, story in story_applications():
            _move(application, story, staff=staff, log=log)


def _move(application: Application, story: Story, *, staff: User, log) -> None:
    before = application.status
    try:
        with transaction.atomic():
            while _step(application, story, staff):
                application.refresh_from_db()
            if application.status == story.stage == Stage.SCREENING:
                _check(application, staff, started_only=True)
    except (ValidationError, PermissionDenied) as error:
        log(f"left {application.receipt_number} as it was: {' '.join(getattr(error, 'messages', [str(error)]))}")
        return
    if application.status != before:
        log(f"moved {application.receipt_number} from {before} to {application.status}")
    if application.status != story.stage:
        log(f"left {application.receipt_number} {application.status} (its story ends at {story.stage})")
