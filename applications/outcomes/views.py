"""The outcome report pages. The company lists its reports and files one (figures beside the baseline from the
frozen application, R&D tasks, evidence per figure, submit); staff list a call's reports, verify or return one
(or reopen a verified one), and see the verified outcomes per call, program and year."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.forms.errors import add_service_errors, error_summary
from applications.review.permissions import staff_calls, staff_required
from applications.views.common import member_required

from . import checks, selectors, services
from .forms import EvidenceForm, OutcomeReportForm, RdTaskForm, ReopenForm, StaffDecisionForm
from .models import FIGURES, ReportState

# Figures shown beside what the application planned (its frozen "expected outcomes").
PLANNED = {
    "sales_krw": ("expected_sales_krw", True),
    "exports_krw": ("expected_exports_krw", False),
    "new_hires": ("expected_hires", False),
    "patents_filed": ("expected_patents", False),
    "certifications": ("expected_certifications", False),
}


def figure_rows(report, form=None) -> list[dict]:
    """One row per figure: its label, form field (company), value, the baseline before support, what the
    application planned, the evidence documents and, if flagged, why."""
    content = (report.application.snapshot or {}).get("content") or {}
    evidence = list(report.evidence.all())
    flags = checks.report_flags(report) if report.state in services.EDITABLE_STATES else list(report.flags or [])
    baselines = {"sales_krw": report.baseline_sales_krw, "employees": checks.plain(report.baseline_employees)}
    rows = []
    for figure in (*FIGURES, checks.RD_TASKS):
        planned_key, planned_is_new = PLANNED.get(figure, (None, False))
        rows.append(
            {
                "figure": figure,
                "label": checks.label(figure),
                "field": form[figure] if form is not None and figure in form.fields else None,
                "value": getattr(report, figure, None),
                "is_money": figure in checks.MONEY_FIGURES,
                "baseline": baselines.get(figure),
                "planned": content.get(planned_key) if planned_key else None,
                "planned_is_new": planned_is_new,
                "evidence": [item for item in evidence if item.figure == figure],
                "needs_evidence": figure in (report.application.call.outcome_evidence_fields or []),
                "flag": checks.flag_message(report, figure) if figure in flags else "",
            }
        )
    return rows


def _company_context(report, *, form=None, task_form=None, evidence_form=None, action_error="") -> dict:
    editable = report.state in services.EDITABLE_STATES
    if editable and form is None:
        form = OutcomeReportForm(report=report)
    forms_bound = [f for f in (form, task_form, evidence_form) if f is not None and f.is_bound]
    returned = [change for change in report.changes.all() if change.action == "returned"]
    return {
        "report": report,
        "application": report.application,
        "editable": editable,
        "form": form if editable else None,
        "task_form": task_form or RdTaskForm(),
        "evidence_form": evidence_form or EvidenceForm(),
        "rows": figure_rows(report, form if editable else None),
        "flags": checks.report_flags(report) if editable else list(report.flags or []),
        "questions": returned[-1].comment if returned and report.state == ReportState.RETURNED else "",
        "errors": [item for f in forms_bound for item in error_summary(f)],
        "action_error": action_error,
        "today": timezone.localdate(),
    }


@member_required
def company_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    reports = selectors.company_reports(company_id=request.membership.company_id)
    for report in reports:
        report.is_open = services.report_is_open(report, today)
        report.overdue = report.state in services.EDITABLE_STATES and report.is_open and report.due_on < today
    return render(request, "outcomes/company_list.html", {"reports": reports, "today": today})


def _company_report(request, pk: int, year: int):
    return selectors.company_report(user=request.user, application_id=pk, year=year, today=timezone.localdate())


@member_required
def company_report(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    report = _company_report(request, pk, year)
    if request.method != "POST":
        return render(request, "outcomes/company_report.html", _company_context(report))
    action = request.POST.get("action", "")
    try:
        response = _company_action(request, report, action)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        context = _company_context(_company_report(request, pk, year), action_error=" ".join(error.messages))
        return render(request, "outcomes/company_report.html", context, status=400)
    if response is not None:
        return response
    return redirect("outcomes:report", pk=pk, year=year)


def _rerender(request, report, status=400, **forms) -> HttpResponse:
    fresh = _company_report(request, report.application_id, report.year)
    return render(request, "outcomes/company_report.html", _company_context(fresh, **forms), status=status)


def _company_action(request, report, action: str) -> HttpResponse | None:
    """Run one action of the report page; ``None`` means done (redirect back), else the page to show.
    A ValidationError without fields goes to the top of the page."""
    user = request.user
    if action in ("save", "submit"):
        form = OutcomeReportForm(request.POST, report=report)
        if not form.is_valid():
            return _rerender(request, report, form=form)
        try:
            saved = services.outcome_report_save(report=report, acting_user=user, figures=form.figures())
        except ValidationError as error:
            add_service_errors(form, error)
            return _rerender(request, report, form=form)
        if action == "save":
            messages.success(request, _("The draft was saved."))
            return None
        problems = services.submit_problems(saved)
        if problems:
            add_service_errors(form, ValidationError(problems))
            return _rerender(request, report, form=form)
        if checks.report_flags(saved) and not form.cleaned_data.get("flags_checked"):
            form.add_error(
                "flags_checked",
                _("Some figures look unusual (see the marks beside them). Check them and tick the box to submit."),
            )
            return _rerender(request, report, form=form)
        try:
            services.outcome_report_submit(report=report, acting_user=user)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            add_service_errors(form, error)
            return _rerender(request, report, form=form)
        messages.success(request, _("Thank you: the report was submitted for verification."))
        return None
    if action == "task_add":
        task_form = RdTaskForm(request.POST)
        if task_form.is_valid():
            try:
                services.rd_task_add(report=report, acting_user=user, **task_form.cleaned_data)
            except ValidationError as error:
                add_service_errors(task_form, error)
        if task_form.errors:
            return _rerender(request, report, task_form=task_form)
        messages.success(request, _("The R&D task was added."))
        return None
    if action == "task_remove":
        services.rd_task_remove(report=report, acting_user=user, task_id=_int(request.POST.get("task")))
        messages.success(request, _("The R&D task was removed."))
        return None
    if action == "evidence_add":
        evidence_form = EvidenceForm(request.POST, request.FILES)
        if evidence_form.is_valid():
            try:
                services.evidence_add(
                    report=report,
                    acting_user=user,
                    figure=evidence_form.cleaned_data["figure"],
                    upload=evidence_form.cleaned_data["file"],
                )
            except ValidationError as error:
                add_service_errors(evidence_form, error)
        if evidence_form.errors:
            return _rerender(request, report, evidence_form=evidence_form)
        messages.success(request, _("The evidence document was uploaded."))
        return None
    if action == "evidence_remove":
        services.evidence_remove(report=report, acting_user=user, evidence_id=_int(request.POST.get("evidence")))
        messages.success(request, _("The evidence document was removed."))
        return None
    raise Http404


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise Http404 from error


def _evidence_file(report, evidence_pk: int) -> FileResponse:
    evidence = next((item for item in report.evidence.all() if item.pk == evidence_pk), None)
    if evidence is None:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_filename or "evidence")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@member_required
def company_evidence(request: HttpRequest, pk: int, year: int, evidence_pk: int) -> FileResponse:
    return _evidence_file(_company_report(request, pk, year), evidence_pk)


# --- Staff ----------------------------------------------------------------------------------------------------


@staff_required
def staff_summary(request: HttpRequest) -> HttpResponse:
    calls = staff_calls(request.user).order_by("program__letter", "-year")
    per_call = selectors.call_outcome_summary(calls=calls)
    return render(
        request,
        "outcomes/staff_summary.html",
        {
            "per_call": [entry for entry in per_call if entry.years],
            "per_program": [entry for entry in selectors.program_outcome_summary(per_call) if entry.years],
            "calls": [entry.call for entry in per_call],
        },
    )


@staff_required
def staff_queue(request: HttpRequest, call_code: str) -> HttpResponse:
    call = selectors.staff_call(user=request.user, code=call_code)
    reports = selectors.call_reports(call=call)
    today = timezone.localdate()
    for report in reports:
        report.overdue = report.state == ReportState.DRAFT and report.year <= today.year and report.due_on < today
    waiting = [report for report in reports if report.state == ReportState.SUBMITTED]
    return render(
        request,
        "outcomes/staff_queue.html",
        {"staff_call": call, "call": call, "reports": reports, "waiting": waiting},
    )


def _staff_context(report, *, decision_form=None, reopen_form=None, action_error="") -> dict:
    return {
        "report": report,
        "application": report.application,
        "staff_call": report.application.call,
        "rows": figure_rows(report),
        "decision_form": decision_form or StaffDecisionForm(),
        "reopen_form": reopen_form or ReopenForm(),
        "errors": [
            item for f in (decision_form, reopen_form) if f is not None and f.is_bound for item in error_summary(f)
        ],
        "action_error": action_error,
    }


@staff_required
def staff_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.staff_report(user=request.user, pk=pk)
    if request.method != "POST":
        return render(request, "outcomes/staff_report.html", _staff_context(report))
    action = request.POST.get("action", "")
    if action == "reopen":
        form = ReopenForm(request.POST)
        kwargs = {"reopen_form": form}
    elif action in ("verify", "return"):
        form = StaffDecisionForm(request.POST)
        kwargs = {"decision_form": form}
    else:
        raise Http404
    if form.is_valid():
        try:
            if action == "verify":
                services.outcome_report_verify(
                    report=report, acting_user=request.user, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("The report is verified; its figures now count."))
            elif action == "return":
                services.outcome_report_return(
                    report=report, acting_user=request.user, questions=form.cleaned_data["comment"]
                )
                messages.success(request, _("The report was returned to the company with your questions."))
            else:
                services.outcome_report_reopen(
                    report=report, acting_user=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The report was reopened; it waits for verification again."))
            return redirect("outcomes_staff:report", pk=pk)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages_ in error.message_dict.items():
                    target = "comment" if field == "questions" else field
                    for message in messages_:
                        form.add_error(target if target in form.fields else None, message)
            else:
                report = selectors.staff_report(user=request.user, pk=pk)
                return render(
                    request,
                    "outcomes/staff_report.html",
                    _staff_context(report, action_error=" ".join(error.messages)),
                    status=400,
                )
    return render(request, "outcomes/staff_report.html", _staff_context(report, **kwargs), status=400)


@staff_required
def staff_evidence(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    return _evidence_file(selectors.staff_report(user=request.user, pk=pk), evidence_pk)
