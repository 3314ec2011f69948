"""The year-end report's staff pages: who may open them (anonymous → login, anyone but staff → 404, staff without
the second factor → the two-factor page), generating from the page, bad input kept with an error naming the field,
the progress page and its JSON, the downloads, and a fixed number of queries for 1 and many reports."""

import pytest
from django.urls import reverse

from reports.yearend.models import ReportState, YearEndReport
from tests.applications.factories import UserFactory

from .factories import built_year, otp_client, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def urls_of(report) -> dict[str, str]:
    return {
        "index": reverse("yearend:index"),
        "progress_page": reverse("yearend:progress_page", args=[report.pk]),
        "progress": reverse("yearend:progress", args=[report.pk]),
        "pdf": reverse("yearend:download", args=[report.pk, "pdf"]),
        "xlsx": reverse("yearend:download", args=[report.pk, "xlsx"]),
    }


def test_the_urls_are_under_staff_reports(generated):
    assert urls_of(generated)["index"] == "/staff/reports/"
    assert urls_of(generated)["progress"] == f"/staff/reports/{generated.pk}/progress/"


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, generated, method):
    for url in urls_of(generated).values():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "login" in response["Location"], url


@pytest.mark.parametrize("method", ["get", "post"])
def test_company_users_get_404_everywhere(generated, method):
    client = otp_client(UserFactory())
    for url in urls_of(generated).values():
        assert getattr(client, method)(url).status_code == 404, url
    assert YearEndReport.objects.count() == 1


def test_staff_without_the_second_factor_are_asked_for_it(client, generated):
    client.force_login(staff())
    for url in urls_of(generated).values():
        response = client.get(url)
        assert response.status_code == 302 and "two-factor" in response["Location"], url


def test_unknown_ids_and_kinds_are_404(generated):
    client = otp_client(staff())
    assert client.get(reverse("yearend:progress", args=[generated.pk + 1])).status_code == 404
    assert client.get(reverse("yearend:download", args=[generated.pk, "docx"])).status_code == 404


def test_staff_generate_from_the_page_and_are_sent_to_its_progress(year, django_capture_on_commit_callbacks):
    built_year(year)
    user = staff()
    client = otp_client(user)
    page = client.get(reverse("yearend:index"))
    assert f'<option value="{year}" selected>' in page.content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("yearend:index"), {"year": str(year)})
    report = YearEndReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("yearend:progress_page", args=[report.pk])
    assert (report.year, report.requested_by, report.state) == (year, user, ReportState.QUEUED)
    assert len(callbacks) == 1
    page = client.get(response["Location"])
    content = page.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in content  # without JavaScript the page refreshes itself
    assert 'id="yearend-files" hidden' in content
    assert "yearend/progress.js" in content
    data = client.get(reverse("yearend:progress", args=[report.pk])).json()
    assert (data["state"], data["progress"], data["finished"], data["pdf_url"]) == ("queued", 0, False, "")


@pytest.mark.parametrize("value", ["", "abc", "1990"])
def test_a_bad_year_is_refused_with_an_error_naming_the_field(year, value):
    built_year(year)
    client = otp_client(staff())
    response = client.post(reverse("yearend:index"), {"year": value})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_year_error"' in content
    assert "Year" in content
    assert not YearEndReport.objects.exists()


def test_the_progress_of_a_finished_report_shows_the_links(generated):
    client = otp_client(staff())
    urls = urls_of(generated)
    data = client.get(urls["progress"]).json()
    assert data["state"] == "done" and data["progress"] == 100 and data["finished"] is True
    assert (data["pdf_url"], data["xlsx_url"]) == (urls["pdf"], urls["xlsx"])
    content = client.get(urls["progress_page"]).content.decode()
    assert 'http-equiv="refresh"' not in content
    assert f'href="{urls["pdf"]}"' in content and 'id="yearend-files" hidden' not in content


def test_the_list_shows_time_user_and_links_and_the_files_download(generated):
    client = otp_client(staff())
    content = client.get(reverse("yearend:index")).content.decode()
    urls = urls_of(generated)
    assert "김담당" in content
    assert f"<td>{generated.pdf_seconds}</td>" in content  # the PDF's generation time
    assert f'href="{urls["pdf"]}"' in content and f'href="{urls["xlsx"]}"' in content
    pdf = client.get(urls["pdf"])
    assert pdf["Content-Type"] == "application/pdf"
    assert f'filename="yearend-{generated.year}-' in pdf["Content-Disposition"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(urls["xlsx"])
    assert b"".join(xlsx.streaming_content).startswith(b"PK")


def test_a_report_not_finished_has_no_download(year):
    built_year(year)
    report = YearEndReport.objects.create(year=year, requested_by=staff(), state=ReportState.RUNNING, progress=40)
    client = otp_client(staff())
    assert client.get(reverse("yearend:download", args=[report.pk, "pdf"])).status_code == 404


def test_a_failed_report_shows_its_error(year):
    built_year(year)
    report = YearEndReport.objects.create(
        year=year, requested_by=staff(), state=ReportState.FAILED, progress=85, error="OSError: disk full"
    )
    client = otp_client(staff())
    content = client.get(reverse("yearend:progress_page", args=[report.pk])).content.decode()
    assert "OSError: disk full" in content and 'id="yearend-error" hidden' not in content
    assert client.get(reverse("yearend:progress", args=[report.pk])).json()["error"] == "OSError: disk full"


LIST_QUERIES = 7


@pytest.mark.parametrize("rows", [1, 6])
def test_the_list_page_makes_a_fixed_number_of_queries(django_assert_num_queries, generated, rows):
    for number in range(rows - 1):
        YearEndReport.objects.create(
            year=generated.year,
            requested_by=staff(),
            state=ReportState.DONE,
            progress=100,
            pdf=generated.pdf.name,
            xlsx=generated.xlsx.name,
            finished_at=generated.finished_at,
            unverified_reports=number,
        )
    client = otp_client(staff())
    client.get(reverse("yearend:index"))  # warm the session
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("yearend:index"))
    assert response.content.decode().count('id="yearend-report-') == rows
