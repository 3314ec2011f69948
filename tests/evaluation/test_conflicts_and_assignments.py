"""Conflict-of-interest declarations, challenges, assignment by hand and spread evenly."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.evaluation.enums import ChallengeDecision, ConflictKind, ExclusionGround
from applications.evaluation.models import Assignment
from applications.evaluation.services import (
    assignment_create,
    assignments_spread,
    challenge_decide,
    challenge_enter,
    conflict_declare,
)

from .factories import application, assign, committee_for, expert, staff

pytestmark = pytest.mark.django_db


def test_declared_exclusion_removes_the_assignment_and_blocks_reassignment():
    committee = committee_for()
    app = application(committee.call)
    person = expert(committee)
    assignment = assign(committee, app, person, declared=False)
    conflict_declare(assignment=assignment, acting_user=person, kind=ConflictKind.EXCLUSION, ground=ExclusionGround.KIN)
    assignment.refresh_from_db()
    assert assignment.is_active is False
    assert assignment.declaration.ground == ExclusionGround.KIN
    with pytest.raises(ValidationError) as error:
        assignment_create(committee=committee, application=app, expert=person, acting_user=staff())
    assert "conflict of interest" in str(error.value)


def test_exclusion_needs_a_ground_and_recusal_a_note():
    committee = committee_for()
    person = expert(committee)
    assignment = assign(committee, application(committee.call), person, declared=False)
    with pytest.raises(ValidationError) as error:
        conflict_declare(assignment=assignment, acting_user=person, kind=ConflictKind.EXCLUSION)
    assert "ground" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        conflict_declare(assignment=assignment, acting_user=person, kind=ConflictKind.RECUSAL, note="")
    assert "note" in error.value.message_dict
    assignment.refresh_from_db()
    assert assignment.is_active and not hasattr(assignment, "declaration")


def test_only_the_assigned_expert_declares_and_only_once():
    committee = committee_for()
    person, other = expert(committee), expert(committee)
    assignment = assign(committee, application(committee.call), person, declared=False)
    with pytest.raises(PermissionDenied):
        conflict_declare(assignment=assignment, acting_user=other, kind=ConflictKind.NONE)
    conflict_declare(assignment=assignment, acting_user=person, kind=ConflictKind.NONE)
    with pytest.raises(ValidationError):
        conflict_declare(assignment=assignment, acting_user=person, kind=ConflictKind.RECUSAL, note="다시 생각함")


def test_spread_evenly_balances_loads_and_skips_conflicts_and_duplicates():
    committee = committee_for()
    experts = [expert(committee) for _ in range(4)]
    apps = [application(committee.call) for _ in range(6)]
    # experts[0] recused from apps[0]: kept on the record, inactive
    recused = assign(committee, apps[0], experts[0], declared=False)
    conflict_declare(assignment=recused, acting_user=experts[0], kind=ConflictKind.RECUSAL, note="이전 자문 수행")
    # an upheld challenge of experts[1] on apps[1]
    challenge = challenge_enter(application=apps[1], expert=experts[1], grounds="이전 거래 관계", acting_user=staff())
    challenge_decide(challenge=challenge, decision=ChallengeDecision.UPHELD, reason="위원회 인용", acting_user=staff())

    result = assignments_spread(committee=committee, per_application=3, acting_user=staff())

    assert result.short == []
    active = Assignment.objects.filter(committee=committee, is_active=True)
    assert result.created == 18
    for app in apps:
        chosen = list(active.filter(application=app).values_list("expert_id", flat=True))
        assert len(chosen) == len(set(chosen)) == 3
    assert not active.filter(application=apps[0], expert=experts[0]).exists()
    assert not active.filter(application=apps[1], expert=experts[1]).exists()
    loads = [active.filter(expert=person).count() for person in experts]
    assert max(loads) - min(loads) <= 1
    # running it again adds nothing
    assert assignments_spread(committee=committee, per_application=3, acting_user=staff()).created == 0


def test_spread_reports_applications_that_cannot_get_enough_experts():
    committee = committee_for()
    expert(committee)
    expert(committee)
    app = application(committee.call)
    result = assignments_spread(committee=committee, per_application=3, acting_user=staff())
    assert (result.created, result.short) == (2, [app.receipt_number])


def test_assignment_by_hand_refuses_non_members_duplicates_and_non_staff():
    committee = committee_for()
    app = application(committee.call)
    member, outsider = expert(committee), expert()
    with pytest.raises(ValidationError) as error:
        assignment_create(committee=committee, application=app, expert=outsider, acting_user=staff())
    assert "not a member" in str(error.value)
    assignment_create(committee=committee, application=app, expert=member, acting_user=staff())
    with pytest.raises(ValidationError) as error:
        assignment_create(committee=committee, application=app, expert=member, acting_user=staff())
    assert "already assigned" in str(error.value)
    with pytest.raises(PermissionDenied):
        assignment_create(committee=committee, application=app, expert=member, acting_user=member)


def test_dismissed_challenge_keeps_the_expert():
    committee = committee_for()
    app = application(committee.call)
    person = expert(committee)
    assignment = assign(committee, app, person)
    challenge = challenge_enter(application=app, expert=person, grounds="같은 지역 출신", acting_user=staff())
    with pytest.raises(ValidationError):
        challenge_decide(challenge=challenge, decision=ChallengeDecision.DISMISSED, reason="", acting_user=staff())
    challenge_decide(
        challenge=challenge, decision=ChallengeDecision.DISMISSED, reason="사유 불충분", acting_user=staff()
    )
    assignment.refresh_from_db()
    assert assignment.is_active
