"""Screening (서류검토) of one application: start, the checklist, and the three actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.forms.errors import add_service_errors

from .. import selectors, services
from ..forms import ChecklistForm, RejectForm, RevisionRequestForm
from ..permissions import staff_required
from .detail import application_url, render_detail


def _refused(request: HttpRequest, application, error: Exception, **forms) -> HttpResponse:
    message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    return render_detail(request, application, status=400, action_error=message, **forms)


@staff_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.staff_application(user=request.user, pk=pk)
    try:
        services.screening_start(application=application, acting_user=request.user)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, application, error)
    messages.success(request, _("Screening started."))
    return redirect(f"{application_url(application)}#screening")


@staff_required
@require_POST
def checklist(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.staff_application(user=request.user, pk=pk)
    form = ChecklistForm(request.POST, checks=application.screening_checks.all())
    if form.is_valid():
        try:
            services.screening_checks_update(application=application, acting_user=request.user, results=form.results())
        except ValidationError as error:
            for key, texts in (error.message_dict if hasattr(error, "error_dict") else {None: error.messages}).items():
                field = f"{key}-result" if key and f"{key}-result" in form.fields else None
                for text in texts:
                    form.add_error(field, text)
        else:
            messages.success(request, _("The checklist was saved."))
            return redirect(f"{application_url(application)}#screening")
    return render_detail(request, application, status=400, checklist_form=form)


@staff_required
@require_POST
def request_revision(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.staff_application(user=request.user, pk=pk)
    form = RevisionRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.screening_request_revision(
                application=application,
                acting_user=request.user,
                missing=data["missing"],
                deadline=data["deadline"],
                reason=data["reason"],
            )
        except PermissionDenied as error:
            return _refused(request, application, error, revision_form=form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The revision was requested; the company sees it on its dashboard."))
            return redirect(application_url(application))
    return render_detail(request, application, status=400, revision_form=form)


@staff_required
@require_POST
def pass_to_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.staff_application(user=request.user, pk=pk)
    try:
        services.screening_pass(application=application, acting_user=request.user)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, application, error)
    messages.success(request, _("The application passed screening and goes to evaluation."))
    return redirect(application_url(application))


@staff_required
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.staff_application(user=request.user, pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.screening_reject(
                application=application, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied as error:
            return _refused(request, application, error, reject_form=form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                return _refused(request, application, error, reject_form=form)
        else:
            messages.success(request, _("The application was rejected at screening; the company is told why."))
            return redirect(application_url(application))
    return render_detail(request, application, status=400, reject_form=form)
