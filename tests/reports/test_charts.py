"""The charts: SVG by pygal with a title and a text alternative, their numbers as rows, nothing external."""

import re
from xml.dom import minidom

import pytest
from django.utils import timezone

from reports.charts import FONT_FAMILY, area_chart, program_split_chart, trend_chart
from reports.figures import series_results, year_results

from .factories import calls_of, report, supported

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def year():
    year = timezone.localdate().year
    call_a, call_b = calls_of(year)
    for n in range(3):
        application = supported(call_a, address="경상북도 영천시 화산면 대기리 1", city=10_000_000)
        report(application, year, baseline=100, sales_krw=100 + 10 * (n + 1))
    for address in ("경북 영천시 녹전동 2", "경북 영천시 금호읍 3", "경북 영천시 고경면 4"):
        supported(call_b, address=address, city=7_000_000)
    return year


def assert_self_contained(svg: str) -> None:
    minidom.parseString(svg)  # well-formed
    assert "<script" not in svg and "<!--" not in svg
    urls = re.findall(r"https?://[^\"'\s)<]+", svg)
    assert set(urls) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}  # namespaces only
    assert "@import" not in svg and "url(http" not in svg


def test_the_split_chart_has_its_title_description_and_numbers(year):
    results = year_results(year)
    chart = program_split_chart(results, "agreed_krw")
    assert chart.title == f"City support agreed (KRW) per program, {year}"
    assert "<title id=" in chart.svg and chart.title in chart.svg and "<desc" in chart.svg
    assert "51,000,000" in chart.description and 'role="img"' in chart.svg
    assert chart.rows == [["Program A", 30_000_000], ["Program B", 21_000_000], ["Total", 51_000_000]]
    assert "Noto Sans CJK KR" in chart.svg and "NanumGothic" in FONT_FAMILY
    assert_self_contained(chart.svg)


def test_the_trend_chart_has_a_row_per_year(year):
    series = series_results(range(year - 2, year + 1))
    chart = trend_chart(series, "sales_increase_krw")
    assert chart.headers == ["Year", "Program A", "Program B", "Total"]
    assert chart.rows == [[year - 2, 0, 0, 0], [year - 1, 0, 0, 0], [year, 60, 0, 60]]
    assert "New sales (KRW) by year" in chart.svg
    assert_self_contained(chart.svg)


def test_the_area_chart_folds_small_groups(year):
    chart = area_chart(year_results(year))
    assert chart.rows == [["화산면", 3, 30_000_000], ["Other areas", 3, 21_000_000]]
    assert "화산면" in chart.svg
    assert_self_contained(chart.svg)


def test_an_unknown_figure_is_refused(year):
    with pytest.raises(ValueError):
        trend_chart(series_results([year]), "nonsense")
