"""Notifications of the evaluation (``applications.evaluation``): called by its services inside their transactions.

``expert_assigned`` tells each newly assigned expert; ``all_scores_in`` tells the staff managers, once per
committee, when every active assignment has a submitted score sheet: when the last one is submitted, or when
the last unscored assignment is removed (a declared conflict, an upheld challenge).
"""

from collections.abc import Sequence

from django.urls import NoReverseMatch, reverse

from applications.evaluation.enums import SheetStatus
from applications.evaluation.models import Assignment, Committee
from portal.accounts.models import User

from .models import Notification
from .services import notify


def _reverse(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def notify_experts_assigned(*, assignments: Sequence[Assignment]) -> list[Notification]:
    """One ``expert_assigned`` per new assignment, to its expert, linking to the expert's assignment page."""
    assignments = [assignment for assignment in assignments if assignment.is_active]
    if not assignments:
        return []
    experts = User.objects.in_bulk({assignment.expert_id for assignment in assignments})
    rows: list[Notification] = []
    for assignment in assignments:
        expert = experts.get(assignment.expert_id)
        if expert is None or not expert.is_active:
            continue
        rows += notify(
            event="expert_assigned",
            context_ids={"application": assignment.application_id, "expert": expert.pk},
            link=_reverse("evaluation_expert:assignment", pk=assignment.pk),
            recipients=[expert],
        )
    return rows


def unscored_assignments(committee_id: int):
    """Active assignments of the committee whose expert has not submitted a score sheet (no sheet, or a draft)."""
    return Assignment.objects.filter(committee_id=committee_id, is_active=True).exclude(
        sheet__status=SheetStatus.SUBMITTED
    )


def notify_if_all_scores_in(*, committee_id: int) -> list[Notification]:
    """``all_scores_in`` to the staff managers when every active assignment of the committee has a submitted sheet.

    Called by the submit of a score sheet and by the removal of an assignment, in their transactions. It locks
    the committee's row first, so that of two experts submitting the last two sheets (or one submitting while
    another is removed) at the same moment the second sees the first's change; the dedupe key makes it once per
    committee whatever happens later (an expert added and scored after it).
    """
    committee = Committee.objects.select_for_update(of=("self",)).select_related("call").filter(pk=committee_id).first()
    if committee is None:
        return []
    assignments = Assignment.objects.filter(committee_id=committee_id, is_active=True)
    if not assignments.exists() or unscored_assignments(committee_id).exists():
        return []
    return notify(
        event="all_scores_in",
        context_ids={"committee": committee_id},
        link=_reverse("evaluation_staff:ranking", call_code=committee.call.code),
        dedupe_key=f"all_scores_in:{committee_id}",
    )
