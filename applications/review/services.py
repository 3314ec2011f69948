"""Writes of the staff review: screening (checklist and the three actions), internal comments and messages to the
company. Every status move goes through ``applications.services.transitions``; each service here is keyword-only,
atomic and checks that the acting user is staff of the application's call."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatusChange
from applications.services.transitions import (
    application_evaluation_start,
    application_reject,
    application_revision_request,
    application_screening_start,
)
from applications.workflow import ApplicationStatus
from portal.notifications.services import notify
from programs.enums import DocumentType

from .models import CheckKind, CheckResult, CompanyMessage, InternalComment, ScreeningCheck
from .permissions import staff_calls

S = ApplicationStatus
SCREENING_STATUSES = frozenset({S.SCREENING, S.REVISION_SUBMITTED})


def check_staff_of(*, user, application: Application) -> None:
    if not staff_calls(user).filter(pk=application.call_id).exists():
        raise PermissionDenied(_("You may not review applications of this call."))


def _locked(application: Application) -> Application:
    """The application row locked for the rest of the transaction (two staff acting at once take turns)."""
    return Application.objects.select_for_update().select_related("call").get(pk=application.pk)


def checklist_items(application: Application) -> list[tuple[str, str, str]]:
    """(kind, key, label) of each line: the call's required documents, then the rules of the submitted result."""
    lines: list[tuple[str, str, str]] = []
    for code in application.call.required_documents or []:
        label = str(DocumentType(code).label) if code in DocumentType.values else code
        lines.append((CheckKind.DOCUMENT, code, label))
    rules = ((application.snapshot or {}).get("eligibility") or {}).get("rules") or []
    for index, rule in enumerate(rules, start=1):
        label = rule.get("message") or rule.get("requirement") or rule.get("rule_type") or ""
        lines.append((CheckKind.RULE, f"rule:{index}:{rule.get('rule_type', '')}"[:60], label[:300]))
    return lines


def screening_checklist_ensure(*, application: Application) -> list[ScreeningCheck]:
    """Create the checklist lines that do not exist yet (idempotent); return the whole checklist."""
    existing = {(row.kind, row.key) for row in ScreeningCheck.objects.filter(application=application)}
    ScreeningCheck.objects.bulk_create(
        [
            ScreeningCheck(application=application, kind=kind, key=key, label=label, order=order)
            for order, (kind, key, label) in enumerate(checklist_items(application))
            if (kind, key) not in existing
        ],
        ignore_conflicts=True,
    )
    return list(ScreeningCheck.objects.filter(application=application).order_by("order", "id"))


@transaction.atomic
def screening_start(*, application: Application, acting_user) -> ApplicationStatusChange:
    """Start screening a submitted application and lay out its checklist."""
    check_staff_of(user=acting_user, application=application)
    application = _locked(application)
    change = application_screening_start(application=application, acting_user=acting_user)
    screening_checklist_ensure(application=application)
    return change


@transaction.atomic
def screening_checks_update(
    *, application: Application, acting_user, results: dict[int, tuple[str, str]]
) -> list[ScreeningCheck]:
    """Record ``{check id: (result, note)}``; only lines that changed get the user and time."""
    check_staff_of(user=acting_user, application=application)
    application = _locked(application)
    if application.status not in SCREENING_STATUSES:
        raise ValidationError(_("The checklist can be changed only while the application is in screening."))
    checks = {row.pk: row for row in ScreeningCheck.objects.select_for_update().filter(application=application)}
    errors = {}
    for pk, (result, note) in results.items():
        if pk not in checks:
            errors[f"check-{pk}"] = _("This line is not part of the application's checklist.")
        elif result not in CheckResult.values or result == CheckResult.OPEN:
            errors[f"check-{pk}"] = _("Choose confirmed, missing or not applicable.")
        elif len(note or "") > 500:
            errors[f"check-{pk}"] = _("A note may have at most 500 characters.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    changed = []
    for pk, (result, note) in results.items():
        row = checks[pk]
        note = (note or "").strip()
        if row.result != result or row.note != note:
            row.result, row.note, row.checked_by, row.checked_at = result, note, acting_user, now
            changed.append(row)
    ScreeningCheck.objects.bulk_update(changed, ["result", "note", "checked_by", "checked_at"])
    return sorted(checks.values(), key=lambda row: (row.order, row.pk))


def missing_lines(application: Application) -> list[str]:
    """The checklist's "missing" lines as the company will read them (prefill of a revision request)."""
    rows = ScreeningCheck.objects.filter(application=application, result=CheckResult.MISSING).order_by("order", "id")
    return [f"{row.label}: {row.note}" if row.note else row.label for row in rows]


@transaction.atomic
def screening_request_revision(
    *, application: Application, acting_user, missing: list[str], deadline: datetime, reason: str = ""
) -> ApplicationStatusChange:
    check_staff_of(user=acting_user, application=application)
    application = _locked(application)
    return application_revision_request(
        application=application, acting_user=acting_user, missing=missing, deadline=deadline, reason=reason
    )


@transaction.atomic
def screening_pass(*, application: Application, acting_user) -> ApplicationStatusChange:
    """Pass to evaluation; refused while a line of the checklist is missing or not checked."""
    check_staff_of(user=acting_user, application=application)
    application = _locked(application)
    checks = screening_checklist_ensure(application=application)
    missing = [row.label for row in checks if row.result == CheckResult.MISSING]
    if missing:
        raise ValidationError(
            _("Still missing: %(items)s. Request a revision or mark them when they are in order.")
            % {"items": "; ".join(missing)},
            code="missing",
        )
    unchecked = [row.label for row in checks if row.result == CheckResult.OPEN]
    if unchecked:
        raise ValidationError(
            _("Not checked yet: %(items)s. Check every line first.") % {"items": "; ".join(unchecked)},
            code="unchecked",
        )
    return application_evaluation_start(application=application, acting_user=acting_user)


@transaction.atomic
def screening_reject(*, application: Application, acting_user, reason: str) -> ApplicationStatusChange:
    check_staff_of(user=acting_user, application=application)
    application = _locked(application)
    if application.status not in SCREENING_STATUSES | {S.REVISION_REQUESTED}:
        raise ValidationError(_("Only an application in screening can be rejected at screening."), code="status")
    return application_reject(application=application, acting_user=acting_user, reason=reason)


def _text(value: str, *, field: str, max_length: int, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("Write the %(what)s.") % {"what": what}})
    if len(value) > max_length:
        raise ValidationError({field: _("At most %(max)d characters.") % {"max": max_length}})
    return value


@transaction.atomic
def internal_comment_add(*, application: Application, acting_user, body: str) -> InternalComment:
    check_staff_of(user=acting_user, application=application)
    body = _text(body, field="body", max_length=4000, what=_("comment"))
    return InternalComment.objects.create(application=application, author=acting_user, body=body)


@transaction.atomic
def company_message_send(*, application: Application, acting_user, subject: str, body: str) -> CompanyMessage:
    check_staff_of(user=acting_user, application=application)
    errors = {}
    try:
        subject = _text(subject, field="subject", max_length=200, what=_("subject"))
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        body = _text(body, field="body", max_length=4000, what=_("message"))
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    message = CompanyMessage.objects.create(application=application, author=acting_user, subject=subject, body=body)
    notify(
        event="company_message",
        context_ids={"application": application.pk, "company_message": message.pk},
        link=reverse("applications:application_detail", kwargs={"pk": application.pk}) + "#technopark-messages",
    )
    return message
