"""The aggregate: weighted totals, dropping the highest and lowest with 5+ scores, bonus, cut-off, rank, budget."""

from decimal import Decimal

import pytest

from applications.evaluation.models import BonusAward
from applications.evaluation.selectors import ranking
from tests.programs.factories import CallFactory

from .factories import application, assign, committee_for, expert, scored, submitted_sheet

pytestmark = pytest.mark.django_db


def row(call, app):
    return next(r for r in ranking(call=call) if r.pk == app.pk)


def test_weighted_total_is_score_over_max_times_weight():
    committee = committee_for(rubric=(("기술성", "Tech", 60, 20), ("사업성", "Business", 40, 50)))
    app = application(committee.call)
    sheet = submitted_sheet(assign(committee, app, expert(committee)), [0.5, 0.8])
    # 10/20*60 + 40/50*40 = 30 + 32
    assert sheet.total == Decimal("62.000")


@pytest.mark.parametrize(
    ("totals", "average"),
    [
        ([60, 70, 80, 90], 75.0),  # 4 experts: plain mean
        ([50, 60, 70, 80, 100], 70.0),  # 5: drop 100 and 50 → mean of 60, 70, 80
        ([40, 60, 70, 80, 90, 95], 75.0),  # 6: drop 95 and 40 → mean of 60, 70, 80, 90
        ([70, 70, 70, 90, 90], 76.667),  # ties: one 90 and one 70 are dropped, not all
        ([80, 80, 80, 80, 80, 80], 80.0),  # all equal
        ([50, 50, 60, 90, 90, 90], 72.5),  # ties at both ends with 6: drop one 90 and one 50
    ],
)
def test_average_drops_one_highest_and_one_lowest_from_five_scores(totals, average):
    committee = committee_for()
    app = application(committee.call)
    scored(committee, app, totals)
    result = row(committee.call, app)
    assert result.n_scores == len(totals)
    assert result.average == pytest.approx(average, abs=0.001)


def test_drafts_and_removed_experts_do_not_count():
    committee = committee_for()
    app = application(committee.call)
    scored(committee, app, [60, 80])
    assign(committee, app, expert(committee))  # assigned, nothing submitted
    removed = scored(committee, app, [10])[0].assignment
    removed.is_active = False
    removed.save()
    result = row(committee.call, app)
    assert (result.n_scores, result.average) == (2, 70.0)


def test_bonus_is_added_and_cut_off_marks_pass_and_fail():
    committee = committee_for(cutoff="70")
    call = committee.call
    passing, failing, exact = application(call), application(call), application(call)
    scored(committee, passing, [69, 69])
    scored(committee, failing, [69.5, 68.5])
    scored(committee, exact, [70])
    BonusAward.objects.create(application=passing, bonus_item=committee.bonus_items.get(), points=2, reason="연구소")
    rows = {r.pk: r for r in ranking(call=call)}
    assert (rows[passing.pk].bonus, rows[passing.pk].final, rows[passing.pk].passed) == (2.0, 71.0, True)
    assert (rows[failing.pk].final, rows[failing.pk].passed) == (69.0, False)
    assert rows[exact.pk].passed is True


def test_rank_running_total_and_remaining_budget_go_down_by_final_score():
    call = CallFactory(budget_krw=100_000_000)
    committee = committee_for(call)
    first = application(call, city_support=40_000_000)
    second = application(call, city_support=50_000_000)
    third = application(call, city_support=30_000_000)
    unscored = application(call, city_support=10_000_000)
    scored(committee, first, [90])
    scored(committee, second, [80])
    scored(committee, third, [70])
    rows = list(ranking(call=call))
    assert [r.pk for r in rows] == [first.pk, second.pk, third.pk, unscored.pk]
    assert [r.rank for r in rows[:3]] == [1, 2, 3]
    assert [r.city_support for r in rows] == [40_000_000, 50_000_000, 30_000_000, 10_000_000]
    assert [r.running_total for r in rows] == [40_000_000, 90_000_000, 120_000_000, 130_000_000]
    assert [r.remaining_budget for r in rows] == [60_000_000, 10_000_000, -20_000_000, -30_000_000]
    assert rows[3].final is None and rows[3].passed is not True


def test_equal_scores_share_a_rank():
    committee = committee_for()
    a, b, c = (application(committee.call) for _ in range(3))
    scored(committee, a, [80])
    scored(committee, b, [80])
    scored(committee, c, [75])
    assert sorted(r.rank for r in ranking(call=committee.call)) == [1, 1, 3]


def test_applications_outside_evaluation_are_left_out():
    from applications.workflow import ApplicationStatus

    committee = committee_for()
    application(committee.call, status=ApplicationStatus.SCREENING)
    application(committee.call, status=ApplicationStatus.NOT_SELECTED)  # rejected at screening: no experts
    kept = application(committee.call)
    assert [r.pk for r in ranking(call=committee.call)] == [kept.pk]
