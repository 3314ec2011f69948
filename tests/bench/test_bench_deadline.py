"""The deadline-day scenario's parts (bench/deadline_*.py): the checks that decide "nothing lost, nothing twice,
no gap", the browser's reading of forms, the journey itself against a live server, and the upload control. No
timing is asserted: the scenario's figures are read in docs/benchmarks.md."""

from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from applications.models import Application, ApplicationFile
from applications.services import application_submit
from applications.services.application_files import application_file_add
from bench.deadline_bench import CALL_YEAR, DOCUMENT_SIZE, document, journey, seed
from bench.deadline_client import Browser, form_with_action, forms_of
from bench.deadline_verify import exactly_once, receipt_gaps, verify_call
from portal.accounts.models import User
from portal.health.bench_urls import upload
from portal.health.models import BenchUpload
from portal.notifications.models import Notification


def test_receipts_one_to_n_have_no_problem_in_any_order():
    assert receipt_gaps(["YC-2095-HVC-0003", "YC-2095-HVC-0001", "YC-2095-HVC-0002"]) == []


def test_a_missing_receipt_number_is_a_gap():
    problems = receipt_gaps(["YC-2095-HVC-0001", "YC-2095-HVC-0002", "YC-2095-HVC-0004"])

    assert problems == ["gaps in the receipt numbers: [3] missing of 1..4"]


def test_a_receipt_number_given_twice_is_reported():
    problems = receipt_gaps(["YC-2095-HVC-0001", "YC-2095-HVC-0002", "YC-2095-HVC-0002"])

    assert problems == ["receipt numbers given twice: [2]"]


def test_an_unreadable_receipt_number_is_reported():
    assert receipt_gaps(["YC-2095-HVC-0001", ""]) == ["unreadable receipt number ''"]


def test_exactly_once_names_the_missing_the_doubled_and_the_foreign():
    problems = exactly_once([1, 2, 3], [1, 1, 3, 9], what="submissions")

    assert problems == [
        "1 submissions missing, e.g. [2]",
        "1 submissions present more than once, e.g. [1]",
        "1 submissions not expected, e.g. [9]",
    ]
    assert exactly_once([1, 2], [2, 1], what="submissions") == []


def test_the_browser_posts_what_a_browser_would():
    html = """
    <form method="post" action="/a/edit/" id="f"><input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input type="checkbox" name="ticked" checked><input type="checkbox" name="unticked" value="1">
      <input type="file" name="file"><button type="submit" name="review">Review</button>
      <textarea name="summary">
first line</textarea>
      <select name="kind"><option value="a">A</option><option value="b" selected>B</option></select>
      <select name="plain"><option value="x">X</option><option value="y">Y</option></select>
    </form>
    <form method="post" action="/a/files/#section-files" enctype="multipart/form-data"><input name="title"></form>
    """

    edit = form_with_action(html, "/a/edit/")

    assert edit.fields == [("csrfmiddlewaretoken", "t"), ("ticked", "on"), ("summary", "first line"),
                           ("kind", "b"), ("plain", "x")]  # fmt: skip
    assert edit.values(summary="changed", extra="1")[2:3] == [("summary", "changed")]
    assert ("extra", "1") in edit.values(extra="1")
    assert form_with_action(html, "/a/files/").enctype == "multipart/form-data"
    assert len(forms_of(html)) == 2
    with pytest.raises(LookupError):
        form_with_action(html, "/a/submit/")


@pytest.fixture
def deadline_call(db):
    return seed(companies=3, closes_in=timedelta(minutes=10), log=lambda message: None)


def _submit_all(call, journeys):
    for data in journeys:
        application = Application.objects.get(pk=data["application"])
        user = User.objects.get(email=data["email"])
        application_file_add(
            application=application,
            acting_user=user,
            title="사업계획서",
            uploaded_file=SimpleUploadedFile("plan.pdf", document(), content_type="application/pdf"),
        )
        application_submit(application=application, acting_user=user)


def _mail_as_sent(journeys) -> Counter:
    """What a mail server that received every email notification of the submissions once would have counted."""
    ids = [data["application"] for data in journeys]
    return Counter(
        Notification.objects.filter(channel="email", application_id__in=ids).values_list("recipient__email", flat=True)
    )


def test_a_complete_run_verifies_without_problem(deadline_call, django_capture_on_commit_callbacks):
    call, journeys = deadline_call
    _submit_all(call, journeys)

    result = verify_call(
        call=call,
        company_ids=[data["company"] for data in journeys],
        document_size=DOCUMENT_SIZE,
        mail_by_recipient=_mail_as_sent(journeys),
    )

    assert result.problems == []
    assert (result.submitted, result.receipts, result.files, result.receipt_emails) == (3, 3, 3, 3)
    assert result.emails_delivered == result.emails_expected >= 3


def test_a_company_that_did_not_submit_is_found(deadline_call):
    call, journeys = deadline_call
    _submit_all(call, journeys[:2])

    result = verify_call(call=call, company_ids=[data["company"] for data in journeys], document_size=DOCUMENT_SIZE)

    assert result.submitted == 2
    assert "1 applications not submitted" in result.problems[0]
    assert "1 uploaded documents missing" in " ".join(result.problems)


def test_a_gap_in_the_receipts_and_the_counter_is_found(deadline_call):
    call, journeys = deadline_call
    _submit_all(call, journeys)
    Application.objects.filter(receipt_number__endswith="-0003").update(receipt_number=f"YC-{CALL_YEAR}-HVC-0004")

    companies = [data["company"] for data in journeys]
    problems = verify_call(call=call, company_ids=companies, document_size=DOCUMENT_SIZE).problems

    assert problems == [
        "gaps in the receipt numbers: [3] missing of 1..4",
    ]


def test_a_document_uploaded_twice_is_found(deadline_call):
    call, journeys = deadline_call
    _submit_all(call, journeys)
    first = ApplicationFile.objects.filter(application_id=journeys[0]["application"]).values(
        "application_id", "title", "file", "original_filename", "size", "file_kind", "content_type", "sha256"
    )
    ApplicationFile.objects.create(**first.get())

    companies = [data["company"] for data in journeys]
    problems = verify_call(call=call, company_ids=companies, document_size=DOCUMENT_SIZE).problems

    assert problems == [f"1 uploaded documents present more than once, e.g. [{journeys[0]['application']}]"]


def test_a_receipt_email_lost_or_sent_twice_is_found(deadline_call):
    call, journeys = deadline_call
    _submit_all(call, journeys)
    lost, doubled = journeys[0]["email"], journeys[1]["email"]
    mail = _mail_as_sent(journeys)
    mail[lost] = 0
    mail[doubled] = 2

    result = verify_call(
        call=call, company_ids=[d["company"] for d in journeys], document_size=DOCUMENT_SIZE, mail_by_recipient=mail
    )

    assert result.receipt_emails == 3
    assert result.problems == [
        f"1 receipt emails at the mail server missing, e.g. ['{lost}']",
        f"1 receipt emails at the mail server present more than once, e.g. ['{doubled}']",
        f"{result.emails_expected - 1} of {result.emails_expected} emails delivered",
        f"1 recipients received more emails than were sent to them: ['{doubled}']",
    ]


@pytest.mark.django_db(transaction=True)
def test_the_journey_signs_in_saves_twice_uploads_and_submits_through_the_real_pages(live_server):
    call, journeys = seed(companies=2, closes_in=timedelta(minutes=10), log=lambda message: None)
    address = urlsplit(live_server.url)

    for data in journeys:
        browser = Browser(address.hostname, address.port, client_address=f"10.0.0.{data['n'] + 1}")
        journey(browser, data, document())
        browser.close()
        steps = [sample.step for sample in browser.samples]
        assert steps == ["login-page", "sign-in", "editor", "save-draft", "editor", "save-draft", "editor", "upload",
                         "editor", "review", "submit", "receipt"]  # fmt: skip
        assert all(sample.expected for sample in browser.samples)

    result = verify_call(call=call, company_ids=[d["company"] for d in journeys], document_size=DOCUMENT_SIZE)
    assert result.problems == []
    assert result.submitted == 2
    saved = Application.objects.get(pk=journeys[0]["application"])
    assert saved.project_summary == "요약 2차 저장"
    assert saved.version == 4  # two saves and the submission after the seeded version 1


def test_the_upload_control_stores_the_file_and_one_row(db, settings):
    request = RequestFactory().post(
        "/bench/upload", {"file": SimpleUploadedFile("control.pdf", document(), content_type="application/pdf")}
    )

    response = upload(request)

    assert response.status_code == 200
    row = BenchUpload.objects.get()
    assert row.size == DOCUMENT_SIZE
    assert row.file.size == DOCUMENT_SIZE
