"""The staff page of one application: snapshot, documents, eligibility, history, comments, messages, screening."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.forms.errors import add_service_errors
from applications.models import ApplicationFile, VaultDocument
from applications.workflow import ApplicationStatus
from programs.enums import DocumentType, Outcome, Verdict

from .. import selectors, services
from ..forms import (
    ChecklistForm,
    CommentForm,
    CompanyMessageForm,
    RejectForm,
    RevisionRequestForm,
    default_deadline,
)
from ..models import CheckResult
from ..permissions import staff_required
from ..versions import application_versions, version_document_ids

S = ApplicationStatus


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def snapshot_view(snapshot: dict) -> dict:
    """The frozen snapshot prepared for the template (labels of codes, totals of the budget)."""
    content = snapshot.get("content") or {}
    items = content.get("items") or []
    for row in items:
        row["total_krw"] = sum(
            int(row.get(key) or 0) for key in ("city_support_krw", "company_cash_krw", "company_inkind_krw")
        )
    totals = {
        key: sum(int(row.get(key) or 0) for row in items)
        for key in ("city_support_krw", "company_cash_krw", "company_inkind_krw", "total_krw")
    }
    eligibility = snapshot.get("eligibility") or {}
    rules = [
        {
            **rule,
            "outcome_label": _label(Outcome, rule.get("outcome", "")),
            "evidence_label": _label(DocumentType, rule.get("evidence_document", ""))
            if rule.get("evidence_document")
            else "",
        }
        for rule in eligibility.get("rules") or []
    ]
    attachments = [
        {**row, "doc_label": _label(DocumentType, row.get("doc_type", ""))} for row in content.get("attachments") or []
    ]
    return {
        "company": snapshot.get("company") or {},
        "content": content,
        "items": items,
        "totals": totals,
        "verdict": eligibility.get("verdict", ""),
        "verdict_label": _label(Verdict, eligibility.get("verdict", "")),
        "rules": rules,
        "attachments": attachments,
        "submitted_at": snapshot.get("submitted_at", ""),
    }


def render_detail(request: HttpRequest, application, *, status: int = 200, **forms) -> HttpResponse:
    checks = list(application.screening_checks.all())
    in_screening = application.status in services.SCREENING_STATUSES
    revision_initial = {"missing": "\n".join(services.missing_lines(application)), "deadline": default_deadline()}
    versions = application_versions(application)
    context = {
        "application": application,
        "staff_call": application.call,
        "snap": snapshot_view(application.snapshot or {}),
        "versions": versions,
        "current_version": versions[-1] if versions else None,
        "history": list(application.status_changes.all()),
        "comments": list(application.internal_comments.all()),
        "company_messages": list(application.company_messages.all()),
        "checks": checks,
        "has_missing": any(check.result == CheckResult.MISSING for check in checks),
        "has_open": any(check.result == CheckResult.OPEN for check in checks),
        "in_screening": in_screening,
        "can_start": application.status == S.SUBMITTED,
        "can_request_revision": in_screening,
        "can_reject": in_screening or application.status == S.REVISION_REQUESTED,
        "attachments": {row.doc_type: row for row in application.attachments.all()},
        "today": timezone.localdate(),
        "checklist_form": forms.get("checklist_form") or ChecklistForm(checks=checks),
        "revision_form": forms.get("revision_form") or RevisionRequestForm(initial=revision_initial),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "message_form": forms.get("message_form") or CompanyMessageForm(),
        "action_error": forms.get("action_error"),
    }
    return render(request, "review/application_detail.html", context, status=status)


@staff_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.staff_application(user=request.user, pk=pk)
    return render_detail(request, application)


def file_response(field_file, *, filename: str, content_type: str, inline: bool) -> FileResponse:
    """The stored file, opened in the browser when it is a PDF or an image (same headers as the vault's)."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The file of this document is missing.")) from error
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def document_open(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """A vault document of the application, as the submission or a revision contained it (that version)."""
    application = get_object_or_404(
        selectors.submitted_applications().filter(call__in=selectors.staff_calls(request.user)), pk=pk
    )
    # Any version the company sent (the submission or a revision) may be opened; nothing else of its vault.
    if document_id not in version_document_ids(application_versions(application)):
        raise Http404
    document = get_object_or_404(VaultDocument, company_id=application.company_id, pk=document_id)
    return file_response(
        document.file,
        filename=document.original_filename,
        content_type=document.content_type,
        inline=document.is_inline,
    )


@staff_required
def file_open(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    application = get_object_or_404(
        selectors.submitted_applications().filter(call__in=selectors.staff_calls(request.user)), pk=pk
    )
    row = get_object_or_404(ApplicationFile, application=application, pk=file_id)
    return file_response(row.file, filename=row.original_filename, content_type=row.content_type, inline=row.is_inline)


@staff_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.staff_application(user=request.user, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.internal_comment_add(
                application=application, acting_user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The internal comment was saved."))
            return redirect(f"{application_url(application)}#comments")
    return render_detail(request, application, status=400, comment_form=form)


@staff_required
@require_POST
def message_send(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.staff_application(user=request.user, pk=pk)
    form = CompanyMessageForm(request.POST)
    if form.is_valid():
        try:
            services.company_message_send(
                application=application,
                acting_user=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The message was sent to the company."))
            return redirect(f"{application_url(application)}#messages")
    return render_detail(request, application, status=400, message_form=form)


def application_url(application) -> str:
    from django.urls import reverse

    return reverse("review:application", args=[application.pk])
