"""After the editor: an application's status page with its timeline, the receipt (page and PDF), withdrawal,
and the application's own files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..forms import ApplicationFileForm
from ..forms.errors import add_service_errors
from ..receipt_pdf import receipt_pdf
from ..services.application_files import application_file_add, application_file_remove
from ..services.transitions import application_withdraw
from ..workflow import Actor, ApplicationStatus, allowed_targets
from .apply import editor_with_file_errors, load_application
from .common import member_required


def can_withdraw(application) -> bool:
    return ApplicationStatus.WITHDRAWN in allowed_targets(application.status, Actor.COMPANY)


@member_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = load_application(request, pk)
    history = list(application.status_changes.all())
    open_revision = next(
        (change for change in reversed(history) if change.to_status == ApplicationStatus.REVISION_REQUESTED), None
    )
    context = {
        "application": application,
        "call": application.call,
        "history": history,
        "revision": open_revision if application.status == ApplicationStatus.REVISION_REQUESTED else None,
        "can_withdraw": can_withdraw(application),
        "totals": application.budget_totals(),
    }
    return render(request, "applications/application_detail.html", context)


def _submitted(request: HttpRequest, pk: int):
    application = load_application(request, pk)
    if not application.receipt_number:
        raise Http404(_("This application has not been submitted yet."))
    return application


@member_required
def application_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    application = _submitted(request, pk)
    context = {"application": application, "call": application.call, "snapshot": application.snapshot}
    return render(request, "applications/application_receipt.html", context)


@member_required
def application_receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    application = _submitted(request, pk)
    response = HttpResponse(receipt_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{application.receipt_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@member_required
def application_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = load_application(request, pk)
    if not can_withdraw(application):
        messages.error(request, _("This application can no longer be withdrawn: screening has started."))
        return redirect("applications:application_detail", application.pk)
    problem = None
    if request.method == "POST":
        reason = (request.POST.get("reason") or "")[:4000]
        try:
            application_withdraw(application=application, acting_user=request.user, reason=reason)
        except (ValidationError, PermissionDenied) as error:
            problem = " ".join(getattr(error, "messages", [str(error)]))
        else:
            messages.success(request, _("The application was withdrawn."))
            return redirect("applications:application_detail", application.pk)
    context = {"application": application, "call": application.call, "problem": problem}
    return render(request, "applications/application_withdraw.html", context, status=400 if problem else 200)


@member_required
def application_file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a file of this application. The form posts to this URL with the fragment of its section, so a
    failed upload answers with the editor scrolled to the form, its errors beside the fields."""
    application = load_application(request, pk)
    if request.method != "POST":
        return redirect(f"{application_edit_url(application)}#section-files")
    form = ApplicationFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            row = application_file_add(
                application=application,
                acting_user=request.user,
                title=form.cleaned_data["title"],
                uploaded_file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” was attached.") % {"title": row.title})
            return redirect(f"{application_edit_url(application)}#section-files")
    if not application.is_editable:
        messages.error(request, _("This application was submitted and can no longer be changed."))
        return redirect("applications:application_detail", application.pk)
    return editor_with_file_errors(request, application, form)


def application_edit_url(application) -> str:
    from django.urls import reverse

    return reverse("applications:application_edit", args=[application.pk])


@member_required
def application_file_download(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    application = load_application(request, pk)
    row = get_object_or_404(application.files.all(), pk=file_pk)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The file is missing.")) from error
    response = FileResponse(
        handle, as_attachment=not row.is_inline, filename=row.original_filename, content_type=row.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@member_required
def application_file_remove_view(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    application = load_application(request, pk)
    row = get_object_or_404(application.files.all(), pk=file_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        application_file_remove(file=row, acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("“%(title)s” was removed.") % {"title": row.title})
    return redirect(f"{application_edit_url(application)}#section-files")
