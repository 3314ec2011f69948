"""The agreement pages: staff draft, edit, send and change the agreement of a selected application; the
company reads the version sent to it, confirms it and sees every version."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from applications.forms.errors import add_service_errors, error_summary
from applications.review.permissions import staff_required
from applications.views.common import member_required

from . import selectors, services
from .forms import AgreementChangeForm, AgreementConfirmForm, AgreementVersionForm


def _draft_of(versions: list) -> object | None:
    """The version staff are still editing: the latest, while it has not been sent."""
    latest = versions[-1] if versions else None
    return latest if latest is not None and latest.issued_at is None else None


def _staff_context(application, agreement, *, form=None, change_form=None, action_error: str = "") -> dict:
    versions = list(agreement.versions.all()) if agreement else []
    latest = versions[-1] if versions else None
    draft = _draft_of(versions)
    if draft is not None and form is None:
        form = AgreementVersionForm(version=draft, support_items=selectors.call_support_items(application))
    return {
        "application": application,
        "staff_call": application.call,
        "agreement": agreement,
        "versions": list(reversed(versions)),
        "latest": latest,
        "draft": draft,
        "form": form,
        "errors": error_summary(form) if form is not None and form.is_bound else [],
        "change_form": change_form or AgreementChangeForm(),
        "can_draft": agreement is None and application.status == "selected",
        "can_change": latest is not None and latest.confirmed_at is not None,
        "action_error": action_error,
    }


@staff_required
def staff_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.staff_agreement_application(user=request.user, pk=pk)
    agreement = selectors.agreement_of(application)
    if request.method != "POST":
        return render(request, "agreements/staff_agreement.html", _staff_context(application, agreement))
    action = request.POST.get("action", "")
    try:
        if action == "draft":
            services.agreement_draft(application=application, acting_user=request.user)
            messages.success(request, _("The agreement was drafted from the application's budget."))
            return redirect("review:agreement", pk=pk)
        if action == "change":
            change_form = AgreementChangeForm(request.POST)
            if not change_form.is_valid() or agreement is None:
                context = _staff_context(application, agreement, change_form=change_form)
                return render(request, "agreements/staff_agreement.html", context, status=400)
            services.agreement_change(
                agreement=agreement, acting_user=request.user, reason=change_form.cleaned_data["change_reason"]
            )
            messages.success(request, _("A new version was started. Edit it and send it to the company."))
            return redirect("review:agreement", pk=pk)
    except ValidationError as error:
        context = _staff_context(application, agreement, action_error=" ".join(error.messages))
        return render(request, "agreements/staff_agreement.html", context, status=400)
    if action not in ("save", "issue") or agreement is None:
        raise Http404
    draft = _draft_of(list(agreement.versions.all()))
    if draft is None:
        raise Http404
    form = AgreementVersionForm(request.POST, version=draft, support_items=selectors.call_support_items(application))
    if not form.is_valid():
        context = _staff_context(application, agreement, form=form)
        return render(request, "agreements/staff_agreement.html", context, status=400)
    services.agreement_version_save(version=draft, acting_user=request.user, **form.service_kwargs())
    if action == "save":
        messages.success(request, _("The draft was saved."))
        return redirect("review:agreement", pk=pk)
    try:
        services.agreement_version_issue(version=draft, acting_user=request.user)
    except ValidationError as error:
        # The draft stays saved as typed; the problems are shown beside the fields.
        add_service_errors(form, error)
        context = _staff_context(application, selectors.agreement_of(application), form=form)
        return render(request, "agreements/staff_agreement.html", context, status=400)
    messages.success(request, _("Version %(number)d was sent to the company.") % {"number": draft.number})
    return redirect("review:agreement", pk=pk)


def _company_context(application, agreement, form=None) -> dict:
    versions = [v for v in agreement.versions.all() if v.issued_at is not None] if agreement else []
    current = versions[-1] if versions else None
    open_version = current if current is not None and current.confirmed_at is None else None
    if open_version is not None and form is None:
        form = AgreementConfirmForm(company_name=application.company.name)
    return {
        "application": application,
        "current": current,
        "open_version": open_version,
        "versions": list(reversed(versions)),
        "form": form,
        "errors": error_summary(form) if form is not None and form.is_bound else [],
    }


@member_required
def company_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.company_agreement_application(user=request.user, pk=pk)
    agreement = selectors.agreement_of(application)
    if request.method != "POST":
        return render(request, "agreements/company_agreement.html", _company_context(application, agreement))
    context = _company_context(application, agreement)
    version = context["open_version"]
    if version is None:
        raise Http404
    form = AgreementConfirmForm(request.POST, request.FILES, company_name=application.company.name)
    if form.is_valid():
        try:
            services.agreement_confirm(
                version=version, acting_user=request.user, signed_pdf=form.cleaned_data.get("signed_pdf")
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                form.add_error("signed_pdf" if error.code in _UPLOAD_CODES else None, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("Thank you: the agreement is confirmed and the project has started."))
            return redirect("applications:agreement", pk=pk)
    context = _company_context(application, agreement, form=form)
    return render(request, "agreements/company_agreement.html", context, status=400)


_UPLOAD_CODES = {"empty", "too_large", "extension", "content", "mismatch"}


def _signed_pdf(application, version_pk: int) -> FileResponse:
    """The signed PDF the company uploaded with its confirmation of one version, opened in the browser."""
    agreement = selectors.agreement_of(application)
    version = next((v for v in agreement.versions.all() if v.pk == version_pk), None) if agreement else None
    if version is None or not version.signed_pdf:
        raise Http404
    try:
        handle = version.signed_pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=False, filename=version.signed_pdf_name or "agreement.pdf", content_type="application/pdf"
    )


@member_required
def company_signed_pdf(request: HttpRequest, pk: int, version_pk: int) -> FileResponse:
    return _signed_pdf(selectors.company_agreement_application(user=request.user, pk=pk), version_pk)


@staff_required
def staff_signed_pdf(request: HttpRequest, pk: int, version_pk: int) -> FileResponse:
    return _signed_pdf(selectors.staff_agreement_application(user=request.user, pk=pk), version_pk)
