"""The staff's evaluation pages of a call: committee and rubric, assignments, conflicts, bonus points, ranking.

Every page needs staff with a verified second factor (``applications.review.permissions``). Each POST names its
``action``; a refused action re-renders the page with the form's errors and what was typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications.forms.errors import add_service_errors
from applications.review.permissions import staff_calls, staff_required

from ..enums import ChallengeDecision, Decision
from ..forms import (
    AssignForm,
    BonusForm,
    ChallengeDecisionForm,
    ChallengeForm,
    CloseForm,
    CommitteeForm,
    SpreadForm,
)
from ..models import BonusAward
from ..permissions import may_close_evaluation
from ..selectors import (
    assignment_grid,
    challenges,
    close_consequences,
    committee_of,
    committee_progress,
    conflict_records,
    ranking,
)
from ..services import (
    DecisionRequest,
    applications_decide,
    assignment_create,
    assignments_spread,
    bonus_award,
    bonus_revoke,
    challenge_decide,
    challenge_enter,
    committee_close,
    committee_create,
    committee_update,
    funded_total,
)

RANKING_PAGE_SIZE = 200


def _call(request: HttpRequest, call_code: str):
    return get_object_or_404(staff_calls(request.user), code=call_code)


def _committee(call):
    committee = committee_of(call=call)
    if committee is None:
        raise Http404
    return committee


def _attempt(form, action) -> bool:
    """Run ``action`` for a valid form; a ValidationError goes onto the form. True when it succeeded."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@staff_required
@require_http_methods(["GET", "POST"])
def overview(request: HttpRequest, call_code: str) -> HttpResponse:
    call = _call(request, call_code)
    committee = committee_of(call=call)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "create":
        committee_create(call=call, acting_user=request.user)
        messages.success(request, _("The committee is created. Add its members and the rubric."))
        return redirect("evaluation_staff:overview", call_code=call.code)
    if committee is None:
        return render(request, "evaluation/staff/overview.html", {"staff_call": call, "committee": None})
    form = CommitteeForm(request.POST if action == "update" else None, instance=committee)
    close_form = CloseForm(request.POST if action == "close" else None)
    if action == "update" and _attempt(
        form, lambda data: committee_update(committee=committee, acting_user=request.user, **data)
    ):
        messages.success(request, _("The committee is saved."))
        return redirect("evaluation_staff:overview", call_code=call.code)
    if action == "close":
        if not may_close_evaluation(request.user):
            raise PermissionDenied
        if _attempt(
            close_form,
            lambda data: committee_close(
                committee=committee, acting_user=request.user, override_reason=data["override_reason"]
            ),
        ):
            messages.success(request, _("The evaluation is closed. Experts now see the committee's results."))
            return redirect("evaluation_staff:overview", call_code=call.code)
    criteria = list(committee.criteria.all())
    context = {
        "staff_call": call,
        "committee": committee,
        "members": list(committee.members.select_related("user")),
        "criteria": criteria,
        "weight_total": sum(c.weight for c in criteria),
        "bonus_items": list(committee.bonus_items.all()),
        "progress": committee_progress(committee=committee),
        "form": form,
        "close_form": close_form,
        "may_close": may_close_evaluation(request.user),
        "close": close_consequences(committee=committee) if not committee.is_closed else None,
    }
    return render(request, "evaluation/staff/overview.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def assignments(request: HttpRequest, call_code: str) -> HttpResponse:
    call = _call(request, call_code)
    committee = _committee(call)
    action = request.POST.get("action") if request.method == "POST" else None
    assign_form = AssignForm(request.POST if action == "assign" else None, committee=committee)
    spread_form = SpreadForm(
        request.POST if action == "spread" else None, initial={"per_application": committee.experts_per_application}
    )
    if action == "assign" and _attempt(
        assign_form,
        lambda data: assignment_create(committee=committee, acting_user=request.user, **data),
    ):
        messages.success(request, _("The expert is assigned."))
        return redirect("evaluation_staff:assignments", call_code=call.code)
    if action == "spread":
        outcome = {}
        if _attempt(
            spread_form,
            lambda data: outcome.update(
                result=assignments_spread(committee=committee, acting_user=request.user, **data)
            ),
        ):
            result = outcome["result"]
            messages.success(request, _("%(n)d assignments were made.") % {"n": result.created})
            if result.short:
                messages.warning(
                    request,
                    _("Too few experts without a conflict for: %(list)s. Add members and spread again.")
                    % {"list": ", ".join(result.short)},
                )
            return redirect("evaluation_staff:assignments", call_code=call.code)
    context = {
        "staff_call": call,
        "committee": committee,
        "rows": list(assignment_grid(committee=committee)),
        "assign_form": assign_form,
        "spread_form": spread_form,
    }
    return render(request, "evaluation/staff/assignments.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def conflicts(request: HttpRequest, call_code: str) -> HttpResponse:
    call = _call(request, call_code)
    committee = _committee(call)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    challenge_form = ChallengeForm(request.POST if action == "challenge" else None, committee=committee)
    if action == "challenge" and _attempt(
        challenge_form, lambda data: challenge_enter(acting_user=request.user, **data)
    ):
        messages.success(request, _("The challenge is recorded; record the committee's decision when it is made."))
        return redirect("evaluation_staff:conflicts", call_code=call.code)
    decide_forms = {}
    records = list(challenges(committee=committee))
    for challenge in records:
        if challenge.decision != ChallengeDecision.PENDING:
            continue
        bound = action == f"decide-{challenge.pk}"
        form = ChallengeDecisionForm(request.POST if bound else None, prefix=f"c{challenge.pk}")
        if bound and _attempt(
            form,
            lambda data, challenge=challenge: challenge_decide(challenge=challenge, acting_user=request.user, **data),
        ):
            messages.success(request, _("The committee's decision is recorded."))
            return redirect("evaluation_staff:conflicts", call_code=call.code)
        challenge.decide_form = form
        decide_forms[challenge.pk] = form
    if action.startswith("decide-") and not any(f.is_bound for f in decide_forms.values()):
        raise Http404
    context = {
        "staff_call": call,
        "committee": committee,
        "declarations": list(conflict_records(committee=committee)),
        "challenges": records,
        "challenge_form": challenge_form,
    }
    return render(request, "evaluation/staff/conflicts.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def bonus(request: HttpRequest, call_code: str) -> HttpResponse:
    call = _call(request, call_code)
    committee = _committee(call)
    action = request.POST.get("action") if request.method == "POST" else None
    form = BonusForm(request.POST if action == "award" else None, committee=committee)
    if action == "award" and _attempt(form, lambda data: bonus_award(acting_user=request.user, **data)):
        messages.success(request, _("The bonus points are awarded."))
        return redirect("evaluation_staff:bonus", call_code=call.code)
    awards = BonusAward.objects.filter(bonus_item__committee=committee).select_related(
        "application__company", "bonus_item", "awarded_by"
    )
    if action == "revoke":
        raw = request.POST.get("award", "")
        award = get_object_or_404(awards, pk=int(raw) if raw.isdigit() else 0)
        try:
            bonus_revoke(award=award, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The bonus points are withdrawn."))
        return redirect("evaluation_staff:bonus", call_code=call.code)
    context = {"staff_call": call, "committee": committee, "awards": list(awards), "form": form}
    return render(request, "evaluation/staff/bonus.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def ranking_page(request: HttpRequest, call_code: str) -> HttpResponse:
    """The ranking with decisions, from the database; a refused POST shows what the user typed with the errors."""
    call = _call(request, call_code)
    committee = committee_of(call=call)
    if committee is None:  # nothing to rank yet: the overview says how to set the committee up
        return redirect("evaluation_staff:overview", call_code=call.code)
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    typed: dict[str, str] = {}
    confirm_error = ""
    if request.method == "POST":
        picked = [value for value in request.POST.getlist("pick") if value.isdigit()]
        typed = {key: value for key, value in request.POST.items() if key.startswith(("decision_", "reason_"))}
        typed.update({f"pick_{value}": "on" for value in picked})
        decisions = [
            DecisionRequest(int(pk), request.POST.get(f"decision_{pk}", ""), request.POST.get(f"reason_{pk}", ""))
            for pk in picked
        ]
        try:
            if not request.POST.get("confirm"):
                confirm_error = _("Tick the box to confirm the decisions; nothing was changed.")
                raise ValidationError(confirm_error)
            changes = applications_decide(call=call, decisions=decisions, acting_user=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = error.message_dict
                general = [_("Some decisions need correcting; nothing was changed.")]
            else:
                general = error.messages
        else:
            messages.success(request, _("%(n)d decision(s) recorded.") % {"n": len(changes)})
            return redirect("evaluation_staff:ranking", call_code=call.code)
    page = Paginator(ranking(call=call), RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    above = False
    for row in rows:
        row.first_below_cutoff = above and not row.passed
        above = bool(row.passed)
        row.typed_pick = typed.get(f"pick_{row.pk}") == "on"
        row.typed_decision = typed.get(f"decision_{row.pk}", "")
        row.typed_reason = typed.get(f"reason_{row.pk}", "")
        row.errors = errors.get(f"decision_{row.pk}", []) + errors.get(f"reason_{row.pk}", [])
    funded = funded_total(call=call)
    context = {
        "staff_call": call,
        "committee": committee,
        "rows": rows,
        "decisions": Decision.choices,
        "general_errors": general,
        "confirm_error": confirm_error,
        "confirm_typed": bool(request.POST.get("confirm")),
        "funded": funded,
        "budget_left": call.budget_krw - funded,
        "page": page,
    }
    return render(request, "evaluation/staff/ranking.html", context, status=400 if general else 200)


@staff_required
def export(request: HttpRequest, call_code: str, kind: str, fmt: str) -> HttpResponse:
    from ..exports import export_response

    if kind not in ("scores", "ranking") or fmt not in ("xlsx", "csv"):
        raise Http404
    committee = _committee(_call(request, call_code))
    return export_response(committee=committee, kind=kind, fmt=fmt)
