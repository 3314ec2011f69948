"""The status machine: every move of the table by who may make it, refusals, and the history rows."""

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from applications.models import Application, ApplicationStatusChange
from applications.services import transitions
from applications.services.submission import application_submit
from applications.workflow import (
    STATUS_TEXT,
    TRANSITIONS,
    Actor,
    ApplicationStatus,
    allowed_targets,
    applicant_label,
    next_step,
    staff_label,
)
from portal.accounts.roles import Role

from .apply_setup import ready_application
from .factories import UserFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def staff():
    user = UserFactory(email="staff-member@example.com")
    user.groups.add(Group.objects.get_or_create(name=Role.TECHNOPARK_STAFF.value)[0])
    return user


@pytest.fixture
def submitted():
    application = ready_application()
    owner = application.company.members.get()
    application_submit(application=application, acting_user=owner.user)
    application.refresh_from_db()
    return application, owner.user


def test_every_status_has_three_voices():
    for status in ApplicationStatus:
        text = STATUS_TEXT[status]
        assert str(text.staff) and str(text.applicant) and str(text.next_step)
    assert staff_label(S.REVISION_REQUESTED) != applicant_label(S.REVISION_REQUESTED)
    assert "deadline" in next_step(S.REVISION_REQUESTED)


def test_the_table_has_the_documented_path():
    path = [S.DRAFT, S.SUBMITTED, S.SCREENING, S.REVISION_REQUESTED, S.REVISION_SUBMITTED, S.EVALUATION, S.SELECTED,
            S.AGREEMENT, S.IN_PROGRESS, S.COMPLETED]  # fmt: skip
    for frm, to in itertools.pairwise(path):
        assert (frm, to) in TRANSITIONS, (frm, to)
    assert allowed_targets(S.SUBMITTED, Actor.COMPANY) == [S.WITHDRAWN]
    assert allowed_targets(S.SCREENING, Actor.COMPANY) == []
    assert set(allowed_targets(S.EVALUATION, Actor.STAFF)) == {S.SELECTED, S.NOT_SELECTED, S.WAITLISTED, S.CANCELLED}
    for final in (S.COMPLETED, S.NOT_SELECTED, S.WITHDRAWN, S.CANCELLED):
        assert allowed_targets(final, Actor.STAFF) == allowed_targets(final, Actor.COMPANY) == []


def test_staff_moves_run_the_whole_way_with_a_history_row_each(submitted, staff):
    application, _owner = submitted
    transitions.application_screening_start(application=application, acting_user=staff)
    deadline = timezone.now() + timedelta(days=7)
    transitions.application_revision_request(
        application=application, acting_user=staff, missing=["사업자등록증 최신본"], deadline=deadline, reason="보완"
    )
    company_user = application.company.members.get().user
    transitions.application_revision_submit(application=application, acting_user=company_user)
    transitions.application_evaluation_start(application=application, acting_user=staff)
    transitions.application_waitlist(application=application, acting_user=staff)
    transitions.application_select(application=application, acting_user=staff, reason="예산 확보")
    transitions.application_agreement_conclude(application=application, acting_user=staff)
    transitions.application_project_start(application=application, acting_user=staff)
    transitions.application_complete(application=application, acting_user=staff)
    application.refresh_from_db()
    assert application.status == S.COMPLETED
    rows = list(ApplicationStatusChange.objects.filter(application=application).order_by("changed_at", "id"))
    assert [(row.from_status, row.to_status) for row in rows] == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.SCREENING),
        (S.SCREENING, S.REVISION_REQUESTED),
        (S.REVISION_REQUESTED, S.REVISION_SUBMITTED),
        (S.REVISION_SUBMITTED, S.EVALUATION),
        (S.EVALUATION, S.WAITLISTED),
        (S.WAITLISTED, S.SELECTED),
        (S.SELECTED, S.AGREEMENT),
        (S.AGREEMENT, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.COMPLETED),
    ]
    revision = rows[2]
    assert revision.missing == ["사업자등록증 최신본"] and revision.deadline == deadline and revision.reason == "보완"
    assert revision.changed_by == staff and revision.actor == Actor.STAFF
    assert rows[3].actor == Actor.COMPANY and rows[3].snapshot["project_title"] == application.project_title


def test_company_may_withdraw_until_screening_starts(submitted, staff):
    application, owner = submitted
    transitions.application_screening_start(application=application, acting_user=staff)
    with pytest.raises(PermissionDenied):
        transitions.application_withdraw(application=application, acting_user=owner)
    assert Application.objects.get(pk=application.pk).status == S.SCREENING


def test_withdrawing_a_submitted_application(submitted):
    application, owner = submitted
    change = transitions.application_withdraw(application=application, acting_user=owner, reason="사정 변경")
    assert (change.from_status, change.to_status, change.changed_by, change.reason) == (
        S.SUBMITTED,
        S.WITHDRAWN,
        owner,
        "사정 변경",
    )


def test_a_company_cannot_make_staff_moves_and_staff_cannot_make_company_moves(submitted, staff):
    application, owner = submitted
    with pytest.raises(PermissionDenied):
        transitions.application_screening_start(application=application, acting_user=owner)
    with pytest.raises(PermissionDenied):
        transitions.application_withdraw(application=application, acting_user=staff)
    outsider = UserFactory(email="outsider@example.com")
    with pytest.raises(PermissionDenied):
        transitions.application_screening_start(application=application, acting_user=outsider)
    assert Application.objects.get(pk=application.pk).status == S.SUBMITTED
    assert application.status_changes.count() == 1


def test_a_move_the_table_does_not_have_is_refused(submitted, staff):
    application, _owner = submitted
    with pytest.raises(PermissionDenied):
        transitions.application_select(application=application, acting_user=staff)  # not evaluated yet
    with pytest.raises(PermissionDenied):
        transitions.application_complete(application=application, acting_user=staff)
    assert application.status_changes.count() == 1


def test_the_system_may_cancel_but_must_say_why(submitted):
    application, _owner = submitted
    with pytest.raises(ValidationError):
        transitions.application_cancel(application=application, acting_user=None, reason="  ")
    change = transitions.application_cancel(application=application, acting_user=None, reason="중복 신청")
    assert change.actor == Actor.SYSTEM and change.changed_by is None


def test_a_revision_request_names_what_is_missing_and_a_future_deadline(submitted, staff):
    application, _owner = submitted
    transitions.application_screening_start(application=application, acting_user=staff)
    with pytest.raises(ValidationError):
        transitions.application_revision_request(
            application=application, acting_user=staff, missing=[" "], deadline=timezone.now() + timedelta(days=3)
        )
    with pytest.raises(ValidationError):
        transitions.application_revision_request(
            application=application, acting_user=staff, missing=["x"], deadline=timezone.now() - timedelta(days=1)
        )
    assert Application.objects.get(pk=application.pk).status == S.SCREENING


def test_a_stale_object_cannot_move_twice(submitted, staff):
    application, _owner = submitted
    stale = Application.objects.get(pk=application.pk)
    transitions.application_screening_start(application=application, acting_user=staff)
    with pytest.raises(ValidationError) as error:
        transitions.application_screening_start(application=stale, acting_user=staff)
    assert "changed meanwhile" in str(error.value)
    assert application.status_changes.filter(to_status=S.SCREENING).count() == 1


def test_rejection_needs_a_reason(submitted, staff):
    application, _owner = submitted
    transitions.application_screening_start(application=application, acting_user=staff)
    with pytest.raises(ValidationError):
        transitions.application_reject(application=application, acting_user=staff, reason="")
    change = transitions.application_reject(application=application, acting_user=staff, reason="자격 미달")
    assert change.to_status == S.NOT_SELECTED
