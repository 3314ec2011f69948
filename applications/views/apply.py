"""Applying to a call: open or resume the draft, edit it (Save button and autosave), review it and submit it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from programs.selectors import call_detail

from ..forms import ApplicationFileForm, ApplicationForm
from ..forms.errors import add_service_errors
from ..models import Application
from ..permissions import membership_of
from ..presubmission import application_problems, eligibility_of
from ..selectors import application_for_user, current_vault_documents
from ..services import VersionConflict, application_draft_open, application_draft_save, application_submit
from ..services.transitions import application_revision_submit
from ..workflow import ApplicationStatus
from .common import member_required


def load_application(request: HttpRequest, pk: int) -> Application:
    """The application ``pk`` of the user's company, with its joins; another company's is a 404."""
    return get_object_or_404(application_for_user(user=request.user, pk=pk))


@login_required
def apply(request: HttpRequest, call_code: str) -> HttpResponse:
    """Open the company's draft for the call, or resume it; without a company, register one first."""
    call = call_detail(code=call_code)
    if call is None:
        raise Http404(_("No such call."))
    if membership_of(request.user) is None:
        messages.info(request, _("Register your company first; then you can apply."))
        return redirect(f"{reverse('applications:company_create')}?{urlencode({'next': request.path})}")
    try:
        application, created = application_draft_open(call=call, acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("programs:call", call.code)
    if created:
        messages.success(request, _("Your draft was created. It is saved on the server: continue on any device."))
    elif application.is_editable:
        messages.info(request, _("You are continuing your saved draft."))
    if not application.is_editable:
        return redirect("applications:application_detail", application.pk)
    return redirect("applications:application_edit", application.pk)


def _editor(request: HttpRequest, application: Application, form: ApplicationForm, status: int = 200, **extra):
    context = {
        "application": application,
        "call": application.call,
        "form": form,
        "file_form": extra.pop("file_form", None) or ApplicationFileForm(),
        **extra,
    }
    return render(request, "applications/application_edit.html", context, status=status)


def _bound_form(request: HttpRequest, application: Application) -> ApplicationForm:
    vault = current_vault_documents(company_id=application.company_id)
    return ApplicationForm(request.POST if request.method == "POST" else None, application=application, vault=vault)


@member_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = load_application(request, pk)
    if not application.is_editable:
        return redirect("applications:application_detail", application.pk)
    form = _bound_form(request, application)
    if request.method != "POST":
        return _editor(request, application, form)
    if form.is_valid():
        try:
            saved = application_draft_save(
                application=application,
                acting_user=request.user,
                data=form.draft_data(),
                expected_version=form.cleaned_data["version"],
            )
        except VersionConflict as conflict:
            return _editor(request, application, form, status=409, conflict=str(conflict))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            local = timezone.localtime(saved.updated_at)
            messages.success(request, _("Saved at %(time)s.") % {"time": local.strftime("%H:%M")})
            if "review" in request.POST:
                return redirect("applications:application_review", saved.pk)
            return redirect("applications:application_edit", saved.pk)
    return _editor(request, application, form, status=400)


@member_required
def application_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """The autosave endpoint (static/js/autosave.js): the same form, answered in JSON."""
    application = load_application(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not application.is_editable:
        return JsonResponse(
            {"ok": False, "message": _("This application was submitted and can no longer be changed.")}, status=409
        )
    form = _bound_form(request, application)
    if form.is_valid():
        try:
            saved = application_draft_save(
                application=application,
                acting_user=request.user,
                data=form.draft_data(),
                expected_version=form.cleaned_data["version"],
            )
        except VersionConflict as conflict:
            return JsonResponse(
                {"ok": False, "conflict": True, "version": conflict.current_version, "message": str(conflict)},
                status=409,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            time = timezone.localtime(saved.updated_at).strftime("%H:%M")
            message = _("Saved at %(time)s.") % {"time": time}
            return JsonResponse({"ok": True, "version": saved.version, "saved_at": time, "message": message})
    errors = {name: [str(message) for message in messages_] for name, messages_ in form.errors.items()}
    return JsonResponse(
        {
            "ok": False,
            "errors": errors,
            "message": _("Not saved: correct the %(count)d marked field(s) and save again.") % {"count": len(errors)},
        },
        status=400,
    )


def review_context(application: Application) -> dict:
    today = timezone.localdate()
    eligibility = eligibility_of(application, today=today)
    problems = application_problems(application, eligibility=eligibility, today=today)
    return {
        "application": application,
        "call": application.call,
        "eligibility": eligibility,
        "problems": problems,
        "blocking": [problem for problem in problems if problem.blocking],
        "warnings": [problem for problem in problems if not problem.blocking],
        "totals": application.budget_totals(),
        "today": today,
        "deadline_passed": timezone.now() >= application.call.closes_at,
    }


@member_required
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    application = load_application(request, pk)
    if not application.is_editable:
        return redirect("applications:application_detail", application.pk)
    return render(request, "applications/application_review.html", review_context(application))


@member_required
def application_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = load_application(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        if application.status == ApplicationStatus.REVISION_REQUESTED:
            application_revision_submit(application=application, acting_user=request.user)
            messages.success(request, _("Your revision was sent."))
            return redirect("applications:application_detail", application.pk)
        version = request.POST.get("version", "")
        submitted = application_submit(
            application=application,
            acting_user=request.user,
            expected_version=int(version) if version.isdigit() else None,
        )
    except (ValidationError, PermissionDenied) as error:
        context = review_context(load_application(request, pk))
        context["submit_errors"] = getattr(error, "messages", None) or [str(error)]
        return render(request, "applications/application_review.html", context, status=400)
    messages.success(
        request, _("Your application was submitted. Receipt number: %(number)s.") % {"number": submitted.receipt_number}
    )
    return redirect("applications:application_receipt", submitted.pk)
