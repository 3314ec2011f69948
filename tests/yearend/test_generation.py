"""The year-end report's generation: requested by staff and queued on commit, generated with its progress recorded
after each part, a PDF whose pages show Korean text and the charts with the Korean font embedded, an XLSX whose
sheets equal the figures module, and a failure recorded on the row."""

import zipfile
from io import BytesIO

import pymupdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.formats import number_format
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.charts import program_split_chart
from reports.figures import FIGURES, OFFICIALS, year_results
from reports.yearend.content import KEY_FIGURES
from reports.yearend.models import ReportState, YearEndReport
from reports.yearend.services import STEPS, yearend_report_generate, yearend_report_request
from tests.applications.factories import UserFactory

from .factories import built_year, staff

pytestmark = pytest.mark.django_db


def pdf_of(report) -> pymupdf.Document:
    with report.pdf.open("rb") as handle:
        return pymupdf.open(stream=handle.read(), filetype="pdf")


def workbook_of(report):
    with report.xlsx.open("rb") as handle:
        data = handle.read()
    return load_workbook(BytesIO(data)), data


def test_staff_request_queues_the_task_on_commit(year, django_capture_on_commit_callbacks):
    built_year(year)
    user = staff()
    with django_capture_on_commit_callbacks() as callbacks:
        report = yearend_report_request(year=year, acting_user=user)
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert (report.year, report.requested_by, report.state, report.progress) == (year, user, ReportState.QUEUED, 0)
    assert not report.pdf


def test_a_company_user_cannot_request_the_report(year):
    built_year(year)
    with pytest.raises(PermissionDenied):
        yearend_report_request(year=year, acting_user=UserFactory())
    assert not YearEndReport.objects.exists()


def test_a_year_without_a_call_is_refused_naming_the_year(year):
    built_year(year)
    with pytest.raises(ValidationError) as error:
        yearend_report_request(year=year + 5, acting_user=staff())
    assert "year" in error.value.message_dict
    assert not YearEndReport.objects.exists()


def test_generation_records_each_step_in_order_and_finishes(generated):
    assert generated.state == ReportState.DONE, generated.error
    assert generated.progress == 100
    assert [entry["progress"] for entry in generated.steps] == [progress for progress, _step in STEPS]
    assert [entry["at"] for entry in generated.steps] == sorted(entry["at"] for entry in generated.steps)
    assert generated.finished_at is not None
    assert generated.pdf_seconds is not None
    assert generated.error == ""


def test_generation_counts_the_unverified_reports_and_the_pdf_says_so(generated, year):
    expected = year_results(year, edition=OFFICIALS).total.unverified_reports
    assert expected == 1  # the submitted report of the built year
    assert generated.unverified_reports == expected
    text = "".join(page.get_text() for page in pdf_of(generated))
    assert "검증 전이라 집계되지 않은 이 연도의 성과보고: 1건." in text


def test_the_cover_rendered_to_png_shows_korean_text(generated, year, tmp_path):
    page = pdf_of(generated)[0]
    png = tmp_path / "cover.png"
    page.get_pixmap(dpi=100).save(png)
    assert png.read_bytes().startswith(b"\x89PNG")
    text = page.get_text()
    assert "영천시" in text
    assert f"{year}년 성과보고서" in text
    assert "경북테크노파크 그린기업지원센터" in text
    # The words are drawn: the area where "영천시" stands has dark pixels in the picture.
    area = page.search_for("영천시")[0]
    ink = pymupdf.Pixmap(png.as_posix())
    scale = 100 / 72
    dark = sum(
        1
        for x in range(int(area.x0 * scale), int(area.x1 * scale))
        for y in range(int(area.y0 * scale), int(area.y1 * scale))
        if ink.pixel(x, y)[0] < 128
    )
    assert dark > 20


def test_the_key_figures_page_shows_a_key_figure_and_the_chart(generated, year):
    results = year_results(year, edition=OFFICIALS)
    document = pdf_of(generated)
    chart = program_split_chart(results, "agreed_krw")
    pages = [page for page in document if chart.title in page.get_text()]
    assert pages, "the chart's title is drawn on a page"
    page = pages[0]
    text = page.get_text()
    assert number_format(results.total.agreed_krw, force_grouping=True) in text
    assert "주요 성과" in text
    assert len(page.get_drawings()) > 10  # the chart's bars and grid lines
    page.get_pixmap(dpi=60)  # renders


def test_the_korean_font_is_embedded_in_the_pdf(generated):
    with generated.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                descriptor = descendant["/FontDescriptor"].get_object()
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    embedded.add(str(descendant["/BaseFont"]).split("+")[-1])
    assert any(name.startswith("NanumGothic") for name in embedded), embedded


def test_the_pdf_is_a4_with_page_numbers(generated):
    document = pdf_of(generated)
    first = document[0].rect
    assert (round(first.width), round(first.height)) == (595, 842)
    total = len(document)
    assert f"2 / {total}" in document[1].get_text()


def test_the_pdf_lists_the_supported_companies_and_notes_the_missing_case_studies(generated, year):
    text = "".join(page.get_text() for page in pdf_of(generated))
    for company in year_results(year, edition=OFFICIALS).companies:
        assert company.name in text
    assert "이 연도의 우수 사례가 아직 작성되지 않았습니다." in text


def test_the_xlsx_has_a_sheet_per_table_equal_to_the_figures(generated, year):
    results = year_results(year, edition=OFFICIALS)
    previous = year_results(year - 1, edition=OFFICIALS)
    workbook, _data = workbook_of(generated)
    assert workbook.sheetnames[:8] == [
        "요약",
        "주요 성과",
        "사업별",
        "지원항목별",
        "예산 집행",
        "전년 대비",
        "지역별",
        "지원 기업 목록",
    ]
    key = list(workbook["주요 성과"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in key] == [results.total.value(name) for name in KEY_FIGURES]
    programs = list(workbook["사업별"].iter_rows(min_row=2, values_only=True))
    assert len(programs) == len(FIGURES)
    assert [row[1:] for row in programs] == [
        (results.program("A").value(name), results.program("B").value(name), results.total.value(name))
        for name in FIGURES
    ]
    items = list(workbook["지원항목별"].iter_rows(min_row=2, values_only=True))
    assert [(row[2], row[3], row[4], row[5]) for row in items] == [
        (item.applications, item.selected, item.agreed_krw, item.paid_krw) for item in results.items
    ]
    comparison = {row[0]: row[1:] for row in workbook["전년 대비"].iter_rows(min_row=2, values_only=True)}
    assert comparison["신규 매출액(원)"] == (
        previous.total.outcomes.sales_increase_krw,
        results.total.outcomes.sales_increase_krw,
        results.total.outcomes.sales_increase_krw - previous.total.outcomes.sales_increase_krw,
    )
    budget = list(workbook["예산 집행"].iter_rows(min_row=2, values_only=True))
    assert budget[-1][1:4] == (results.money.total.budget, results.money.total.agreed, results.money.total.paid)
    companies = list(workbook["지원 기업 목록"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[4], row[5]) for row in companies] == [
        (company.name, company.agreed_krw, company.paid_krw) for company in results.companies
    ]
    summary = list(workbook["요약"].iter_rows(values_only=True))
    assert summary[1][1] == results.total.unverified_reports


def test_the_xlsx_chart_sheets_hold_the_charts_numbers_and_a_native_chart_with_its_title(generated, year):
    results = year_results(year, edition=OFFICIALS)
    chart = program_split_chart(results, "agreed_krw")
    workbook, data = workbook_of(generated)
    sheet = workbook["차트 1"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == chart.title
    assert rows[1][0] == chart.description
    assert [list(row[: len(chart.headers)]) for row in rows[3:]] == [[str(row[0]), *row[1:]] for row in chart.rows]
    with zipfile.ZipFile(BytesIO(data)) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        assert len(charts) == 3
        titles = "".join(archive.read(name).decode() for name in charts)
    assert chart.title in titles


def test_a_failure_is_recorded_on_the_row(year, settings, tmp_path):
    built_year(year)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the storage expects a folder")
    settings.MEDIA_ROOT = blocked
    report = YearEndReport.objects.create(year=year, requested_by=staff())
    yearend_report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == ReportState.FAILED
    assert report.error
    assert report.progress == 95  # the files could not be stored
    assert not report.pdf
    assert report.finished_at is not None


def test_a_finished_or_removed_report_is_left_alone(generated):
    steps = list(generated.steps)
    assert yearend_report_generate(report_id=generated.pk) is None
    generated.refresh_from_db()
    assert generated.steps == steps
    assert yearend_report_generate(report_id=generated.pk + 1000) is None
