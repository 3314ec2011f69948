"""The report's loop and rules: drafts saved as typed, hard limits refused at submission with the field named,
soft flags stored, the call's evidence rule, verify / return / reopen with their history, who may do what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.demo import minimal_pdf
from applications.outcomes import checks
from applications.outcomes.models import FIGURES, OutcomeEvidence, OutcomeRdTask, ReportAction, ReportState
from applications.outcomes.services import (
    Figures,
    evidence_add,
    evidence_remove,
    outcome_report_reopen,
    outcome_report_return,
    outcome_report_save,
    outcome_report_submit,
    outcome_report_verify,
    rd_task_add,
    rd_task_remove,
)
from programs.models import OUTCOME_EVIDENCE_FIGURES
from tests.programs.factories import CallFactory

from .factories import GOOD, completed_project, fill, member_of, staff, this_years_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, minimal_pdf(), content_type="application/pdf")


def submit_errors(report, user) -> dict:
    with pytest.raises(ValidationError) as caught:
        outcome_report_submit(report=report, acting_user=user)
    return caught.value.message_dict


def test_the_schedule_has_the_completion_year_and_the_calls_years_after_it_with_the_baseline():
    application = completed_project(years=2)
    year = timezone.localdate().year
    reports = list(application.outcome_reports.order_by("year"))
    assert [r.year for r in reports] == [year, year + 1, year + 2]
    assert {(r.baseline_sales_krw, str(r.baseline_employees)) for r in reports} == {(5_000_000_000, "40.50")}
    assert all(r.state == ReportState.DRAFT for r in reports)


def test_a_draft_is_saved_as_typed_even_when_absurd_and_submission_names_the_field():
    application = completed_project()
    user = member_of(application)
    report = fill(this_years_report(application), user, employees=1_000_000_000, sales_krw=10**16)
    report.refresh_from_db()
    assert report.employees == 1_000_000_000 and report.state == ReportState.DRAFT
    errors = submit_errors(report, user)
    assert "employees at year end" in errors["employees"][0] and "100,000" in errors["employees"][0]
    assert "sales (KRW)" in errors["sales_krw"][0]
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.submitted_at is None and not report.changes.exists()


def test_negative_values_are_refused_naming_the_field_and_nothing_is_saved():
    application = completed_project()
    user = member_of(application)
    report = this_years_report(application)
    with pytest.raises(ValidationError) as caught:
        fill(report, user, sales_krw=-5, prototypes=3)
    assert "sales (KRW)" in caught.value.message_dict["sales_krw"][0]
    report.refresh_from_db()
    assert report.sales_krw is None and report.prototypes is None


def test_more_local_hires_than_hires_is_refused():
    application = completed_project()
    user = member_of(application)
    report = fill(this_years_report(application), user, new_hires=2, new_hires_local=3)
    errors = submit_errors(report, user)
    assert list(errors) == ["new_hires_local"]
    assert "of which Yeongcheon residents" in errors["new_hires_local"][0]


def test_every_figure_is_required_zero_allowed():
    application = completed_project()
    user = member_of(application)
    report = fill(this_years_report(application), user, exports_krw=None, prototypes=None, certifications=0)
    errors = submit_errors(report, user)
    assert set(errors) == {"exports_krw", "prototypes"}
    assert "exports (KRW)" in errors["exports_krw"][0]


@pytest.mark.parametrize(
    ("baseline", "changes", "flags"),
    [
        (5_000_000_000, {}, []),
        (5_000_000_000, {"sales_krw": 500_000_000_001}, ["sales_krw"]),
        (5_000_000_000, {"sales_krw": 500_000_000_000}, []),
        (None, {"sales_krw": 20_000_000_000}, ["sales_krw"]),
        (None, {"sales_krw": 900_000_000}, []),
        (5_000_000_000, {"exports_krw": 6_000_000_000}, ["exports_krw"]),
        (5_000_000_000, {"employees": 4051}, ["employees"]),
    ],
)
def test_unlikely_figures_are_flagged_and_stored_at_submission(baseline, changes, flags):
    application = completed_project(sales=baseline)
    user = member_of(application)
    report = fill(this_years_report(application), user, **changes)
    assert checks.report_flags(report) == flags
    report = outcome_report_submit(report=report, acting_user=user)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.flags == flags
    assert report.changes.get().flags == flags
    for figure in flags:
        assert checks.label(figure) in checks.flag_message(report, figure)


def test_evidence_is_asked_for_the_calls_fields_when_not_zero():
    application = completed_project(
        CallFactory(outcome_evidence_fields=["sales_krw", "patents_registered", "rd_tasks"])
    )
    user = member_of(application)
    report = fill(this_years_report(application), user, patents_registered=0)
    rd_task_add(report=report, acting_user=user, name="스마트 금형 과제", agency="KEIT", amount_krw=300_000_000)
    errors = submit_errors(report, user)
    assert set(errors) == {"sales_krw", "rd_tasks"}
    assert "sales (KRW)" in errors["sales_krw"][0] and "national R&D tasks won" in errors["rd_tasks"][0]
    evidence_add(report=report, acting_user=user, figure="sales_krw", upload=pdf("세금계산서.pdf"))
    evidence_add(report=report, acting_user=user, figure="rd_tasks", upload=pdf("협약서.pdf"))
    report = outcome_report_submit(report=report, acting_user=user)
    assert report.state == ReportState.SUBMITTED


def test_an_upload_that_is_not_what_it_says_is_refused_on_the_file_field():
    application = completed_project()
    user = member_of(application)
    report = this_years_report(application)
    fake = SimpleUploadedFile("sales.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        evidence_add(report=report, acting_user=user, figure="sales_krw", upload=fake)
    assert "file" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        evidence_add(report=report, acting_user=user, figure="nonsense", upload=pdf())
    assert "figure" in caught.value.message_dict
    assert not OutcomeEvidence.objects.exists()
    kept = evidence_add(report=report, acting_user=user, figure="sales_krw", upload=pdf())
    assert kept.sha256 and kept.size > 0 and kept.original_filename == "evidence.pdf"
    evidence_remove(report=report, acting_user=user, evidence_id=kept.pk)
    assert not OutcomeEvidence.objects.exists()


def test_rd_tasks_need_name_agency_and_amount():
    application = completed_project()
    user = member_of(application)
    report = this_years_report(application)
    with pytest.raises(ValidationError) as caught:
        rd_task_add(report=report, acting_user=user, name=" ", agency="", amount_krw=-1)
    assert set(caught.value.message_dict) == {"name", "agency", "amount_krw"}
    task = rd_task_add(report=report, acting_user=user, name="과제", agency="KEIT", amount_krw=1)
    rd_task_remove(report=report, acting_user=user, task_id=task.pk)
    assert not OutcomeRdTask.objects.exists()


def test_return_revise_resubmit_verify_with_history_and_a_verified_report_is_frozen():
    application = completed_project()
    user = member_of(application)
    person = staff()
    report = outcome_report_submit(report=fill(this_years_report(application), user), acting_user=user)
    with pytest.raises(ValidationError) as caught:
        outcome_report_return(report=report, acting_user=person, questions="  ")
    assert "questions" in caught.value.message_dict
    with pytest.raises(ValidationError):
        fill(report, user)  # submitted: the company waits
    outcome_report_return(report=report, acting_user=person, questions="수출 증빙을 첨부해 주세요.")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    fill(report, user, exports_krw=350_000_000)
    outcome_report_submit(report=report, acting_user=user)
    outcome_report_verify(report=report, acting_user=person, comment="확인")
    report.refresh_from_db()
    assert report.state == ReportState.VERIFIED and report.verified_by == person and report.exports_krw == 350_000_000
    history = [(c.action, c.from_state, c.to_state, c.comment, c.changed_by) for c in report.changes.all()]
    assert history == [
        (ReportAction.SUBMITTED, "draft", "submitted", "", user),
        (ReportAction.RETURNED, "submitted", "returned", "수출 증빙을 첨부해 주세요.", person),
        (ReportAction.SUBMITTED, "returned", "submitted", "", user),
        (ReportAction.VERIFIED, "submitted", "verified", "확인", person),
    ]
    for action in (
        lambda: fill(report, user),
        lambda: rd_task_add(report=report, acting_user=user, name="x", agency="y", amount_krw=1),
        lambda: evidence_add(report=report, acting_user=user, figure="sales_krw", upload=pdf()),
        lambda: outcome_report_verify(report=report, acting_user=person),
        lambda: outcome_report_return(report=report, acting_user=person, questions="?"),
    ):
        with pytest.raises(ValidationError):
            action()
    with pytest.raises(ValidationError) as caught:
        outcome_report_reopen(report=report, acting_user=person, reason="")
    assert "reason" in caught.value.message_dict
    outcome_report_reopen(report=report, acting_user=person, reason="매출 중복 집계 확인 필요")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.verified_at is None
    assert report.changes.last().action == ReportAction.REOPENED


def test_only_members_file_and_only_staff_verify():
    application = completed_project()
    other = member_of(completed_project())
    user = member_of(application)
    report = this_years_report(application)
    with pytest.raises(PermissionDenied):
        fill(report, other)
    report = outcome_report_submit(report=fill(report, user), acting_user=user)
    with pytest.raises(PermissionDenied):
        outcome_report_verify(report=report, acting_user=user)
    with pytest.raises(PermissionDenied):
        outcome_report_return(report=report, acting_user=user, questions="?")


def test_a_year_that_has_not_begun_cannot_be_filed():
    application = completed_project()
    user = member_of(application)
    report = application.outcome_reports.get(year=timezone.localdate().year + 1)
    with pytest.raises(ValidationError):
        outcome_report_save(report=report, acting_user=user, figures=Figures(values=GOOD))


def test_the_calls_evidence_fields_are_checked_by_call_clean():
    call = CallFactory.build(outcome_evidence_fields=["sales_krw", "turnover"])
    with pytest.raises(ValidationError) as caught:
        call.clean()
    assert "turnover" in caught.value.message_dict["outcome_evidence_fields"][0]
    for wrong in ("sales_krw", {"a": 1}, ["sales_krw", "sales_krw"]):
        call.outcome_evidence_fields = wrong
        with pytest.raises(ValidationError):
            call.clean()
    call.outcome_evidence_fields = ["sales_krw", "rd_tasks"]
    call.clean()


def test_the_programs_list_of_evidence_figures_is_the_outcome_figures():
    assert OUTCOME_EVIDENCE_FIGURES == checks.EVIDENCE_FIGURES == (*FIGURES, "rd_tasks")
