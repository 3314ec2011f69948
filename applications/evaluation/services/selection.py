"""Bonus points and the decisions after the evaluation: select, waitlist or decline, within the call's budget.

The sum of city support of the call's funded applications (selected, agreement, in progress, completed) never
exceeds ``Call.budget_krw``: the decision service locks the call's row before it sums, so two staff members
selecting at the same moment are serialised and the second sees the first's selection.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationItem, ApplicationStatusChange
from applications.services.transitions import application_reject, application_select, application_waitlist
from applications.workflow import ApplicationStatus
from programs.models import Call

from ..enums import Decision
from ..models import BonusAward, BonusItem, Committee
from ..permissions import require_staff

S = ApplicationStatus
FUNDED_STATUSES = (S.SELECTED, S.AGREEMENT, S.IN_PROGRESS, S.COMPLETED)
DECIDABLE_STATUSES = (S.EVALUATION, S.WAITLISTED)
_MOVES = {Decision.SELECT: application_select, Decision.WAITLIST: application_waitlist}


@dataclass(frozen=True)
class DecisionRequest:
    application_id: int
    decision: str
    reason: str


def funded_total(*, call: Call) -> int:
    """City support (KRW) of the call's funded applications."""
    total = ApplicationItem.objects.filter(application__call=call, application__status__in=FUNDED_STATUSES).aggregate(
        total=Sum("city_support_krw")
    )["total"]
    return int(total or 0)


def won(amount: int) -> str:
    return _("%(amount)s won") % {"amount": intcomma(amount)}


@transaction.atomic
def applications_decide(
    *, call: Call, decisions: Sequence[DecisionRequest], acting_user
) -> list[ApplicationStatusChange]:
    """Apply every decision or none. Each needs a reason; selections must fit the remaining budget."""
    require_staff(acting_user)
    call = Call.objects.select_for_update().get(pk=call.pk)
    committee = Committee.objects.filter(call=call).first()
    if committee is None or not committee.is_closed:
        raise ValidationError(_("Close the evaluation before deciding on applications."))
    if not decisions:
        raise ValidationError(_("Choose at least one application and a decision."))
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    for request in decisions:
        if request.application_id in seen:
            errors.setdefault(f"decision_{request.application_id}", []).append(_("Decide once per application."))
        seen.add(request.application_id)
        if request.decision not in Decision.values:
            errors.setdefault(f"decision_{request.application_id}", []).append(_("Choose a decision."))
        if not (request.reason or "").strip():
            errors.setdefault(f"reason_{request.application_id}", []).append(_("Give the reason of this decision."))
    if errors:
        raise ValidationError(errors)

    applications = {
        application.pk: application
        for application in Application.objects.select_for_update(of=("self",))
        .select_related("company")
        .filter(call=call, pk__in=seen)
    }
    for request in decisions:
        application = applications.get(request.application_id)
        if application is None:
            errors[f"decision_{request.application_id}"] = [_("This application is not in this call.")]
        elif application.status not in DECIDABLE_STATUSES:
            errors[f"decision_{request.application_id}"] = [
                _("%(receipt)s is “%(status)s” and cannot be decided on now.")
                % {"receipt": application.receipt_number, "status": S(application.status).label}
            ]
    if errors:
        raise ValidationError(errors)

    selecting = [r.application_id for r in decisions if r.decision == Decision.SELECT]
    if selecting:
        adding = int(
            ApplicationItem.objects.filter(application_id__in=selecting).aggregate(total=Sum("city_support_krw"))[
                "total"
            ]
            or 0
        )
        already = funded_total(call=call)
        if already + adding > call.budget_krw:
            raise ValidationError(
                _(
                    "Selecting these applications needs %(adding)s of city support, but only %(remaining)s of the "
                    "call's budget of %(budget)s remain (%(already)s already selected). Nothing was changed."
                )
                % {
                    "adding": won(adding),
                    "remaining": won(max(call.budget_krw - already, 0)),
                    "budget": won(call.budget_krw),
                    "already": won(already),
                },
                code="over_budget",
            )

    changes = []
    for request in decisions:
        application = applications[request.application_id]
        reason = request.reason.strip()
        if request.decision == Decision.DECLINE:
            changes.append(application_reject(application=application, acting_user=acting_user, reason=reason))
        else:
            move = _MOVES[Decision(request.decision)]
            changes.append(move(application=application, acting_user=acting_user, reason=reason))
    return changes


@transaction.atomic
def bonus_award(*, application: Application, bonus_item: BonusItem, reason: str, acting_user) -> BonusAward:
    """Give ``application`` the points of ``bonus_item`` (once per item), with the reason."""
    require_staff(acting_user)
    committee = Committee.objects.select_for_update().get(pk=bonus_item.committee_id)
    if committee.call_id != application.call_id:
        raise ValidationError({"bonus_item": _("This bonus item belongs to another call.")})
    if committee.is_closed:
        raise ValidationError(_("The evaluation is closed; bonus points can no longer change."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the bonus points.")})
    if BonusAward.objects.filter(application=application, bonus_item=bonus_item).exists():
        raise ValidationError({"bonus_item": _("This application already has these bonus points.")})
    return BonusAward.objects.create(
        application=application, bonus_item=bonus_item, points=bonus_item.points, reason=reason, awarded_by=acting_user
    )


@transaction.atomic
def bonus_revoke(*, award: BonusAward, acting_user) -> None:
    require_staff(acting_user)
    committee = Committee.objects.select_for_update().get(pk=award.bonus_item.committee_id)
    if committee.is_closed:
        raise ValidationError(_("The evaluation is closed; bonus points can no longer change."))
    award.delete()
