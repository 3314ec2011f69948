"""The company's and staff's progress pages: what each sees, forms that keep what was typed with errors beside
the fields, 404s for other companies and non-staff, and fixed query counts for one and many rows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from applications.progress.models import ProgressReport, ReportKind, ReportState
from applications.progress.services import agreed_milestones, report_accept, report_save
from applications.workflow import ApplicationStatus
from tests.applications.factories import CompanyMemberFactory, UserFactory
from tests.evaluation.factories import otp_client
from tests.programs.factories import CallFactory

from .factories import accepted, filed, in_progress, pdf, settled, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
K = ReportKind


def report_url(application, kind=K.INTERIM) -> str:
    return reverse("applications:progress_report", args=[application.pk, kind])


def staff_url(application) -> str:
    return reverse("review:progress", args=[application.pk])


def full_post(application, **changes) -> dict:
    data = {"work_done": "장비 설치", "results": "불량률 감소", "problems_plans": "전 라인 확대", "action": "submit"}
    for m in agreed_milestones(application):
        data[f"ms{m.pk}_done"] = "yes"
        data[f"ms{m.pk}_note"] = "완료"
        data[f"ms{m.pk}_evidence"] = pdf()
    data.update(changes)
    return data


def test_the_company_page_links_to_progress_and_shows_both_reports(client):
    application, member, _person = in_progress()
    client.force_login(member)
    detail = client.get(reverse("applications:application_detail", args=[application.pk])).content.decode()
    assert reverse("applications:progress", args=[application.pk]) in detail
    content = client.get(reverse("applications:progress", args=[application.pk])).content.decode()
    assert "Interim report" in content and "Final report" in content
    assert "once the interim report is accepted" in content


def test_the_company_writes_and_submits_the_interim_report(client):
    application, member, _person = in_progress()
    client.force_login(member)
    assert "report-form" in client.get(report_url(application)).content.decode()
    response = client.post(report_url(application), full_post(application))
    assert response.status_code == 302, response.content.decode()[:3000]
    report = ProgressReport.objects.get()
    assert report.state == ReportState.SUBMITTED and report.files.count() == 2
    content = client.get(report_url(application)).content.decode()
    assert "report-form" not in content and "Submitted, awaiting review" in content and "장비 설치" in content


def test_submit_with_gaps_keeps_the_draft_and_what_was_typed_and_names_the_fields(client):
    application, member, _person = in_progress()
    first, second = agreed_milestones(application)
    client.force_login(member)
    data = full_post(application, results="", **{f"ms{second.pk}_done": "", f"ms{first.pk}_evidence": ""})
    data[f"ms{first.pk}_note"] = "설계 완료, 증빙 준비 중"
    response = client.post(report_url(application), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Describe the results." in content and "is-invalid" in content
    assert "설계 완료, 증빙 준비 중" in content and "say whether it was done" in content
    assert "attach the evidence" in content
    report = ProgressReport.objects.get()
    assert report.state == ReportState.DRAFT and report.work_done == "장비 설치"
    assert report.answers.get(milestone=first).note == "설계 완료, 증빙 준비 중"


def test_a_wrong_file_is_refused_beside_its_field_and_the_text_is_kept(client):
    application, member, _person = in_progress()
    first, _second = agreed_milestones(application)
    client.force_login(member)
    fake = SimpleUploadedFile("evidence.pdf", b"not a pdf at all", content_type="application/pdf")
    data = full_post(application, work_done="새로 쓴 내용", action="save", **{f"ms{first.pk}_evidence": fake})
    response = client.post(report_url(application), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "새로 쓴 내용" in content and "whatever its name says" in content
    assert f'id="id_ms{first.pk}_evidence_error"' in content
    assert not ProgressReport.objects.exists()


def test_save_keeps_a_draft_and_a_text_too_long_is_an_error_not_a_500(client):
    application, member, _person = in_progress()
    client.force_login(member)
    response = client.post(report_url(application), {"work_done": "일부", "action": "save"})
    assert response.status_code == 302
    assert ProgressReport.objects.get().work_done == "일부"
    response = client.post(report_url(application), {"work_done": "x" * 9000, "action": "save"})
    assert response.status_code == 400 and "at most 8000" in response.content.decode()
    assert ProgressReport.objects.get().work_done == "일부"


def test_the_final_report_page_says_why_it_waits_and_refuses_a_post(client):
    application, member, _person = in_progress()
    client.force_login(member)
    content = client.get(report_url(application, K.FINAL)).content.decode()
    assert "report-blocked" in content and "report-form" not in content
    assert client.post(report_url(application, K.FINAL), full_post(application)).status_code == 404
    assert client.get(report_url(application, "annual")).status_code == 404
    assert not ProgressReport.objects.exists()


def test_other_companies_get_404_on_every_progress_page(client):
    application, member, _person = in_progress()
    report = filed(application, member, K.INTERIM)
    file_pk = report.files.first().pk
    stranger = CompanyMemberFactory().user
    client.force_login(stranger)
    for url in (
        reverse("applications:progress", args=[application.pk]),
        report_url(application),
        reverse("applications:progress_file", args=[application.pk, file_pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, full_post(application)).status_code == 404, url
    assert ProgressReport.objects.get().state == ReportState.SUBMITTED


def test_the_member_and_staff_download_a_file_and_a_wrong_id_is_404(client):
    application, member, person = in_progress()
    report = filed(application, member, K.INTERIM)
    row = report.files.first()
    client.force_login(member)
    response = client.get(reverse("applications:progress_file", args=[application.pk, row.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    other, other_member, _p = in_progress()
    other_file = filed(other, other_member, K.INTERIM).files.first()
    assert client.get(reverse("applications:progress_file", args=[application.pk, other_file.pk])).status_code == 404
    staff_client = otp_client(person)
    assert staff_client.get(reverse("review:progress_file", args=[application.pk, row.pk])).status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "member", "plain"])
def test_staff_pages_send_anonymous_to_login_and_are_404_for_non_staff(client, role):
    application, member, _person = in_progress()
    report = filed(application, member, K.INTERIM)
    urls = [
        staff_url(application),
        reverse("review:progress_file", args=[application.pk, report.files.first().pk]),
        reverse("review:progress_queue", args=[application.call.code]),
    ]
    if role != "anonymous":
        client.force_login(member if role == "member" else UserFactory())
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"action": "accept", "report": report.pk})
            if role == "anonymous":
                assert response.status_code == 302 and reverse("account_login") in response["Location"], url
            else:
                assert response.status_code == 404, (url, role)
    assert ProgressReport.objects.get().state == ReportState.SUBMITTED


def test_staff_return_needs_a_comment_then_accept_through_the_page():
    application, member, person = in_progress()
    report = filed(application, member, K.INTERIM)
    client = otp_client(person)
    assert staff_url(application) in client.get(reverse("review:application", args=[application.pk])).content.decode()
    assert staff_url(application) in client.get(reverse("review:agreement", args=[application.pk])).content.decode()
    page = client.get(staff_url(application)).content.decode()
    assert "review-form" in page and "장비 설치" in page
    response = client.post(staff_url(application), {"action": "return", "report": report.pk, "comment": ""})
    assert response.status_code == 400 and "Say what the company should revise." in response.content.decode()
    response = client.post(staff_url(application), {"action": "return", "report": report.pk, "comment": "증빙 보완"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    member_client = client_for(member)
    content = member_client.get(report_url(application)).content.decode()
    assert "returned-comment" in content and "증빙 보완" in content and "report-form" in content
    assert member_client.post(report_url(application), full_post(application)).status_code == 302
    response = client.post(staff_url(application), {"action": "accept", "report": report.pk, "comment": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    # A stale form (the report is no longer waiting) is a clear error, not a change.
    response = client.post(staff_url(application), {"action": "return", "report": report.pk, "comment": "다시"})
    assert response.status_code == 400 and "no longer waiting" in response.content.decode()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_staff_complete_the_project_through_the_page():
    application, member, person = in_progress()
    client = otp_client(person)
    page = client.get(staff_url(application)).content.decode()
    assert "completion-blockers" in page and "The final report is not accepted yet." in page
    response = client.post(staff_url(application), {"action": "complete", "completed_on": ""})
    assert response.status_code == 400 and "The final report is not accepted yet." in response.content.decode()
    accepted(application, member, person, K.INTERIM)
    report_accept(report=filed(application, member, K.FINAL), acting_user=person)
    settled(application, member, person)
    response = client.post(staff_url(application), {"action": "complete", "completed_on": "not a date"})
    assert response.status_code == 400 and 'value="not a date"' in response.content.decode()
    response = client.post(staff_url(application), {"action": "complete", "completed_on": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED and application.completed_on is not None
    assert application.outcome_reports.exists()


def _queue_rows(count: int):
    call = CallFactory()
    for _ in range(count):
        application, member, _person = in_progress(call)
        filed(application, member, K.INTERIM)
    return call


@pytest.mark.parametrize("count", [1, 4])
def test_the_staff_queue_makes_a_fixed_number_of_queries(django_assert_num_queries, count):
    call = _queue_rows(count)
    client = otp_client(staff())
    url = reverse("review:progress_queue", args=[call.code])
    client.get(url)  # warm the session and the user's caches
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('data-report="') == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_progress_pages_make_a_fixed_number_of_queries(django_assert_num_queries, count):
    """Both pages with one and several files per report (files, answers and history are prefetched)."""
    application, member, person = in_progress()
    accepted(application, member, person, K.INTERIM)
    final = filed(application, member, K.FINAL, submit=False)
    report_save(
        application=application,
        kind=K.FINAL,
        acting_user=member,
        work_done=final.work_done,
        results=final.results,
        problems_plans=final.problems_plans,
        answers=[],
        files=[pdf(f"{n}.pdf") for n in range(count)],
    )
    staff_client = otp_client(person)
    staff_client.get(staff_url(application))
    with django_assert_num_queries(15):
        assert staff_client.get(staff_url(application)).status_code == 200
    member_client = client_for(member)
    member_client.get(report_url(application, K.FINAL))
    with django_assert_num_queries(13):
        assert member_client.get(report_url(application, K.FINAL)).status_code == 200
