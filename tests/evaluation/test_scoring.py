"""Scoring: validation, drafts, submitting once, closing the evaluation."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.evaluation.enums import SheetStatus
from applications.evaluation.services import CriterionInput, committee_close, score_sheet_save

from .factories import application, assign, committee_for, expert, staff, submitted_sheet

pytestmark = pytest.mark.django_db
COMMENT = "근거가 충분한 평가 의견"


def setup():
    committee = committee_for()
    person = expert(committee)
    assignment = assign(committee, application(committee.call), person)
    criteria = list(committee.criteria.all())
    return committee, person, assignment, criteria


def full(criteria, score="10"):
    return {c.pk: CriterionInput(score, COMMENT) for c in criteria}


def test_draft_may_be_incomplete_and_submit_needs_everything():
    _committee, person, assignment, criteria = setup()
    sheet = score_sheet_save(
        assignment=assignment, acting_user=person, values={criteria[0].pk: CriterionInput("30.5", "")}
    )
    assert sheet.status == SheetStatus.DRAFT
    assert sheet.scores.get(criterion=criteria[0]).score == Decimal("30.5")
    with pytest.raises(ValidationError) as error:
        score_sheet_save(
            assignment=assignment, acting_user=person, values={criteria[0].pk: CriterionInput("30.5", "")}, submit=True
        )
    fields = error.value.message_dict
    assert f"comment_{criteria[0].pk}" in fields and f"score_{criteria[1].pk}" in fields
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT


@pytest.mark.parametrize(
    ("raw", "message"),
    [("41", "between 0 and 40"), ("-1", "between 0 and 40"), ("10.25", "one decimal"), ("abc", "Enter a number")],
)
def test_bad_scores_are_refused_with_the_field_named(raw, message):
    _committee, person, assignment, criteria = setup()
    with pytest.raises(ValidationError) as error:
        score_sheet_save(assignment=assignment, acting_user=person, values={criteria[0].pk: CriterionInput(raw, "")})
    assert message in error.value.message_dict[f"score_{criteria[0].pk}"][0]


def test_submitted_sheet_stores_the_total_and_never_changes():
    _committee, person, assignment, criteria = setup()
    values = {c.pk: CriterionInput(str(c.max_score / 2), COMMENT) for c in criteria}
    sheet = score_sheet_save(assignment=assignment, acting_user=person, values=values, submit=True)
    assert (sheet.status, sheet.total) == (SheetStatus.SUBMITTED, Decimal("50.000"))
    assert sheet.submitted_at is not None
    with pytest.raises(ValidationError) as error:
        score_sheet_save(assignment=assignment, acting_user=person, values=full(criteria, "1"))
    assert "can no longer be changed" in str(error.value)
    assert sheet.scores.get(criterion=criteria[0]).score == Decimal("20.0")


def test_scoring_needs_a_declaration_first():
    committee = committee_for()
    person = expert(committee)
    assignment = assign(committee, application(committee.call), person, declared=False)
    with pytest.raises(PermissionDenied):
        score_sheet_save(assignment=assignment, acting_user=person, values={})


def test_rubric_not_summing_to_100_blocks_submission():
    committee = committee_for(rubric=(("기술성", "Tech", 50, 50), ("사업성", "Business", 40, 40)))
    person = expert(committee)
    assignment = assign(committee, application(committee.call), person)
    with pytest.raises(ValidationError) as error:
        score_sheet_save(assignment=assignment, acting_user=person, values=full(committee.criteria.all()), submit=True)
    assert "sum to 100" in str(error.value)


def test_only_a_manager_closes_and_open_sheets_need_a_reason():
    committee, person, assignment, criteria = setup()
    with pytest.raises(PermissionDenied):
        committee_close(committee=committee, acting_user=staff())
    manager = staff(manager=True)
    with pytest.raises(ValidationError) as error:
        committee_close(committee=committee, acting_user=manager)
    assert "override_reason" in error.value.message_dict
    committee = committee_close(committee=committee, acting_user=manager, override_reason="위원 1인 불참")
    assert committee.is_closed and committee.close_override_reason == "위원 1인 불참"
    with pytest.raises(ValidationError):
        score_sheet_save(assignment=assignment, acting_user=person, values=full(criteria))


def test_closing_with_everything_submitted_needs_no_reason():
    committee, _person, assignment, _criteria = setup()
    submitted_sheet(assignment, 0.8)
    committee = committee_close(committee=committee, acting_user=staff(manager=True))
    assert committee.is_closed and committee.close_override_reason == ""
