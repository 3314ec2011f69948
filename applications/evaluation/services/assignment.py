"""Assigning experts to applications, by hand or spread evenly, and the conflicts that remove them.

An expert with a declared conflict (제척 or 회피) or an upheld challenge (기피) on an application is never assigned
to it again: their assignment stays on the record, inactive.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from applications.workflow import ApplicationStatus

from ..enums import ChallengeDecision, ConflictKind, ExclusionGround
from ..events import notify_experts_assigned, notify_if_all_scores_in
from ..models import Assignment, Challenge, Committee, ConflictDeclaration
from ..permissions import require_expert, require_staff

MIN_NOTE_LENGTH = 5


def _name(user) -> str:
    return user.full_name or user.email


def conflicted_pairs(*, committee: Committee) -> set[tuple[int, int]]:
    """(application id, expert id) pairs that may never be assigned: declared conflicts and upheld challenges."""
    declared = ConflictDeclaration.objects.filter(assignment__committee=committee).exclude(kind=ConflictKind.NONE)
    pairs = set(declared.values_list("assignment__application_id", "assignment__expert_id"))
    upheld = Challenge.objects.filter(application__call_id=committee.call_id, decision=ChallengeDecision.UPHELD)
    pairs |= set(upheld.values_list("application_id", "expert_id"))
    return pairs


def _check_open(committee: Committee) -> None:
    if committee.is_closed:
        raise ValidationError(_("The evaluation is closed; assignments can no longer change."))


@transaction.atomic
def assignment_create(*, committee: Committee, application: Application, expert, acting_user) -> Assignment:
    """Assign ``expert`` (a member of the committee) to ``application`` (in evaluation, of the committee's call)."""
    require_staff(acting_user)
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    _check_open(committee)
    if application.call_id != committee.call_id:
        raise ValidationError({"application": _("This application belongs to another call.")})
    if application.status != ApplicationStatus.EVALUATION:
        raise ValidationError({"application": _("Only applications in evaluation can get experts.")})
    if not committee.members.filter(user=expert).exists():
        raise ValidationError(
            {"expert": _("%(expert)s is not a member of this committee.") % {"expert": _name(expert)}}
        )
    if (application.pk, expert.pk) in conflicted_pairs(committee=committee):
        raise ValidationError(
            {
                "expert": _("%(expert)s has a conflict of interest with %(company)s and cannot evaluate it.")
                % {"expert": _name(expert), "company": application.company.name}
            }
        )
    if Assignment.objects.filter(application=application, expert=expert).exists():
        raise ValidationError(
            {"expert": _("%(expert)s is already assigned to this application.") % {"expert": _name(expert)}}
        )
    assignment = Assignment.objects.create(
        committee=committee, application=application, expert=expert, assigned_by=acting_user
    )
    notify_experts_assigned(assignments=[assignment])
    return assignment


@dataclass
class SpreadResult:
    created: int = 0
    # Receipt numbers of applications that could not get enough experts (too few members without a conflict).
    short: list[str] = field(default_factory=list)


@transaction.atomic
def assignments_spread(*, committee: Committee, per_application: int, acting_user) -> SpreadResult:
    """Give every application in evaluation ``per_application`` experts, balancing the experts' loads.

    Never an expert with a conflict on the application, never the same expert twice. Applications that already
    have experts keep them and get only what they lack. Deterministic: the least loaded expert first, then by id.
    """
    require_staff(acting_user)
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    _check_open(committee)
    if not 1 <= per_application <= 15:
        raise ValidationError({"per_application": _("Give between 1 and 15 experts per application.")})
    experts = list(committee.members.order_by("user_id").values_list("user_id", flat=True))
    if not experts:
        raise ValidationError({"per_application": _("The committee has no members yet: add experts first.")})
    applications = list(
        Application.objects.filter(call_id=committee.call_id, status=ApplicationStatus.EVALUATION)
        .order_by("receipt_number", "pk")
        .values_list("pk", "receipt_number")
    )
    taken = set(Assignment.objects.filter(committee=committee).values_list("application_id", "expert_id"))
    blocked = conflicted_pairs(committee=committee) | taken
    active = Counter(
        dict(
            Assignment.objects.filter(committee=committee, is_active=True)
            .values("application_id")
            .annotate(n=Count("pk"))
            .values_list("application_id", "n")
        )
    )
    load = Counter(
        dict(
            Assignment.objects.filter(committee=committee, is_active=True)
            .values("expert_id")
            .annotate(n=Count("pk"))
            .values_list("expert_id", "n")
        )
    )
    for expert in experts:
        load.setdefault(expert, 0)
    result = SpreadResult()
    new: list[Assignment] = []
    now = timezone.now()
    for application_id, receipt in applications:
        missing = per_application - active[application_id]
        if missing <= 0:
            continue
        candidates = sorted(
            (expert for expert in experts if (application_id, expert) not in blocked), key=lambda e: (load[e], e)
        )
        chosen = candidates[:missing]
        for expert in chosen:
            load[expert] += 1
            new.append(
                Assignment(
                    committee=committee,
                    application_id=application_id,
                    expert_id=expert,
                    assigned_by=acting_user,
                    assigned_at=now,
                )
            )
        if len(chosen) < missing:
            result.short.append(receipt or str(application_id))
    Assignment.objects.bulk_create(new, batch_size=1000)
    notify_experts_assigned(assignments=new)
    result.created = len(new)
    return result


def _deactivate(assignment: Assignment, reason: str) -> None:
    """Remove the expert from the application for good. If theirs was the last unscored assignment of the
    committee, every remaining one is submitted now: the staff managers hear that all scores are in."""
    assignment.is_active = False
    assignment.removed_at = timezone.now()
    assignment.removed_reason = reason
    assignment.save(update_fields=["is_active", "removed_at", "removed_reason"])
    notify_if_all_scores_in(committee_id=assignment.committee_id)


@transaction.atomic
def conflict_declare(
    *, assignment: Assignment, acting_user, kind: str, ground: str = "", note: str = ""
) -> ConflictDeclaration:
    """The expert's declaration before seeing the application. A conflict removes the expert from it for good."""
    require_expert(acting_user)
    assignment = Assignment.objects.select_for_update().select_related("committee").get(pk=assignment.pk)
    if assignment.expert_id != acting_user.pk or not assignment.is_active:
        raise PermissionDenied(_("This assignment is not yours."))
    _check_open(assignment.committee)
    if ConflictDeclaration.objects.filter(assignment=assignment).exists():
        raise ValidationError(_("You have already declared for this application."))
    if kind not in ConflictKind.values:
        raise ValidationError({"kind": _("Choose one of the declarations.")})
    note = (note or "").strip()
    errors = {}
    if kind == ConflictKind.EXCLUSION and ground not in ExclusionGround.values:
        errors["ground"] = _("Choose the ground of the exclusion.")
    if kind == ConflictKind.RECUSAL and len(note) < MIN_NOTE_LENGTH:
        errors["note"] = _("Say briefly why you recuse yourself (at least %(n)d characters).") % {"n": MIN_NOTE_LENGTH}
    if errors:
        raise ValidationError(errors)
    declaration = ConflictDeclaration.objects.create(
        assignment=assignment,
        kind=kind,
        ground=ground if kind == ConflictKind.EXCLUSION else "",
        note=note,
    )
    if kind != ConflictKind.NONE:
        _deactivate(assignment, str(ConflictKind(kind).label))
    return declaration


@transaction.atomic
def challenge_enter(*, application: Application, expert, grounds: str, acting_user) -> Challenge:
    """Record an applicant's challenge (기피) of an expert of the committee; the committee decides it later."""
    require_staff(acting_user)
    grounds = (grounds or "").strip()
    if len(grounds) < MIN_NOTE_LENGTH:
        raise ValidationError({"grounds": _("Write the grounds the applicant gave.")})
    committee = getattr(application.call, "committee", None)
    if committee is None or not committee.members.filter(user=expert).exists():
        raise ValidationError(
            {"expert": _("%(expert)s is not a member of this committee.") % {"expert": _name(expert)}}
        )
    if Challenge.objects.filter(application=application, expert=expert, decision=ChallengeDecision.PENDING).exists():
        raise ValidationError({"expert": _("A challenge of this expert is already waiting for a decision.")})
    return Challenge.objects.create(application=application, expert=expert, grounds=grounds, entered_by=acting_user)


@transaction.atomic
def challenge_decide(*, challenge: Challenge, decision: str, reason: str, acting_user) -> Challenge:
    """Record the committee's decision; an upheld challenge removes the expert from the application."""
    require_staff(acting_user)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    _check_open(Committee.objects.get(call__applications=challenge.application_id))
    if challenge.decision != ChallengeDecision.PENDING:
        raise ValidationError(_("This challenge has already been decided."))
    if decision not in (ChallengeDecision.UPHELD, ChallengeDecision.DISMISSED):
        raise ValidationError({"decision": _("Choose whether the challenge is upheld or dismissed.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decision_reason": _("Give the reason of the decision.")})
    challenge.decision = decision
    challenge.decision_reason = reason
    challenge.decided_by = acting_user
    challenge.decided_at = timezone.now()
    challenge.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    if decision == ChallengeDecision.UPHELD:
        for assignment in Assignment.objects.select_for_update().filter(
            Q(is_active=True), application_id=challenge.application_id, expert_id=challenge.expert_id
        ):
            _deactivate(assignment, str(ChallengeDecision.UPHELD.label))
    return challenge
