"""The expert's pages: my assignments, the conflict declaration, the score sheet, the committee's results."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications.forms.errors import add_service_errors
from applications.review.views.detail import file_response

from ..enums import ConflictKind
from ..forms import ConflictForm, ScoreSheetForm
from ..permissions import expert_may_read, expert_required
from ..selectors import (
    committee_results,
    expert_assignment,
    expert_assignments,
    expert_document,
    expert_file,
    expert_reading,
    sheet_with_scores,
)
from ..services import CriterionInput, conflict_declare, score_sheet_save
from ..services.scoring import comment_field, score_field


@expert_required
def home(request: HttpRequest) -> HttpResponse:
    assignments = list(expert_assignments(user=request.user))
    return render(request, "evaluation/expert/home.html", {"assignments": assignments})


@expert_required
@require_http_methods(["GET", "POST"])
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = expert_assignment(user=request.user, pk=pk)
    if hasattr(assignment, "declaration"):
        return redirect("evaluation_expert:assignment", pk=assignment.pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conflict_declare(assignment=assignment, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["kind"] == ConflictKind.NONE:
                messages.success(request, _("Thank you. You may now read and score the application."))
                return redirect("evaluation_expert:assignment", pk=assignment.pk)
            messages.info(request, _("Your declaration is recorded; you are removed from this application."))
            return redirect("evaluation_expert:home")
    return render(request, "evaluation/expert/declare.html", {"assignment": assignment, "form": form})


@expert_required
@require_http_methods(["GET", "POST"])
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = expert_assignment(user=request.user, pk=pk)
    declaration = getattr(assignment, "declaration", None)
    if declaration is None:
        return redirect("evaluation_expert:declare", pk=assignment.pk)
    application = assignment.application
    criteria = list(assignment.committee.criteria.all())
    sheet, scores = sheet_with_scores(assignment=assignment)
    editable = not assignment.committee.is_closed and not (sheet and sheet.is_submitted)
    form = ScoreSheetForm(request.POST or None, criteria=criteria, initial_scores=scores)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form.is_valid()
        values = {
            c.pk: CriterionInput(form.data.get(score_field(c.pk), ""), form.data.get(comment_field(c.pk), ""))
            for c in criteria
        }
        submit = request.POST.get("action") == "submit"
        unconfirmed = submit and not form.cleaned_data.get("confirm_submit")
        try:
            # Submitting is final: without the confirmation the scores are kept as a draft and not submitted.
            score_sheet_save(
                assignment=assignment, acting_user=request.user, values=values, submit=submit and not unconfirmed
            )
        except ValidationError as error:
            add_service_errors(form, error)
            if unconfirmed:
                form.add_error("confirm_submit", _("Tick the box to confirm, then submit your scores for good."))
        else:
            if not unconfirmed:
                messages.success(request, _("Your scores are submitted.") if submit else _("Your draft is saved."))
                return redirect("evaluation_expert:assignment", pk=assignment.pk)
            form.add_error(
                "confirm_submit",
                _("Your scores are saved as a draft. Tick the box to confirm, then submit them for good."),
            )
    readable = expert_may_read(assignment)
    context = {
        "assignment": assignment,
        "application": application,
        "readable": readable,
        "reading": expert_reading(assignment=assignment) if readable else None,
        "sheet": sheet,
        "scores": [(c, scores.get(c.pk)) for c in criteria],
        "form": form,
        "editable": editable,
    }
    return render(request, "evaluation/expert/assignment.html", context)


def readable_assignment(request: HttpRequest, pk: int):
    """The expert's assignment whose application they may read now, else 404 (removed, undeclared, a conflict,
    or the evaluation closed)."""
    assignment = expert_assignment(user=request.user, pk=pk)
    if not expert_may_read(assignment):
        raise Http404
    return assignment


@expert_required
def document_open(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """A document of the application the call opens to experts, in the browser (PDF, images)."""
    document = expert_document(assignment=readable_assignment(request, pk), document_id=document_id)
    return file_response(
        document.file,
        filename=document.original_filename,
        content_type=document.content_type,
        inline=document.is_inline,
    )


@expert_required
def file_open(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    row = expert_file(assignment=readable_assignment(request, pk), file_id=file_id)
    return file_response(row.file, filename=row.original_filename, content_type=row.content_type, inline=row.is_inline)


@expert_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = expert_assignment(user=request.user, pk=pk)
    if not assignment.committee.is_closed or getattr(assignment, "declaration", None) is None:
        raise Http404
    context = {"assignment": assignment, **committee_results(assignment=assignment)}
    return render(request, "evaluation/expert/results.html", context)
