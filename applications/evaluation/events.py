"""The notifications of the evaluation: what they are and who receives them, declared in
``EvaluationConfig.ready()`` (``events_register``); the functions its services call inside their transactions.

``expert_assigned`` tells each newly assigned expert; ``all_scores_in`` tells the staff managers, once per
committee, when every active assignment has a submitted score sheet: when the last one is submitted, or when
the last unscored assignment is removed (a declared conflict, an upheld challenge). ``evaluation_reminder`` is
sent by ``applications.evaluation.reminders``. See ``docs/events.md``.
"""

from collections.abc import Iterable, Mapping, Sequence

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from applications.workflow import ApplicationStatus
from portal.accounts.models import User
from portal.notifications.events import MANAGERS, Audience, Event, register_context, register_events
from portal.notifications.models import Notification
from portal.notifications.recipients import active_users
from portal.notifications.services import notify

from .enums import SheetStatus
from .models import Assignment, Committee


def expert_of(context_ids: Mapping[str, int]) -> Iterable[User]:
    """The expert named by ``expert`` (the services name each expert as ``recipients``)."""
    if context_ids.get("expert") is None:
        return User.objects.none()
    return active_users(User.objects.filter(pk=context_ids["expert"]))


EXPERT = Audience("expert", expert_of, _("Outside expert"))

EVENTS = (
    Event("expert_assigned", _("Assigned as an evaluator"), True, (EXPERT,)),
    Event("evaluation_reminder", _("Reminder of unfinished evaluations"), False, (EXPERT,)),
    Event("all_scores_in", _("All evaluation scores are in"), False, (MANAGERS,)),
)


def events_register() -> None:
    register_events(*EVENTS)
    register_context("expert", User.objects.all())
    register_context("committee", Committee.objects.select_related("call"))


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
            link=reverse("evaluation_expert:assignment", kwargs={"pk": assignment.pk}),
            recipients=[expert],
        )
    return rows


def counted_assignments(committee_id: int):
    """The assignments that "all scores in" waits for: active, on an application still in evaluation.

    An application that left the evaluation (cancelled, or decided) is no longer scored; its expert's missing
    sheet must not hold back the notification of the others.
    """
    return Assignment.objects.filter(
        committee_id=committee_id, is_active=True, application__status=ApplicationStatus.EVALUATION
    )


def unscored_assignments(committee_id: int):
    """Counted assignments of the committee whose expert has not submitted a score sheet (no sheet, or a draft)."""
    return counted_assignments(committee_id).exclude(sheet__status=SheetStatus.SUBMITTED)


def applications_short_of_experts(committee: Committee) -> bool:
    """True while an application in evaluation has fewer active experts than the committee gives each: its
    ``experts_per_application``, or fewer when conflicts removed members from that application for good.

    Without this, the first sheet submitted while the other experts were still being assigned counted as "all
    in" (every assignment that existed was scored), and, once per committee, the real last sheet told no one:
    the demo's 2027-itd, where experts are assigned and score one application after the other.
    """
    members = committee.members.count()
    on_committee = Q(assignments__committee_id=committee.pk)
    rows = (
        Application.objects.filter(call_id=committee.call_id, status=ApplicationStatus.EVALUATION)
        .annotate(
            active=Count("assignments", filter=on_committee & Q(assignments__is_active=True)),
            removed=Count("assignments", filter=on_committee & Q(assignments__is_active=False)),
        )
        .values_list("active", "removed")
    )
    return any(active < min(committee.experts_per_application, members - removed) for active, removed in rows)


def notify_if_all_scores_in(*, committee_id: int) -> list[Notification]:
    """``all_scores_in`` to the staff managers when every application in evaluation has its experts (see
    ``applications_short_of_experts``) and every active assignment on them has a submitted sheet.

    Called by the submit of a score sheet and by the removal of an assignment, in their transactions. It locks
    the committee's row first, so that of two experts submitting the last two sheets (or one submitting while
    another is removed) at the same moment the second sees the first's change; the dedupe key makes it once per
    committee whatever happens later (an expert added and scored after it).
    """
    committee = Committee.objects.select_for_update(of=("self",)).select_related("call").filter(pk=committee_id).first()
    if committee is None:
        return []
    if not counted_assignments(committee_id).exists() or unscored_assignments(committee_id).exists():
        return []
    if applications_short_of_experts(committee):
        return []
    return notify(
        event="all_scores_in",
        context_ids={"committee": committee_id},
        link=reverse("evaluation_staff:ranking", kwargs={"call_code": committee.call.code}),
        dedupe_key=f"all_scores_in:{committee_id}",
    )
