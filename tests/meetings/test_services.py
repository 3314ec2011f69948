"""The services of the results meeting: capacity in people, the waiting list and its promotion, the survey once
per registered company with errors naming the question, permissions and bad input."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from portal.notifications.models import Notification
from reports.meetings.enums import QuestionKind, RegistrationState
from reports.meetings.models import Answer, Meeting, Registration, Response
from reports.meetings.services import (
    meeting_save,
    question_add,
    question_delete,
    registration_cancel,
    registration_check_in,
    registration_register,
    survey_answer,
)

from .factories import meeting, meeting_input, member, staff, survey

pytestmark = pytest.mark.django_db
R = RegistrationState


def register(meeting, user, attendees=1):
    return registration_register(
        meeting=meeting, company=user.company_membership.company, acting_user=user, attendees=attendees
    )


def test_registrations_fill_the_capacity_in_people_then_wait():
    m = meeting(capacity=4)
    first = register(m, member(), 3)
    second = register(m, member(), 2)
    third = register(m, member(), 1)
    assert [first.state, second.state, third.state] == [R.REGISTERED, R.WAITLISTED, R.WAITLISTED]


def test_cancelling_promotes_the_first_waiting_company_and_tells_it():
    m = meeting(capacity=2)
    holder, waiting_first, waiting_second = member(), member(), member()
    held = register(m, holder, 2)
    first = register(m, waiting_first, 1)
    second = register(m, waiting_second, 1)
    promoted = registration_cancel(registration=held, acting_user=holder)
    assert [r.pk for r in promoted] == [first.pk, second.pk]
    assert set(Registration.objects.filter(state=R.REGISTERED).values_list("pk", flat=True)) == {first.pk, second.pk}
    offered = Notification.objects.filter(event="meeting_place_offered")
    assert {n.recipient_id for n in offered} == {waiting_first.pk, waiting_second.pk}
    assert not offered.filter(recipient=holder).exists()


def test_the_waiting_list_is_first_come_first_served():
    m = meeting(capacity=3)
    holder = member()
    held = register(m, holder, 2)
    big = register(m, member(), 3)  # waits: 2 + 3 > 3
    small = register(m, member(), 1)  # would fit, but someone waits before it
    assert small.state == R.WAITLISTED
    registration_cancel(registration=held, acting_user=holder)
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.state == R.REGISTERED and small.state == R.WAITLISTED


def test_a_larger_capacity_registers_the_waiting_list_and_a_smaller_one_is_refused():
    by = staff()
    m = meeting(by=by, capacity=1)
    register(m, member(), 1)
    waiting = register(m, member(), 1)
    with pytest.raises(ValidationError) as caught:
        meeting_save(acting_user=by, meeting=m, data=meeting_input(year=m.year, capacity=0))
    assert "capacity" in caught.value.message_dict
    meeting_save(acting_user=by, meeting=m, data=meeting_input(year=m.year, capacity=2))
    waiting.refresh_from_db()
    assert waiting.state == R.REGISTERED


def test_a_company_registers_once_and_may_register_again_after_cancelling():
    m = meeting()
    user = member()
    registration = register(m, user)
    with pytest.raises(ValidationError) as caught:
        register(m, user)
    assert caught.value.code == "registered"
    registration_cancel(registration=registration, acting_user=user)
    with pytest.raises(ValidationError):
        registration_cancel(registration=registration, acting_user=user)
    again = register(m, user, 2)
    assert again.pk == registration.pk and again.state == R.REGISTERED and again.attendees == 2


def test_registration_outside_the_window_or_with_too_many_people_is_refused():
    now = timezone.now()
    closed = meeting(registration_opens=now - timedelta(days=5), registration_closes=now - timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        register(closed, member())
    assert caught.value.code == "closed"
    with pytest.raises(ValidationError) as caught:
        register(meeting(), member(), 4)
    assert "attendees" in caught.value.message_dict
    assert not Registration.objects.exists()


def test_only_a_member_registers_or_cancels_and_only_staff_check_in():
    m = meeting()
    user, other = member(), member()
    with pytest.raises(PermissionDenied):
        registration_register(meeting=m, company=user.company_membership.company, acting_user=other, attendees=1)
    registration = register(m, user)
    with pytest.raises(PermissionDenied):
        registration_cancel(registration=registration, acting_user=other)
    with pytest.raises(PermissionDenied):
        registration_check_in(registration=registration, acting_user=user)
    with pytest.raises(PermissionDenied):
        meeting_save(acting_user=user, data=meeting_input())
    person = staff()
    checked = registration_check_in(registration=registration, acting_user=person)
    assert checked.checked_in_at is not None and checked.checked_in_by == person
    assert registration_check_in(registration=registration, acting_user=person, present=False).checked_in_at is None


def test_a_waiting_company_cannot_be_checked_in():
    m = meeting(capacity=1)
    register(m, member())
    waiting = register(m, member())
    with pytest.raises(ValidationError):
        registration_check_in(registration=waiting, acting_user=staff())


def test_meeting_rules_name_their_fields_and_a_year_is_unique():
    by = staff()
    now = timezone.now()
    m = meeting(by=by)
    bad = meeting_input(
        year=m.year, registration_opens=now + timedelta(days=3), registration_closes=now + timedelta(days=2)
    )
    with pytest.raises(ValidationError) as caught:
        meeting_save(acting_user=by, data=bad)
    assert set(caught.value.message_dict) == {"year", "registration_closes"}
    assert Meeting.objects.count() == 1


def answers(questions, choice="마케팅", scale="4", text="좋았습니다"):
    return {questions[0].pk: choice, questions[1].pk: scale, questions[2].pk: text}


def test_a_registered_company_answers_once():
    m = meeting()
    questions = survey(m)
    user = member()
    register(m, user)
    response = survey_answer(
        meeting=m, company=user.company_membership.company, acting_user=user, answers=answers(questions)
    )
    assert response.answered_by == user
    assert set(Answer.objects.values_list("choice", "scale", "text")) == {
        ("마케팅", None, ""),
        ("", 4, ""),
        ("", None, "좋았습니다"),
    }
    colleague = member(user.company_membership.company)
    with pytest.raises(ValidationError) as caught:
        survey_answer(
            meeting=m, company=user.company_membership.company, acting_user=colleague, answers=answers(questions)
        )
    assert caught.value.code == "answered"
    assert Response.objects.count() == 1


def test_a_half_answered_survey_saves_nothing_and_names_the_question():
    m = meeting()
    questions = survey(m)
    user = member()
    register(m, user)
    with pytest.raises(ValidationError) as caught:
        survey_answer(
            meeting=m,
            company=user.company_membership.company,
            acting_user=user,
            answers=answers(questions, choice="", scale="9"),
        )
    errors = caught.value.message_dict
    assert set(errors) == {f"question_{questions[0].pk}", f"question_{questions[1].pk}"}
    assert "내년에 가장 필요한 지원은?" in errors[f"question_{questions[0].pk}"][0]
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_an_unknown_choice_is_refused_and_the_optional_text_may_be_empty():
    m = meeting()
    questions = survey(m)
    user = member()
    register(m, user)
    company = user.company_membership.company
    with pytest.raises(ValidationError):
        survey_answer(meeting=m, company=company, acting_user=user, answers=answers(questions, choice="없는 답"))
    survey_answer(meeting=m, company=company, acting_user=user, answers=answers(questions, text=""))
    assert Answer.objects.count() == 2


def test_a_waiting_or_unregistered_company_cannot_answer():
    m = meeting(capacity=1)
    questions = survey(m)
    register(m, member())
    waiting = member()
    register(m, waiting)
    stranger = member()
    for user in (waiting, stranger):
        with pytest.raises(ValidationError) as caught:
            survey_answer(
                meeting=m, company=user.company_membership.company, acting_user=user, answers=answers(questions)
            )
        assert caught.value.code == "not_registered"


def test_questions_are_fixed_once_a_company_answered():
    by = staff()
    m = meeting(by=by)
    questions = survey(m, by=by)
    with pytest.raises(ValidationError) as caught:
        question_add(
            meeting=m,
            acting_user=by,
            order=9,
            text_ko="보기",
            text_en="",
            kind=QuestionKind.CHOICE,
            choices="하나",
            required=True,
        )
    assert "choices" in caught.value.message_dict
    user = member()
    register(m, user)
    survey_answer(meeting=m, company=user.company_membership.company, acting_user=user, answers=answers(questions))
    with pytest.raises(ValidationError):
        question_delete(question=questions[2], acting_user=by)
    with pytest.raises(PermissionDenied):
        question_delete(question=questions[2], acting_user=user)


@pytest.mark.django_db(transaction=True)
def test_two_registrations_for_the_last_place_one_registered_one_waitlisted(require_postgres):
    m = meeting(capacity=3)
    register(m, member(), 2)
    users = [member(), member()]
    barrier = threading.Barrier(2)
    states: list[str] = []

    def attempt(user) -> None:
        try:
            barrier.wait(timeout=10)
            states.append(register(m, user, 1).state)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(states) == [R.REGISTERED, R.WAITLISTED]
    assert Registration.objects.filter(state=R.REGISTERED).count() == 2
