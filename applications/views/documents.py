"""The document vault: the list with expiry flags, uploading, replacing and downloading a document."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..forms import VaultReplaceForm, VaultUploadForm
from ..forms.errors import add_service_errors
from ..selectors import applications_in_progress_using, vault_documents
from ..services import vault_document_replace, vault_document_upload
from .common import member_required


@member_required
def vault_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    documents = [
        {"document": document, "expired": document.is_expired(today), "expiring": document.is_expiring(today)}
        for document in vault_documents(user=request.user)
    ]
    context = {"company": request.membership.company, "documents": documents, "today": today}
    return render(request, "applications/vault_list.html", context)


@member_required
def vault_upload(request: HttpRequest) -> HttpResponse:
    form = VaultUploadForm(request.POST, request.FILES) if request.method == "POST" else VaultUploadForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = vault_document_upload(
                company=request.membership.company,
                acting_user=request.user,
                doc_type=data["doc_type"],
                title=data["title"],
                uploaded_file=data["file"],
                issued_on=data["issued_on"],
                expires_on=data["expires_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” was added to the vault.") % {"title": document.title})
            return redirect("applications:vault")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "applications/vault_upload.html", {"form": form}, status=status)


@member_required
def vault_replace(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(vault_documents(user=request.user), pk=pk)
    form = VaultReplaceForm(request.POST, request.FILES) if request.method == "POST" else VaultReplaceForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = vault_document_replace(
                document=document,
                acting_user=request.user,
                uploaded_file=data["file"],
                title=data["title"],
                issued_on=data["issued_on"],
                expires_on=data["expires_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” was replaced by the new version.") % {"title": new.title})
            relinked = applications_in_progress_using(new).count()
            if relinked:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d application in progress that used the old version now uses the new one.",
                        "%(count)d applications in progress that used the old version now use the new one.",
                        relinked,
                    )
                    % {"count": relinked},
                )
            return redirect("applications:vault")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "applications/vault_replace.html", {"form": form, "document": document}, status=status)


@member_required
def vault_download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a document of the user's company (any version); other companies' documents are a 404."""
    document = get_object_or_404(vault_documents(user=request.user, current_only=False), pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The file of this document is missing.")) from error
    response = FileResponse(
        handle,
        as_attachment=not document.is_inline,
        filename=document.original_filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
