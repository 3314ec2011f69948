"""Events of the evaluation: expert assigned, evaluation reminder, all scores in — rows, recipients, languages."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from applications.evaluation.enums import ChallengeDecision, ConflictKind, ExclusionGround
from applications.evaluation.models import Assignment, Committee, ScoreSheet
from applications.evaluation.reminders import evaluation_remind
from applications.evaluation.services import (
    CriterionInput,
    assignment_create,
    assignments_spread,
    challenge_decide,
    challenge_enter,
    committee_close,
    conflict_declare,
    score_sheet_save,
)
from applications.evaluation.tasks import remind_evaluation
from applications.workflow import ApplicationStatus
from portal.notifications.enums import ChannelKind
from portal.notifications.models import Notification
from portal.notifications.rendering import render
from programs.demo import open_year
from tests.evaluation.factories import application, assign, committee_for, expert, staff, submitted_sheet

pytestmark = pytest.mark.django_db
COMMENT = "근거가 충분한 평가 의견"
BOTH = {ChannelKind.EMAIL, ChannelKind.IN_APP}


def rows_of(event: str):
    return Notification.objects.filter(event=event).order_by("recipient_id", "channel")


def submit(assignment, person):
    values = {c.pk: CriterionInput("10", COMMENT) for c in assignment.committee.criteria.all()}
    return score_sheet_save(assignment=assignment, acting_user=person, values=values, submit=True)


def test_assigning_an_expert_by_hand_tells_the_expert_in_their_language(django_capture_on_commit_callbacks):
    committee = committee_for()
    person = expert(committee, language="en")
    app = application(committee.call)
    with django_capture_on_commit_callbacks() as callbacks:
        assignment = assignment_create(committee=committee, application=app, expert=person, acting_user=staff())
    rows = list(rows_of("expert_assigned"))
    assert {row.recipient_id for row in rows} == {person.pk}
    assert {row.channel for row in rows} == BOTH
    assert {row.link for row in rows} == {reverse("evaluation_expert:assignment", kwargs={"pk": assignment.pk})}
    assert rows[0].context_ids == {"application": app.pk, "expert": person.pk}
    assert len(callbacks) == 1  # the delivery is queued once, after the commit
    rendered = render(rows[0])
    assert rendered.language == "en"
    assert app.receipt_number in rendered.subject and "evaluate" in rendered.subject


def test_an_expert_in_korean_gets_the_notification_rendered_in_korean():
    committee = committee_for()
    person = expert(committee, language="ko")
    assignment_create(committee=committee, application=application(committee.call), expert=person, acting_user=staff())
    assert render(rows_of("expert_assigned").first()).language == "ko"


def test_a_refused_assignment_writes_no_notification(django_capture_on_commit_callbacks):
    committee = committee_for()
    outsider = expert()  # not a member of the committee
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Exception):  # noqa: B017
        assignment_create(
            committee=committee, application=application(committee.call), expert=outsider, acting_user=staff()
        )
    assert callbacks == []
    assert Notification.objects.count() == 0


def test_a_rolled_back_assignment_leaves_no_rows_and_queues_nothing(django_capture_on_commit_callbacks):
    committee = committee_for()
    person = expert(committee)
    app = application(committee.call)
    manager = staff()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        assignment_create(committee=committee, application=app, expert=person, acting_user=manager)
        assert rows_of("expert_assigned").count() == 2
        raise RuntimeError("the request fails later")
    assert callbacks == []
    assert Notification.objects.count() == 0


def test_spreading_evenly_tells_each_expert_once_per_new_assignment(django_capture_on_commit_callbacks):
    committee = committee_for()
    experts = [expert(committee) for _ in range(3)]
    apps = [application(committee.call) for _ in range(4)]
    assign(committee, apps[0], experts[0])  # already assigned: keeps it and is not told again
    with django_capture_on_commit_callbacks() as callbacks:
        result = assignments_spread(committee=committee, per_application=2, acting_user=staff())
    assert result.created == 7
    rows = rows_of("expert_assigned").filter(channel=ChannelKind.EMAIL)
    assert rows.count() == 7
    pairs = {(row.recipient_id, row.context_ids["application"]) for row in rows}
    assert (experts[0].pk, apps[0].pk) not in pairs
    assert len(pairs) == 7
    assert all(row.link.startswith("/expert/assignments/") for row in rows)
    # The fourteen rows (seven assignments, two channels) are queued after the commit (one hand-over per
    # notify() call), none before.
    assert len(callbacks) == result.created


def test_the_last_submitted_sheet_tells_the_staff_managers_once(django_capture_on_commit_callbacks):
    committee = committee_for()
    manager = staff(manager=True, language="en")
    staff()  # plain staff are not told
    first, second = expert(committee), expert(committee)
    app = application(committee.call)
    a1, a2 = assign(committee, app, first), assign(committee, app, second)
    submit(a1, first)
    assert rows_of("all_scores_in").count() == 0
    with django_capture_on_commit_callbacks() as callbacks:
        submit(a2, second)
    rows = list(rows_of("all_scores_in"))
    assert {row.recipient_id for row in rows} == {manager.pk}
    assert {row.channel for row in rows} == BOTH
    assert rows[0].link == reverse("evaluation_staff:ranking", kwargs={"call_code": committee.call.code})
    assert rows[0].dedupe_key == f"all_scores_in:{committee.pk}"
    assert len(callbacks) == 1
    rendered = render(rows[0])
    assert rendered.language == "en" and rendered.subject.startswith("All scores are in: ")
    with translation.override("en"):
        assert committee.call.title in rendered.subject  # the call's English title

    # A late expert scored afterwards does not repeat it: once per committee.
    late = expert(committee)
    submit(assign(committee, application(committee.call), late), late)
    assert rows_of("all_scores_in").count() == 2


def test_a_draft_save_or_an_inactive_assignment_does_not_count_as_scored():
    committee = committee_for()
    staff(manager=True)
    first, second, gone = expert(committee), expert(committee), expert(committee)
    app = application(committee.call)
    a1, a2 = assign(committee, app, first), assign(committee, app, second)
    removed = assign(committee, app, gone)
    removed.is_active = False
    removed.save(update_fields=["is_active"])
    submit(a1, first)
    score_sheet_save(assignment=a2, acting_user=second, values={})  # a draft
    assert rows_of("all_scores_in").count() == 0
    submit(a2, second)  # the inactive assignment has no sheet and does not hold it back
    assert rows_of("all_scores_in").count() == 2


def test_all_scores_in_is_rolled_back_with_the_submission(django_capture_on_commit_callbacks):
    committee = committee_for()
    staff(manager=True)
    person = expert(committee)
    assignment = assign(committee, application(committee.call), person)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        submit(assignment, person)
        assert rows_of("all_scores_in").count() == 2
        raise RuntimeError("the request fails later")
    assert callbacks == []
    assert Notification.objects.count() == 0


def test_an_application_that_left_the_evaluation_does_not_hold_back_all_scores_in():
    committee = committee_for()
    staff(manager=True)
    first, second = expert(committee), expert(committee)
    scored, cancelled = application(committee.call), application(committee.call)
    assign(committee, cancelled, second)  # never scored: the application was cancelled meanwhile
    cancelled.status = ApplicationStatus.CANCELLED
    cancelled.save(update_fields=["status"])
    submit(assign(committee, scored, first), first)
    submit(assign(committee, scored, second), second)
    assert rows_of("all_scores_in").count() == 2


def test_the_first_sheet_is_not_all_in_while_other_applications_still_wait_for_their_experts():
    committee = committee_for()
    committee.experts_per_application = 2
    committee.save(update_fields=["experts_per_application"])
    staff(manager=True)
    first, second, third = expert(committee), expert(committee), expert(committee)
    one, two = application(committee.call), application(committee.call)
    # Experts are assigned and score one application after the other (as the demo does).
    submit(assign(committee, one, first), first)
    assert rows_of("all_scores_in").count() == 0  # one has 1 of its 2 experts, two has none
    submit(assign(committee, one, second), second)
    submit(assign(committee, two, first), first)
    assert rows_of("all_scores_in").count() == 0  # two still has 1 of 2
    last = assign(committee, two, third)
    submit(last, third)
    rows = list(rows_of("all_scores_in"))
    assert len(rows) == 2 and all(row.created_at >= last.sheet.submitted_at for row in rows)


def test_an_application_with_fewer_free_experts_than_asked_counts_as_complete():
    committee = committee_for()  # 5 experts per application, but only 2 members, one removed by a conflict
    staff(manager=True)
    first, conflicted = expert(committee), expert(committee)
    app = application(committee.call)
    assign(committee, app, conflicted, declared=False)
    conflict_declare(
        assignment=Assignment.objects.get(expert=conflicted),
        acting_user=conflicted,
        kind=ConflictKind.RECUSAL,
        note="자문한 적이 있는 기업",
    )
    assert rows_of("all_scores_in").count() == 0
    submit(assign(committee, app, first), first)
    assert rows_of("all_scores_in").count() == 2


def test_the_demo_tells_the_manager_that_all_scores_of_2027_itd_are_in_and_none_of_hvc():
    call_command("seed_demo", stdout=StringIO())
    rows = Notification.objects.filter(event="all_scores_in", channel=ChannelKind.IN_APP)
    committees = {Committee.objects.get(pk=row.context_ids["committee"]).call.code for row in rows}
    assert committees == {f"{open_year()}-itd"}  # hvc still has a draft and an undeclared expert
    assert {row.recipient.email for row in rows} == {"manager@demo.yc.kr"}
    # Told by the last sheet, not by the first one submitted while the other experts were still being assigned.
    last = ScoreSheet.objects.filter(assignment__committee__call__code=f"{open_year()}-itd").latest("submitted_at")
    assert all(row.created_at >= last.submitted_at for row in rows)


@pytest.fixture
def meeting(settings):
    settings.NOTIFICATIONS_EVALUATION_REMINDER_DAYS = 2
    committee = committee_for()
    committee.meeting_on = timezone.localdate() + timedelta(days=2)
    committee.save(update_fields=["meeting_on"])
    return committee


def test_evaluation_reminder_goes_to_experts_without_a_submitted_sheet_once(meeting):
    done, drafting, undeclared = expert(meeting), expert(meeting, language="en"), expert(meeting)
    app = application(meeting.call)
    submitted_sheet(assign(meeting, app, done), 0.8)
    drafting_assignment = assign(meeting, app, drafting)
    score_sheet_save(assignment=drafting_assignment, acting_user=drafting, values={})
    undeclared_assignment = assign(meeting, app, undeclared, declared=False)
    gone = assign(meeting, app, expert(meeting))
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    assert evaluation_remind() == 4  # two experts, two channels
    rows = rows_of("evaluation_reminder")
    assert {row.recipient_id for row in rows} == {drafting.pk, undeclared.pk}
    links = {row.recipient_id: row.link for row in rows}
    assert links[drafting.pk] == reverse("evaluation_expert:assignment", kwargs={"pk": drafting_assignment.pk})
    assert links[undeclared.pk] == reverse("evaluation_expert:assignment", kwargs={"pk": undeclared_assignment.pk})
    rendered = render(rows.filter(recipient=drafting).first())
    assert rendered.language == "en" and meeting.meeting_on.isoformat() in rendered.text

    assert evaluation_remind() == 0  # the job running again the same day sends nothing more
    assert rows.count() == 4


def test_evaluation_reminder_skips_other_dates_and_closed_committees(meeting, settings):
    person = expert(meeting)
    assign(meeting, application(meeting.call), person)
    settings.NOTIFICATIONS_EVALUATION_REMINDER_DAYS = 3
    assert evaluation_remind() == 0
    settings.NOTIFICATIONS_EVALUATION_REMINDER_DAYS = 2
    committee_close(committee=meeting, acting_user=staff(manager=True), override_reason="회의 일정 변경")
    assert evaluation_remind() == 0
    assert Notification.objects.count() == 0


def test_a_moved_meeting_date_reminds_again(meeting, settings):
    person = expert(meeting)
    assign(meeting, application(meeting.call), person)
    assert evaluation_remind() == 2
    meeting.meeting_on += timedelta(days=5)
    meeting.save(update_fields=["meeting_on"])
    settings.NOTIFICATIONS_EVALUATION_REMINDER_DAYS = 7
    assert evaluation_remind() == 2


def test_removing_the_last_unscored_expert_by_a_declared_conflict_tells_the_managers_once(
    django_capture_on_commit_callbacks,
):
    committee = committee_for()
    manager = staff(manager=True)
    scorer, conflicted = expert(committee), expert(committee)
    app = application(committee.call)
    scored_assignment, pending = assign(committee, app, scorer), assign(committee, app, conflicted, declared=False)
    submit(scored_assignment, scorer)
    assert rows_of("all_scores_in").count() == 0

    with django_capture_on_commit_callbacks() as callbacks:
        conflict_declare(
            assignment=pending, acting_user=conflicted, kind=ConflictKind.EXCLUSION, ground=ExclusionGround.KIN
        )
    rows = list(rows_of("all_scores_in"))
    assert {row.recipient_id for row in rows} == {manager.pk}
    assert {row.channel for row in rows} == BOTH
    assert rows[0].dedupe_key == f"all_scores_in:{committee.pk}"
    assert len(callbacks) == 1

    # Another removal later (the submitted expert's challenge upheld) does not repeat it.
    challenge = challenge_enter(application=app, expert=scorer, grounds="이해관계 의심 사유", acting_user=manager)
    challenge_decide(challenge=challenge, decision=ChallengeDecision.UPHELD, reason="인정됨", acting_user=manager)
    assert rows_of("all_scores_in").count() == 2


def test_an_upheld_challenge_of_the_last_unscored_expert_tells_the_managers():
    committee = committee_for()
    manager = staff(manager=True)
    scorer, challenged = expert(committee), expert(committee)
    app = application(committee.call)
    scored_assignment = assign(committee, app, scorer)
    assign(committee, app, challenged)  # declared no conflict, not scored yet
    submit(scored_assignment, scorer)
    challenge = challenge_enter(application=app, expert=challenged, grounds="공동연구 이력이 있음", acting_user=manager)
    challenge_decide(challenge=challenge, decision=ChallengeDecision.DISMISSED, reason="근거 부족", acting_user=manager)
    assert rows_of("all_scores_in").count() == 0  # dismissed: the expert stays, unscored

    again = challenge_enter(application=app, expert=challenged, grounds="새 자료 제출", acting_user=manager)
    challenge_decide(challenge=again, decision=ChallengeDecision.UPHELD, reason="인정됨", acting_user=manager)
    assert {row.recipient_id for row in rows_of("all_scores_in")} == {manager.pk}


def test_a_removal_that_leaves_an_unscored_expert_or_nobody_tells_nobody():
    committee = committee_for()
    staff(manager=True)
    scorer, waiting, conflicted = expert(committee), expert(committee), expert(committee)
    app = application(committee.call)
    scored_assignment = assign(committee, app, scorer)
    assign(committee, app, waiting)  # still to score
    pending = assign(committee, app, conflicted, declared=False)
    submit(scored_assignment, scorer)
    conflict_declare(assignment=pending, acting_user=conflicted, kind=ConflictKind.RECUSAL, note="공동 연구 중인 기업")
    assert rows_of("all_scores_in").count() == 0

    lonely = committee_for()
    person = expert(lonely)
    only = assign(lonely, application(lonely.call), person, declared=False)
    conflict_declare(assignment=only, acting_user=person, kind=ConflictKind.RECUSAL, note="공동 연구 중인 기업")
    assert rows_of("all_scores_in").count() == 0  # no active assignment left: no scores to be in


def test_the_evaluation_reminder_runs_as_its_scheduled_task(meeting, settings):
    person = expert(meeting)
    assign(meeting, application(meeting.call), person)
    assert settings.CELERY_BEAT_SCHEDULE["evaluation-reminders"]["task"] == remind_evaluation.name
    assert remind_evaluation.apply().get() == 2
