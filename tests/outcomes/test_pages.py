"""The company's and staff's outcome pages: what each sees, bad input kept with errors naming the field, the
permission walk (anonymous → login, another company → 404, non-staff → 404), fixed query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse
from django.utils import timezone

from applications.demo import minimal_pdf
from applications.outcomes import company_urls, staff_urls
from applications.outcomes.models import ReportState
from applications.outcomes.services import evidence_add, outcome_report_submit, outcome_report_verify
from tests.applications.factories import UserFactory
from tests.evaluation.factories import otp_client
from tests.programs.factories import CallFactory

from .factories import GOOD, completed_project, fill, member_of, staff, this_years_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def report_url(application, year=None) -> str:
    return reverse("outcomes:report", args=[application.pk, year or timezone.localdate().year])


def figures_post(action="save", **changes) -> dict:
    return {**{k: str(v) for k, v in GOOD.items()}, "note": "", "action": action, **changes}


def test_the_company_files_a_report_beside_its_baseline_and_submits_it(client):
    application = completed_project()
    user = member_of(application)
    client.force_login(user)
    listing = client.get(reverse("outcomes:list")).content.decode()
    assert report_url(application) in listing and "Opens in" in listing
    page = client.get(report_url(application)).content.decode()
    assert "5,000,000,000" in page and "40.5" in page and "800,000,000" in page  # baseline, planned
    response = client.post(report_url(application), figures_post("submit"))
    assert response.status_code == 302
    report = this_years_report(application)
    assert report.state == ReportState.SUBMITTED and report.sales_krw == GOOD["sales_krw"]
    page = client.get(report_url(application)).content.decode()
    assert "waits for verification" in page and 'name="sales_krw"' not in page


def test_a_type_error_names_the_field_and_keeps_what_was_typed(client):
    application = completed_project()
    client.force_login(member_of(application))
    response = client.post(report_url(application), figures_post(sales_krw="-3", employees="많음", note="메모"))
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="-3"' in content and 'value="많음"' in content and "메모" in content
    assert "sales (KRW)" in content and "Enter a whole number." in content
    report = this_years_report(application)
    assert report.sales_krw is None and report.note == ""


def test_a_hard_limit_is_refused_at_submission_but_the_draft_is_kept(client):
    application = completed_project()
    client.force_login(member_of(application))
    response = client.post(report_url(application), figures_post("submit", employees="1000000000"))
    assert response.status_code == 400
    content = response.content.decode()
    assert "more than the limit of 100,000" in content and 'value="1000000000"' in content
    report = this_years_report(application)
    assert report.state == ReportState.DRAFT and report.employees == 1_000_000_000


def test_flags_are_shown_before_submitting_and_need_the_companys_check(client):
    application = completed_project()
    client.force_login(member_of(application))
    data = figures_post("submit", sales_krw="600000000000")
    response = client.post(report_url(application), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "more than 100 times the figure before support" in content and "tick the box" in content
    assert this_years_report(application).state == ReportState.DRAFT
    response = client.post(report_url(application), {**data, "flags_checked": "on"})
    assert response.status_code == 302
    report = this_years_report(application)
    assert report.state == ReportState.SUBMITTED and report.flags == ["sales_krw"]


def test_rd_task_and_evidence_forms_keep_input_and_name_fields(client):
    application = completed_project(CallFactory(outcome_evidence_fields=["sales_krw"]))
    client.force_login(member_of(application))
    url = report_url(application)
    response = client.post(
        url, {"action": "task_add", "task-name": "스마트 냉각", "task-agency": "", "task-amount_krw": "x"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="스마트 냉각"' in content and "Agency" in content and "Enter a whole number." in content
    response = client.post(
        url, {"action": "task_add", "task-name": "스마트 냉각", "task-agency": "KEIT", "task-amount_krw": "1000"}
    )
    assert response.status_code == 302
    bad = SimpleUploadedFile("sales.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(url, {"action": "evidence_add", "evidence-figure": "sales_krw", "evidence-file": bad})
    assert response.status_code == 400 and "whatever its name says" in response.content.decode()
    good = SimpleUploadedFile("세금계산서.pdf", minimal_pdf(), content_type="application/pdf")
    response = client.post(url, {"action": "evidence_add", "evidence-figure": "sales_krw", "evidence-file": good})
    assert response.status_code == 302
    report = this_years_report(application)
    evidence = report.evidence.get()
    download = client.get(reverse("outcomes:evidence", args=[application.pk, report.year, evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert report.rd_tasks.get().amount_krw == 1000


def test_staff_return_and_verify_through_the_page():
    application = completed_project()
    user = member_of(application)
    report = outcome_report_submit(report=fill(this_years_report(application), user), acting_user=user)
    client = otp_client(staff())
    url = reverse("outcomes_staff:report", args=[report.pk])
    page = client.get(url).content.decode()
    assert "5,300,000,000" in page and "5,000,000,000" in page and "report-verify" in page
    response = client.post(url, {"action": "return", "comment": ""})
    assert response.status_code == 400 and "Write the questions" in response.content.decode()
    response = client.post(url, {"action": "return", "comment": "수출 증빙?"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    company = client.__class__()
    company.force_login(user)
    assert "수출 증빙?" in company.get(report_url(application)).content.decode()
    assert company.post(report_url(application), figures_post("submit")).status_code == 302
    assert client.post(url, {"action": "verify", "comment": ""}).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.VERIFIED
    response = client.post(url, {"action": "reopen", "reopen-reason": ""})
    assert response.status_code == 400
    assert client.post(url, {"action": "reopen", "reopen-reason": "재확인"}).status_code == 302


@pytest.mark.parametrize("count", [1, 6])
def test_staff_queue_makes_a_fixed_number_of_queries(django_assert_num_queries, count):
    call = CallFactory(outcome_evidence_fields=["sales_krw"])
    for _ in range(count):
        application = completed_project(call)
        user = member_of(application)
        report = fill(this_years_report(application), user)
        evidence_add(
            report=report, acting_user=user, figure="sales_krw", upload=SimpleUploadedFile("a.pdf", minimal_pdf())
        )
        outcome_report_submit(report=report, acting_user=user)
    client = otp_client(staff())
    url = reverse("outcomes_staff:queue", args=[call.code])
    client.get(url)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.content.decode().count("data-report=") == count * 4


@pytest.mark.parametrize("count", [1, 5])
def test_company_list_and_report_make_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    first = completed_project()
    user = member_of(first)
    for _ in range(count - 1):
        other = completed_project()
        other.company_id = first.company_id
        other.save(update_fields=["company"])
    client.force_login(user)
    client.get(reverse("outcomes:list"))
    with django_assert_num_queries(6):
        response = client.get(reverse("outcomes:list"))
    assert response.content.decode().count("data-report=") == count * 4
    report = fill(this_years_report(first), user)
    for n in range(count):
        evidence_add(
            report=report, acting_user=user, figure="sales_krw", upload=SimpleUploadedFile(f"{n}.pdf", minimal_pdf())
        )
    with django_assert_num_queries(9):
        client.get(report_url(first))


@pytest.mark.parametrize("count", [1, 5])
def test_staff_summary_makes_a_fixed_number_of_queries(django_assert_num_queries, count):
    person = staff()
    call = CallFactory()
    for _ in range(count):
        application = completed_project(call)
        user = member_of(application)
        report = outcome_report_submit(report=fill(this_years_report(application), user), acting_user=user)
        outcome_report_verify(report=report, acting_user=person)
    client = otp_client(person)
    client.get(reverse("outcomes_staff:summary"))
    with django_assert_num_queries(8):
        response = client.get(reverse("outcomes_staff:summary"))
    content = response.content.decode()
    assert f"<td>{count}</td>" in content and f"{count * GOOD['employees']:,}" in content


# --- the permission walk over every URL of the app ---------------------------------------------------------


@pytest.fixture
def theirs():
    application = completed_project()
    user = member_of(application)
    report = fill(this_years_report(application), user)
    evidence = evidence_add(
        report=report, acting_user=user, figure="sales_krw", upload=SimpleUploadedFile("a.pdf", minimal_pdf())
    )
    year = report.year
    company_kwargs = {
        "list": {},
        "report": {"pk": application.pk, "year": year},
        "evidence": {"pk": application.pk, "year": year, "evidence_pk": evidence.pk},
    }
    staff_kwargs = {
        "summary": {},
        "queue": {"call_code": application.call.code},
        "report": {"pk": report.pk},
        "evidence": {"pk": report.pk, "evidence_pk": evidence.pk},
    }
    return application, report, company_kwargs, staff_kwargs


def _names(module) -> set[str]:
    return {pattern.name for pattern in module.urlpatterns if isinstance(pattern, URLPattern)}


def test_every_url_is_in_the_walk(theirs):
    _application, _report, company_kwargs, staff_kwargs = theirs
    assert _names(company_urls) == set(company_kwargs) and _names(staff_urls) == set(staff_kwargs)


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_companys_ids_are_404_and_nothing_changes(client, theirs, method):
    application, report, company_kwargs, _staff = theirs
    mine = completed_project()
    client.force_login(member_of(mine))
    for name, kwargs in company_kwargs.items():
        if not kwargs:
            continue
        url = reverse(f"outcomes:{name}", kwargs=kwargs)
        data = figures_post("submit") if method == "post" else None
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        assert response.status_code == 404, (url, method)
    content = client.get(reverse("outcomes:list")).content.decode()
    assert application.project_title not in content and mine.project_title in content
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.evidence.count() == 1


def test_years_that_are_not_due_and_unknown_years_are_404(client):
    application = completed_project()
    client.force_login(member_of(application))
    year = timezone.localdate().year
    for other in (year + 1, year - 1, 1999):
        assert client.get(report_url(application, other)).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, theirs, method):
    _application, _report, company_kwargs, staff_kwargs = theirs
    urls = [reverse(f"outcomes:{n}", kwargs=k) for n, k in company_kwargs.items()]
    urls += [reverse(f"outcomes_staff:{n}", kwargs=k) for n, k in staff_kwargs.items()]
    for url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), url


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_pages_are_404_to_company_members_and_need_a_second_factor(client, theirs, method):
    application, report, _company, staff_kwargs = theirs
    client.force_login(member_of(application))
    for name, kwargs in staff_kwargs.items():
        url = reverse(f"outcomes_staff:{name}", kwargs=kwargs)
        assert getattr(client, method)(url).status_code == 404, url
    unverified = client.__class__()
    unverified.force_login(staff())
    response = unverified.get(reverse("outcomes_staff:report", kwargs=staff_kwargs["report"]))
    assert response.status_code == 302 and reverse("review:otp_verify") in response["Location"]
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_a_user_without_a_company_is_sent_to_create_one(client, theirs):
    _application, _report, company_kwargs, _staff = theirs
    client.force_login(UserFactory(email="lonely@example.com"))
    for name, kwargs in company_kwargs.items():
        response = client.get(reverse(f"outcomes:{name}", kwargs=kwargs))
        assert response.status_code == 302 and response["Location"] == reverse("applications:company_create")
