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

from programs.eligibility import check_eligibility
from programs.selectors import call_detail

from ..forms import ApplicationFileForm, ApplicationForm
from ..forms.application import editor_problems
from ..forms.errors import add_service_errors
from ..models import Application
from ..permissions import membership_of
from ..presubmission import application_problems, deadline_of, deadline_passed, eligibility_of, review_eligibility
from ..selectors import application_for_user, current_vault_documents, user_company
from ..services import (
    VersionConflict,
    application_draft_discard,
    application_draft_open,
    application_draft_save,
    application_of_company,
    application_submit,
)
from ..services.drafts import never_submitted
from ..services.transitions import application_revision_submit
from ..workflow import ApplicationStatus
from .common import member_required


def load_application(request: HttpRequest, pk: int) -> Application:
    """The application ``pk`` of the user's company, with its joins; another company's is a 404."""
    return get_object_or_404(application_for_user(user=request.user, pk=pk))


@login_required
def apply(request: HttpRequest, call_code: str) -> HttpResponse:
    """The apply link: shows the call and the company's eligibility with a "Start application" button; only that
    POST creates the draft. A company that already applied is taken to its application."""
    call = call_detail(code=call_code)
    if call is None:
        raise Http404(_("No such call."))
    if membership_of(request.user) is None:
        messages.info(request, _("Register your company first; then you can apply."))
        return redirect(f"{reverse('applications:company_create')}?{urlencode({'next': request.path})}")
    existing = application_of_company(call=call, acting_user=request.user)
    if existing is not None:
        if existing.is_editable:
            messages.info(request, _("You are continuing your saved draft."))
            return redirect("applications:application_edit", existing.pk)
        return redirect("applications:application_detail", existing.pk)
    if request.method == "POST":
        try:
            application, created = application_draft_open(call=call, acting_user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("programs:call", call.code)
        if created:
            messages.success(request, _("Your draft was created. It is saved on the server: continue on any device."))
        return redirect("applications:application_edit", application.pk)
    company = user_company(user=request.user)
    context = {
        "call": call,
        "company": company,
        "result": check_eligibility(company.to_facts(on=timezone.localdate()), call),
        "is_open": call.is_open(),
    }
    return render(request, "applications/apply_start.html", context)


@member_required
def application_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Discard a draft that was never submitted (asks once, says what happens)."""
    application = load_application(request, pk)
    if not never_submitted(application):
        messages.error(
            request,
            _("This application was submitted: it cannot be discarded, only withdrawn until screening starts."),
        )
        return redirect("applications:application_detail", application.pk)
    if request.method == "POST":
        application_draft_discard(application=application, acting_user=request.user)
        messages.success(request, _("The draft was discarded. You can start a new application while the call is open."))
        return redirect("applications:dashboard")
    context = {"application": application, "call": application.call}
    return render(request, "applications/application_discard.html", context)


def _editor(request: HttpRequest, application: Application, form: ApplicationForm, status: int = 200, **extra):
    file_form = extra.pop("file_form", None) or ApplicationFileForm()
    context = {
        "application": application,
        "call": application.call,
        "form": form,
        "file_form": file_form,
        "error_count": len(form.errors) + len(file_form.errors),
        "deadline": deadline_of(application),
        **extra,
    }
    return render(request, "applications/application_edit.html", context, status=status)


def editor_with_file_errors(request: HttpRequest, application: Application, file_form) -> HttpResponse:
    """The editor as saved, with the "other files" form showing its errors beside its fields (status 400)."""
    vault = current_vault_documents(company_id=application.company_id)
    form = ApplicationForm(application=application, vault=vault, problems=editor_problems(application))
    return _editor(request, application, form, status=400, file_form=file_form)


def _bound_form(request: HttpRequest, application: Application, data=None) -> ApplicationForm:
    vault = current_vault_documents(company_id=application.company_id)
    if data is None and request.method == "POST":
        data = request.POST
    return ApplicationForm(data, application=application, vault=vault, problems=editor_problems(application))


def _save(request: HttpRequest, application: Application) -> tuple[ApplicationForm, Application | None]:
    """Save what can be read of the posted editor (everything but unreadable fields); ``(form, saved)``. The form
    returned carries the errors of what could not be saved, the problems of the saved draft and its new version."""
    form = _bound_form(request, application)
    form.is_valid()
    version = form.readable_version()
    if version is None:
        return form, None
    saved = application_draft_save(
        application=application, acting_user=request.user, data=form.draft_data(), expected_version=version
    )
    fresh = load_application(request, saved.pk)
    if form.errors:
        data = request.POST.copy()
        data["version"] = str(saved.version)
        form = _bound_form(request, fresh, data=data)
        form.is_valid()
    else:
        form.problems = editor_problems(fresh)
    return form, fresh


def _saved_message(saved: Application, form: ApplicationForm) -> str:
    time = timezone.localtime(saved.updated_at).strftime("%H:%M")
    if form.errors:
        return _("Saved at %(time)s, except the %(count)d marked field(s): correct them and save again.") % {
            "time": time,
            "count": len(form.errors),
        }
    if form.problems:
        return _(
            "Saved at %(time)s. %(count)d marked field(s) break a rule of the call: you can keep working, "
            "but the application can be submitted only once they are fixed."
        ) % {"time": time, "count": len(form.problems)}
    return _("Saved at %(time)s.") % {"time": time}


@member_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = load_application(request, pk)
    if not application.is_editable:
        return redirect("applications:application_detail", application.pk)
    if request.method != "POST":
        return _editor(request, application, _bound_form(request, application))
    try:
        form, saved = _save(request, application)
    except VersionConflict as conflict:
        return _editor(request, application, _bound_form(request, application), status=409, conflict=str(conflict))
    except ValidationError as error:
        form = _bound_form(request, application)
        form.is_valid()
        add_service_errors(form, error)
        return _editor(request, application, form, status=400)
    if saved is None:
        return _editor(request, application, form, status=400)
    if form.errors:
        return _editor(request, saved, form, status=400, saved_message=_saved_message(saved, form))
    messages.success(request, _saved_message(saved, form))
    if "review" in request.POST:
        return redirect("applications:application_review", saved.pk)
    return redirect("applications:application_edit", saved.pk)


def _field_messages(errors: dict) -> dict[str, list[str]]:
    return {name: [str(message) for message in messages_] for name, messages_ in errors.items()}


@member_required
def application_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """The autosave endpoint (static/js/autosave.js): the same save as the Save button, answered in JSON. 200 when
    the draft was saved (with the fields that could not be read and the problems of the saved draft), 409 on a
    newer version, 400 only when nothing could be saved."""
    application = load_application(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not application.is_editable:
        return JsonResponse(
            {"ok": False, "message": _("This application was submitted and can no longer be changed.")}, status=409
        )
    try:
        form, saved = _save(request, application)
    except VersionConflict as conflict:
        return JsonResponse(
            {"ok": False, "conflict": True, "version": conflict.current_version, "message": str(conflict)},
            status=409,
        )
    except ValidationError as error:
        form = _bound_form(request, application)
        form.is_valid()
        add_service_errors(form, error)
        saved = None
    if saved is None:
        errors = _field_messages(form.errors)
        return JsonResponse(
            {
                "ok": False,
                "errors": errors,
                "problems": {},
                "message": _("Not saved: correct the %(count)d marked field(s) and save again.")
                % {"count": len(errors)},
            },
            status=400,
        )
    return JsonResponse(
        {
            "ok": True,
            "version": saved.version,
            "saved_at": timezone.localtime(saved.updated_at).strftime("%H:%M"),
            "errors": _field_messages(form.errors),
            "problems": form.problems,
            "message": _saved_message(saved, form),
        }
    )


def review_context(application: Application) -> dict:
    today = timezone.localdate()
    eligibility = eligibility_of(application, today=today)
    problems = application_problems(application, eligibility=eligibility, today=today)
    return {
        "application": application,
        "call": application.call,
        "eligibility": eligibility,
        "review_eligibility": review_eligibility(application, eligibility),
        "problems": problems,
        "blocking": [problem for problem in problems if problem.blocking],
        "warnings": [problem for problem in problems if not problem.blocking],
        "totals": application.budget_totals(),
        "today": today,
        "deadline": deadline_of(application),
        "deadline_passed": deadline_passed(application),
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
