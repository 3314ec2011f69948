"""The services of progress reports and completion: each state move, who may make it, bad input refused with
errors naming the field, nothing half-saved, and a completion that schedules the outcome reports."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.outcomes.models import OutcomeReport
from applications.progress.models import ProgressReport, ReportAction, ReportFile, ReportKind, ReportState
from applications.progress.schedule import report_due_on
from applications.progress.services import (
    AnswerInput,
    agreed_milestones,
    completion_blockers,
    project_complete,
    report_accept,
    report_return,
    report_save,
    report_submit,
)
from applications.workflow import ApplicationStatus
from tests.applications.factories import CompanyMemberFactory

from .factories import accepted, complete_answers, confirmed, filed, in_progress, pdf, selected_application, settled

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
K, R = ReportKind, ReportState


def blank_save(application, member, kind=K.INTERIM, **changes):
    values = {
        "application": application,
        "kind": kind,
        "acting_user": member,
        "work_done": "",
        "results": "",
        "problems_plans": "",
        "answers": [],
    }
    values.update(changes)
    return report_save(**values)


def test_an_empty_draft_is_saved_and_its_submission_names_every_missing_field():
    application, member, _person = in_progress()
    report = blank_save(application, member, work_done="  설치 중  ")
    assert report.state == R.DRAFT and report.work_done == "설치 중"
    milestones = agreed_milestones(application)
    assert [a.title for a in report.answers.all()] == [m.title for m in milestones]
    with pytest.raises(ValidationError) as error:
        report_submit(report=report, acting_user=member)
    fields = set(error.value.message_dict)
    assert fields == {"results", "problems_plans"} | {f"ms{m.pk}_done" for m in milestones}
    report.refresh_from_db()
    assert report.state == R.DRAFT and report.submitted_at is None and not report.events.exists()


def test_a_milestone_marked_done_needs_its_evidence():
    application, member, _person = in_progress()
    first, second = agreed_milestones(application)
    report = blank_save(
        application,
        member,
        work_done="a",
        results="b",
        problems_plans="c",
        answers=[AnswerInput(first.pk, True, "완료"), AnswerInput(second.pk, False, "진행 중")],
    )
    with pytest.raises(ValidationError) as error:
        report_submit(report=report, acting_user=member)
    assert list(error.value.message_dict) == [f"ms{first.pk}_evidence"]
    assert first.title in error.value.message_dict[f"ms{first.pk}_evidence"][0]
    report = blank_save(
        application,
        member,
        work_done="a",
        results="b",
        problems_plans="c",
        answers=[AnswerInput(first.pk, True, "완료", pdf("설계서.pdf")), AnswerInput(second.pk, False, "")],
    )
    report = report_submit(report=report, acting_user=member)
    assert report.state == R.SUBMITTED and report.submitted_at is not None
    assert report.answers.get(milestone=first).evidence().original_filename == "설계서.pdf"


def test_a_bad_file_refuses_the_whole_save_and_names_its_field():
    application, member, _person = in_progress()
    first, _second = agreed_milestones(application)
    blank_save(application, member, work_done="처음 내용")
    fake = SimpleUploadedFile("evidence.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        blank_save(
            application,
            member,
            work_done="바뀐 내용",
            answers=[AnswerInput(first.pk, True, "", fake)],
            files=[SimpleUploadedFile("memo.txt", b"hello", content_type="text/plain")],
        )
    assert set(error.value.message_dict) == {f"ms{first.pk}_evidence", "files"}
    assert "memo.txt" in error.value.message_dict["files"][0]
    report = ProgressReport.objects.get()
    assert report.work_done == "처음 내용" and not ReportFile.objects.exists()
    assert report.answers.get(milestone=first).done is None


def test_a_docx_is_refused_as_a_report_file():
    application, member, _person = in_progress()
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    docx = SimpleUploadedFile("report.docx", buffer.getvalue())
    with pytest.raises(ValidationError) as error:
        blank_save(application, member, files=[docx])
    assert "PDF, HWP" in error.value.message_dict["files"][0]
    assert not ProgressReport.objects.exists()


def test_extra_files_are_added_and_removed_and_evidence_is_replaced(django_capture_on_commit_callbacks):
    application, member, _person = in_progress()
    first, _second = agreed_milestones(application)
    report = blank_save(
        application, member, answers=[AnswerInput(first.pk, True, "", pdf("a.pdf"))], files=[pdf("사진.pdf")]
    )
    extra = report.files.get(answer=None)
    old_evidence = report.files.get(answer__isnull=False)
    stored = [(row.file.storage, row.file.name) for row in (extra, old_evidence)]
    assert all(storage.exists(name) for storage, name in stored)
    with django_capture_on_commit_callbacks(execute=True):
        report = blank_save(
            application,
            member,
            answers=[AnswerInput(first.pk, True, "", pdf("b.pdf"))],
            remove_file_ids=[extra.pk],
        )
    assert [f.original_filename for f in report.files.all()] == ["b.pdf"]
    assert not any(storage.exists(name) for storage, name in stored)


def test_only_a_member_of_the_company_writes_and_submits():
    application, member, person = in_progress()
    other, _m, _p = in_progress()
    stranger = member_of_other = CompanyMemberFactory(company=other.company).user
    for user in (person, stranger):
        with pytest.raises(PermissionDenied):
            blank_save(application, user)
    report = filed(application, member, K.INTERIM, submit=False)
    with pytest.raises(PermissionDenied):
        report_submit(report=report, acting_user=member_of_other)
    assert ProgressReport.objects.get().state == R.DRAFT


def test_reports_are_filed_only_while_the_project_is_in_progress():
    application = selected_application()
    member = CompanyMemberFactory(company=application.company).user
    with pytest.raises(ValidationError) as error:
        blank_save(application, member)
    assert error.value.code == "closed" and not ProgressReport.objects.exists()


def test_the_final_report_waits_for_the_accepted_interim_report():
    application, member, person = in_progress()
    with pytest.raises(ValidationError, match="once the interim report is accepted"):
        blank_save(application, member, kind=K.FINAL)
    interim = filed(application, member, K.INTERIM)
    with pytest.raises(ValidationError):
        blank_save(application, member, kind=K.FINAL)
    report_accept(report=interim, acting_user=person)
    final = filed(application, member, K.FINAL)
    assert final.state == R.SUBMITTED


def test_return_needs_a_comment_then_the_company_revises_and_staff_accept():
    application, member, person = in_progress()
    report = filed(application, member, K.INTERIM)
    with pytest.raises(ValidationError) as error:
        report_return(report=report, acting_user=person, comment="   ")
    assert list(error.value.message_dict) == ["comment"]
    report.refresh_from_db()
    assert report.state == R.SUBMITTED
    with pytest.raises(PermissionDenied):
        report_return(report=report, acting_user=member, comment="고쳐 주세요")
    report = report_return(report=report, acting_user=person, comment="시험성적서를 첨부해 주세요")
    assert report.state == R.RETURNED
    with pytest.raises(ValidationError):
        report_accept(report=report, acting_user=person)
    report = blank_save(
        application,
        member,
        work_done="a",
        results="b",
        problems_plans="c (보완)",
        answers=complete_answers(application),
    )
    report = report_submit(report=report, acting_user=member)
    report = report_accept(report=report, acting_user=person, comment="확인")
    assert report.state == R.ACCEPTED and report.accepted_at is not None
    history = [(e.action, e.comment, e.by_id) for e in report.events.all()]
    assert history == [
        (ReportAction.SUBMITTED, "", member.pk),
        (ReportAction.RETURNED, "시험성적서를 첨부해 주세요", person.pk),
        (ReportAction.SUBMITTED, "", member.pk),
        (ReportAction.ACCEPTED, "확인", person.pk),
    ]


def test_a_submitted_or_accepted_report_cannot_be_edited_or_submitted_again():
    application, member, person = in_progress()
    report = filed(application, member, K.INTERIM)
    with pytest.raises(ValidationError) as error:
        blank_save(application, member, work_done="바꿈")
    assert error.value.code == "locked"
    with pytest.raises(ValidationError):
        report_submit(report=report, acting_user=member)
    report_accept(report=report, acting_user=person)
    with pytest.raises(ValidationError):
        blank_save(application, member)
    report.refresh_from_db()
    assert report.work_done == "장비 설치" and report.events.count() == 2


def test_due_dates_are_the_midpoint_and_the_settlement_days_after_the_end():
    application, _member, _person = in_progress(days=240)
    version = confirmed(application)
    days = application.call.settlement_due_days
    assert report_due_on(version, K.INTERIM, days) == version.starts_on + timedelta(days=120)
    assert report_due_on(version, K.FINAL, days) == version.ends_on + timedelta(days=days)


def test_completion_needs_staff_and_the_accepted_final_report():
    application, member, person = in_progress()
    assert completion_blockers(application) == [
        "The final report is not accepted yet.",
        "The settlement is not reviewed yet.",
    ]
    with pytest.raises(ValidationError):
        project_complete(application=application, acting_user=person)
    accepted(application, member, person, K.INTERIM)
    filed(application, member, K.FINAL)
    with pytest.raises(ValidationError, match="final report is not accepted"):
        project_complete(application=application, acting_user=person)
    report_accept(report=ProgressReport.objects.get(kind=K.FINAL), acting_user=person)
    with pytest.raises(ValidationError, match="settlement is not reviewed"):
        project_complete(application=application, acting_user=person)
    settled(application, member, person)
    with pytest.raises(PermissionDenied):
        project_complete(application=application, acting_user=member)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS and application.completed_on is None
    assert completion_blockers(application) == []


def test_completion_moves_the_application_and_schedules_the_outcome_reports():
    application, member, person = in_progress()
    accepted(application, member, person, K.INTERIM)
    accepted(application, member, person, K.FINAL)
    settled(application, member, person)
    yesterday = timezone.localdate() - timedelta(days=1)
    project_complete(application=application, acting_user=person, completed_on=yesterday)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED and application.completed_on == yesterday
    change = application.status_changes.order_by("-changed_at", "-pk").first()
    assert (change.from_status, change.to_status, change.changed_by_id) == ("in_progress", "completed", person.pk)
    years = list(OutcomeReport.objects.filter(application=application).order_by("year").values_list("year", flat=True))
    assert years == list(range(yesterday.year, yesterday.year + application.call.outcome_report_years + 1))
    with pytest.raises(ValidationError, match="Only a project in progress"):
        project_complete(application=application, acting_user=person)
    assert OutcomeReport.objects.filter(application=application).count() == len(years)


def test_a_completion_date_in_the_future_is_refused_and_nothing_changes():
    application, member, person = in_progress()
    accepted(application, member, person, K.INTERIM)
    accepted(application, member, person, K.FINAL)
    with pytest.raises(ValidationError) as error:
        project_complete(
            application=application, acting_user=person, completed_on=timezone.localdate() + timedelta(days=1)
        )
    assert list(error.value.message_dict) == ["completed_on"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_PROGRESS and application.completed_on is None
    assert not OutcomeReport.objects.exists()
