"""The expert's pages: my assignments, the conflict declaration, the score sheet, the committee's results."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications.forms.errors import add_service_errors

from ..enums import ConflictKind
from ..forms import ConflictForm, ScoreSheetForm
from ..permissions import expert_required
from ..selectors import committee_results, expert_assignment, expert_assignments, sheet_with_scores
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
    items = list(application.items.select_related("support_item"))
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
    context = {
        "assignment": assignment,
        "application": application,
        "items": items,
        "city_total": sum(item.city_support_krw for item in items),
        "sheet": sheet,
        "scores": [(c, scores.get(c.pk)) for c in criteria],
        "form": form,
        "editable": editable,
    }
    return render(request, "evaluation/expert/assignment.html", context)


@expert_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = expert_assignment(user=request.user, pk=pk)
    if not assignment.committee.is_closed or getattr(assignment, "declaration", None) is None:
        raise Http404
    context = {"assignment": assignment, **committee_results(assignment=assignment)}
    return render(request, "evaluation/expert/results.html", context)
