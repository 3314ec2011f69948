"""Committees: creating one for a call, its settings and members, and closing the evaluation."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.enums import DocumentType
from programs.models import Call

from ..enums import SheetStatus
from ..models import Assignment, Committee, ExpertProfile
from ..permissions import may_close_evaluation, require_staff


@transaction.atomic
def committee_create(*, call: Call, acting_user, cutoff_score: Decimal = Decimal("70")) -> Committee:
    """The committee of ``call`` (one per call); returns the existing one when there is one."""
    require_staff(acting_user)
    committee, _created = Committee.objects.get_or_create(
        call=call, defaults={"cutoff_score": cutoff_score, "meeting_on": call.evaluation_on}
    )
    return committee


@transaction.atomic
def committee_update(
    *,
    committee: Committee,
    acting_user,
    meeting_on: date | None,
    cutoff_score: Decimal,
    experts_per_application: int,
    members: Iterable[ExpertProfile],
    evaluator_documents: Iterable[str] | None = None,
) -> Committee:
    """Change the meeting date, cut-off, experts per application, members and the document types experts may open
    (``None`` keeps them) — not after closing."""
    require_staff(acting_user)
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if committee.is_closed:
        raise ValidationError(_("The evaluation is closed; the committee can no longer be changed."))
    if not (Decimal("0") <= cutoff_score <= Decimal("100")):
        raise ValidationError({"cutoff_score": _("The cut-off score must be between 0 and 100.")})
    if not 1 <= experts_per_application <= 15:
        raise ValidationError({"experts_per_application": _("Give between 1 and 15 experts per application.")})
    members = list(members)
    kept = set(committee.members.values_list("user_id", flat=True))
    removed = kept - {member.user_id for member in members}
    busy = (
        Assignment.objects.filter(committee=committee, expert_id__in=removed, is_active=True)
        .select_related("expert")
        .first()
    )
    if busy is not None:
        raise ValidationError(
            {
                "members": _("%(expert)s still has active assignments; they cannot leave the committee.")
                % {"expert": busy.expert.full_name or busy.expert.email}
            }
        )
    committee.meeting_on = meeting_on
    committee.cutoff_score = cutoff_score
    committee.experts_per_application = experts_per_application
    fields = ["meeting_on", "cutoff_score", "experts_per_application"]
    if evaluator_documents is not None:
        chosen = list(dict.fromkeys(str(value) for value in evaluator_documents))
        unknown = [value for value in chosen if value not in DocumentType.values]
        if unknown:
            raise ValidationError({"evaluator_documents": _("Choose document types from the list.")})
        committee.evaluator_documents = chosen
        fields.append("evaluator_documents")
    committee.save(update_fields=fields)
    committee.members.set(members)
    return committee


@transaction.atomic
def committee_close(*, committee: Committee, acting_user, override_reason: str = "") -> Committee:
    """Close the evaluation (staff manager). Every active assignment must be submitted, or a reason given."""
    if not may_close_evaluation(acting_user):
        raise PermissionDenied(_("Only a staff manager may close the evaluation."))
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if committee.is_closed:
        raise ValidationError(_("The evaluation is already closed."))
    override_reason = (override_reason or "").strip()
    open_sheets = (
        Assignment.objects.filter(committee=committee, is_active=True)
        .exclude(sheet__status=SheetStatus.SUBMITTED)
        .count()
    )
    if open_sheets and not override_reason:
        raise ValidationError(
            {
                "override_reason": _(
                    "%(count)d assignment(s) are not submitted yet. Wait for them, or give the reason for closing "
                    "without them."
                )
                % {"count": open_sheets}
            }
        )
    committee.closed_at = timezone.now()
    committee.closed_by = acting_user
    committee.close_override_reason = override_reason if open_sheets else ""
    committee.save(update_fields=["closed_at", "closed_by", "close_override_reason"])
    return committee
