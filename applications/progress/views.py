"""The progress pages: the company writes and submits its interim and final reports; staff read them, accept or
return them with a comment, and complete the project; staff see per call the reports waiting for review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.forms.errors import add_service_errors
from applications.review.permissions import staff_required
from applications.views.common import member_required

from . import selectors, services
from .forms import CompleteForm, ReportForm, ReviewForm
from .models import ReportKind, ReportState


def _progress(application):
    return selectors.progress_of(application, today=timezone.localdate())


@member_required
def company_progress(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.company_progress_application(user=request.user, pk=pk)
    return render(request, "progress/company_progress.html", {"progress": _progress(application)})


def _report_context(progress, slot, form) -> dict:
    return {"progress": progress, "application": progress.application, "slot": slot, "form": form}


@member_required
def company_report(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in ReportKind.values:
        raise Http404
    application = selectors.company_progress_application(user=request.user, pk=pk)
    progress = _progress(application)
    slot = progress.slot(kind)
    editable = not slot.blocked and (slot.report is None or slot.report.editable)
    if request.method != "POST":
        form = ReportForm(milestones=progress.milestones, report=slot.report) if editable else None
        return render(request, "progress/company_report.html", _report_context(progress, slot, form))
    if not editable:
        raise Http404
    form = ReportForm(request.POST, request.FILES, milestones=progress.milestones, report=slot.report)
    if not form.is_valid():
        return render(request, "progress/company_report.html", _report_context(progress, slot, form), status=400)
    try:
        report = services.report_save(
            application=application, kind=kind, acting_user=request.user, **form.service_kwargs()
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "progress/company_report.html", _report_context(progress, slot, form), status=400)
    except PermissionDenied as error:
        raise Http404 from error
    if request.POST.get("action") != "submit":
        messages.success(request, _("The draft was saved."))
        return redirect("applications:progress_report", pk=pk, kind=kind)
    try:
        services.report_submit(report=report, acting_user=request.user)
    except ValidationError as error:
        # The draft stays saved as typed; what blocks the submission is shown beside the fields.
        progress = _progress(selectors.company_progress_application(user=request.user, pk=pk))
        slot = progress.slot(kind)
        form = ReportForm(request.POST, milestones=progress.milestones, report=slot.report)
        form.is_valid()
        add_service_errors(form, error)
        return render(request, "progress/company_report.html", _report_context(progress, slot, form), status=400)
    messages.success(request, _("Thank you: the report was submitted to the Technopark for review."))
    return redirect("applications:progress_report", pk=pk, kind=kind)


def _report_file(application, file_pk: int) -> FileResponse:
    row = next(
        (
            row
            for report in application.progress_reports.all()
            for row in [*report.extra_files, *(f for a in report.answers.all() for f in a.files.all())]
            if row.pk == file_pk
        ),
        None,
    )
    if row is None:
        raise Http404
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=row.original_filename, content_type=row.content_type)


@member_required
def company_report_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    return _report_file(selectors.company_progress_application(user=request.user, pk=pk), file_pk)


@staff_required
def staff_report_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    return _report_file(selectors.staff_progress_application(user=request.user, pk=pk), file_pk)


def _staff_context(progress, *, review_form=None, complete_form=None, blockers=None) -> dict:
    application = progress.application
    waiting = next((s.report for s in progress.slots if s.state == ReportState.SUBMITTED), None)
    return {
        "progress": progress,
        "application": application,
        "staff_call": application.call,
        "waiting": waiting,
        "others": [s.report for s in progress.slots if s.report is not None and s.report != waiting],
        "review_form": review_form or ReviewForm(),
        "complete_form": complete_form or CompleteForm(initial={"completed_on": timezone.localdate()}),
        "blockers": services.completion_blockers(application) if blockers is None else blockers,
    }


@staff_required
def staff_progress(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.staff_progress_application(user=request.user, pk=pk)
    progress = _progress(application)
    if request.method != "POST":
        return render(request, "progress/staff_progress.html", _staff_context(progress))
    action = request.POST.get("action", "")
    if action == "complete":
        form = CompleteForm(request.POST)
        if form.is_valid():
            try:
                services.project_complete(
                    application=application,
                    acting_user=request.user,
                    completed_on=form.cleaned_data.get("completed_on"),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The project is completed; its outcome reports are scheduled."))
                return redirect("review:progress", pk=pk)
        context = _staff_context(progress, complete_form=form)
        return render(request, "progress/staff_progress.html", context, status=400)
    waiting = _staff_context(progress)["waiting"]
    if action not in ("accept", "return") or waiting is None or str(waiting.pk) != request.POST.get("report", ""):
        context = _staff_context(progress)
        context["action_error"] = _("This report is no longer waiting for review. Reload the page.")
        return render(request, "progress/staff_progress.html", context, status=400)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            if action == "accept":
                services.report_accept(report=waiting, acting_user=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, _("The report was accepted."))
            else:
                services.report_return(report=waiting, acting_user=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, _("The report was returned to the company."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("review:progress", pk=pk)
    return render(request, "progress/staff_progress.html", _staff_context(progress, review_form=form), status=400)


@staff_required
def staff_queue(request: HttpRequest, call_code: str) -> HttpResponse:
    call = selectors.staff_call(user=request.user, code=call_code)
    reports = list(selectors.reports_awaiting_review(call=call))
    return render(request, "progress/staff_queue.html", {"call": call, "staff_call": call, "reports": reports})
