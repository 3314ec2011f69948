"""Selection within the budget: single and bulk decisions with reasons, history, and the cap under concurrency."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from applications.evaluation.enums import Decision
from applications.evaluation.models import BonusAward
from applications.evaluation.services import DecisionRequest, applications_decide, bonus_award, funded_total
from applications.models import ApplicationStatusChange
from applications.workflow import ApplicationStatus
from tests.programs.factories import CallFactory

from .factories import application, committee_for, staff

S = ApplicationStatus


def closed_committee(budget: int):
    committee = committee_for(CallFactory(budget_krw=budget))
    committee.closed_at = timezone.now()
    committee.save()
    return committee


@pytest.mark.django_db
def test_bulk_decisions_move_statuses_with_reasons_in_history():
    committee = closed_committee(100_000_000)
    call = committee.call
    a, b, c = application(call, city_support=40_000_000), application(call), application(call)
    user = staff()
    applications_decide(
        call=call,
        acting_user=user,
        decisions=[
            DecisionRequest(a.pk, Decision.SELECT, "1위, 예산 내"),
            DecisionRequest(b.pk, Decision.WAITLIST, "예비 1순위"),
            DecisionRequest(c.pk, Decision.DECLINE, "기준 점수 미달"),
        ],
    )
    for app, status, reason in (
        (a, S.SELECTED, "1위, 예산 내"),
        (b, S.WAITLISTED, "예비 1순위"),
        (c, S.NOT_SELECTED, "기준 점수 미달"),
    ):
        app.refresh_from_db()
        assert app.status == status
        change = ApplicationStatusChange.objects.get(application=app)
        assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
            S.EVALUATION,
            status,
            reason,
            user,
        )
    assert funded_total(call=call) == 40_000_000


@pytest.mark.django_db
def test_every_decision_needs_a_reason_and_nothing_is_half_done():
    committee = closed_committee(100_000_000)
    a, b = application(committee.call), application(committee.call)
    with pytest.raises(ValidationError) as error:
        applications_decide(
            call=committee.call,
            acting_user=staff(),
            decisions=[DecisionRequest(a.pk, Decision.SELECT, "적합"), DecisionRequest(b.pk, Decision.DECLINE, " ")],
        )
    assert f"reason_{b.pk}" in error.value.message_dict
    a.refresh_from_db()
    assert a.status == S.EVALUATION


@pytest.mark.django_db
def test_selection_over_the_budget_is_refused_and_nothing_changes():
    committee = closed_committee(100_000_000)
    call = committee.call
    a, b = application(call, city_support=60_000_000), application(call, city_support=50_000_000)
    applications_decide(call=call, acting_user=staff(), decisions=[DecisionRequest(a.pk, Decision.SELECT, "1위")])
    with pytest.raises(ValidationError) as error:
        applications_decide(call=call, acting_user=staff(), decisions=[DecisionRequest(b.pk, Decision.SELECT, "2위")])
    assert "40,000,000 won" in str(error.value) and error.value.code == "over_budget"
    b.refresh_from_db()
    assert b.status == S.EVALUATION
    # a waitlisted application is selected once the budget allows it
    applications_decide(call=call, acting_user=staff(), decisions=[DecisionRequest(b.pk, Decision.WAITLIST, "예비")])
    assert funded_total(call=call) == 60_000_000


@pytest.mark.django_db
def test_bulk_selection_is_checked_as_a_whole():
    committee = closed_committee(100_000_000)
    a, b = application(committee.call, city_support=60_000_000), application(committee.call, city_support=50_000_000)
    with pytest.raises(ValidationError):
        applications_decide(
            call=committee.call,
            acting_user=staff(),
            decisions=[DecisionRequest(a.pk, Decision.SELECT, "1위"), DecisionRequest(b.pk, Decision.SELECT, "2위")],
        )
    assert funded_total(call=committee.call) == 0


@pytest.mark.django_db
def test_decisions_wait_for_the_evaluation_to_close():
    committee = committee_for()
    app = application(committee.call)
    with pytest.raises(ValidationError) as error:
        applications_decide(
            call=committee.call, acting_user=staff(), decisions=[DecisionRequest(app.pk, Decision.SELECT, "1위")]
        )
    assert "Close the evaluation" in str(error.value)


@pytest.mark.django_db
def test_bonus_award_needs_a_reason_and_is_given_once():
    committee = committee_for()
    app = application(committee.call)
    item = committee.bonus_items.get()
    with pytest.raises(ValidationError):
        bonus_award(application=app, bonus_item=item, reason="", acting_user=staff())
    bonus_award(application=app, bonus_item=item, reason="영천 소재 연구소 참여", acting_user=staff())
    with pytest.raises(ValidationError):
        bonus_award(application=app, bonus_item=item, reason="again", acting_user=staff())
    assert BonusAward.objects.get().points == item.points


@pytest.mark.django_db(transaction=True)
def test_concurrent_selections_that_together_exceed_the_budget_let_exactly_one_through(require_postgres):
    committee = closed_committee(100_000_000)
    call = committee.call
    apps = [application(call, city_support=60_000_000) for _ in range(2)]
    users = [staff(), staff()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def select(app, user) -> None:
        try:
            barrier.wait(timeout=10)
            applications_decide(
                call=call, acting_user=user, decisions=[DecisionRequest(app.pk, Decision.SELECT, "선정")]
            )
            outcomes.append("selected")
        except ValidationError as error:
            outcomes.append(error.code or "refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=select, args=pair) for pair in zip(apps, users, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["over_budget", "selected"]
    assert funded_total(call=call) == 60_000_000
    assert ApplicationStatusChange.objects.filter(application__call=call, to_status=S.SELECTED).count() == 1
