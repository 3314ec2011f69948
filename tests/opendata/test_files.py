"""The open-data files (CSV, JSON) add up to the figures of ``reports.figures``, per year and for the series; they
are served with their content types and file names, to anyone; a year with no call is a 404."""

import csv
import io
import json

import pytest
from django.urls import reverse

from reports.figures import FIGURES, PUBLIC, year_results
from reports.opendata import CSV_COLUMNS, TOTAL

pytestmark = pytest.mark.django_db


def csv_of(response) -> list[dict]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM, so that Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_year_csv_adds_up_to_the_figures(client, built, year):
    response = client.get(reverse("opendata:year-csv", args=[year]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="yeongcheon-results-{year}.csv"'
    rows = csv_of(response)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [row["program"] for row in rows] == ["A", "B", TOTAL]
    results = year_results(year, edition=PUBLIC)
    a, b, total = rows
    for name in FIGURES:
        assert int(a[name]) == results.program("A").value(name), name
        assert int(b[name]) == results.program("B").value(name), name
        assert int(total[name]) == results.total.value(name), name
        if name not in ("selected", "cancelled"):  # distinct companies over both programs
            assert int(a[name]) + int(b[name]) == int(total[name]), name
    # the hand-made year: 3 supported in A (the cancelled and the rejected not), 2 in B; 10 million paid
    assert (int(a["selected"]), int(a["cancelled"]), int(b["selected"])) == (3, 1, 2)
    assert int(total["paid_krw"]) == 10_000_000
    assert int(a["sales_increase_krw"]) == 500_000_000  # the verified report only
    assert int(b["agreed_krw"]) == 30_000_000


def test_the_year_json_holds_the_same_figures_and_the_public_lists(client, built, year):
    response = client.get(reverse("opendata:year-json", args=[year]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="yeongcheon-results-{year}.json"'
    data = json.loads(response.content)
    results = year_results(year, edition=PUBLIC)
    assert data["year"] == year
    assert data["total"] == {name: results.total.value(name) for name in FIGURES}
    for entry in data["programs"]:
        assert entry["figures"] == {name: results.program(entry["program"]).value(name) for name in FIGURES}
    csv_rows = csv_of(client.get(reverse("opendata:year-csv", args=[year])))
    assert {row["program"]: {name: int(row[name]) for name in FIGURES} for row in csv_rows} == {
        **{entry["program"]: entry["figures"] for entry in data["programs"]},
        TOTAL: data["total"],
    }
    companies = data["companies"]
    # A: 20 + 40 (2 lines) + 20 million, B: 2 x 15 million; the cancelled and the rejected not listed
    assert sum(company["agreed_krw"] for company in companies) == 20_000_000 + 40_000_000 + 20_000_000 + 30_000_000
    assert len(companies) == data["total"]["selected"] == 5
    assert sum(company["paid_krw"] for company in companies) == data["total"]["paid_krw"]
    assert sum(area["companies"] for area in data["areas"]) == 5
    assert all(area["companies"] >= 3 for area in data["areas"])  # small groups folded
    assert sum(item["agreed_krw"] for item in data["items"]) == data["total"]["agreed_krw"]


def test_the_series_equals_its_years(client, built, year):
    rows = csv_of(client.get(reverse("opendata:series-csv")))
    response = client.get(reverse("opendata:series-json"))
    data = json.loads(response.content)

    assert response["Content-Disposition"] == 'attachment; filename="yeongcheon-results.json"'
    assert [entry["year"] for entry in data["years"]] == [year - 1, year]
    for entry in data["years"]:
        assert entry == json.loads(client.get(reverse("opendata:year-json", args=[entry["year"]])).content)
    assert rows == csv_of(client.get(reverse("opendata:year-csv", args=[year - 1]))) + csv_of(
        client.get(reverse("opendata:year-csv", args=[year]))
    )


@pytest.mark.parametrize("name", ["opendata:year-csv", "opendata:year-json", "opendata:year-360giving"])
def test_a_year_with_no_call_is_not_found(client, built, year, name):
    assert client.get(reverse(name, args=[year + 5])).status_code == 404


def test_the_open_data_page_documents_every_column_and_links_every_year(client, built, year):
    response = client.get(reverse("opendata:page"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    for column in CSV_COLUMNS:
        assert f"<code>{column}</code>" in html
    for past in (year - 1, year):
        assert reverse("opendata:year-csv", args=[past]) in html
        assert reverse("opendata:year-360giving", args=[past]) in html
    assert "360G-yeongcheon-" in html and "KR-BRN-" in html


def test_the_open_data_page_is_in_korean_by_default(client, built):
    html = client.get(reverse("opendata:page")).content.decode()
    assert "공개 데이터" in html


@pytest.mark.parametrize("count", [1, 5])
def test_the_files_make_a_fixed_number_of_queries(client, django_assert_num_queries, year, count):
    from tests.reports.factories import calls_of, supported

    call_a, _call_b = calls_of(year)
    for number in range(count):
        supported(call_a, address=f"경상북도 영천시 화산면 대기리 {number}")
    with django_assert_num_queries(13):
        assert client.get(reverse("opendata:year-csv", args=[year])).status_code == 200
    with django_assert_num_queries(14):
        assert client.get(reverse("opendata:series-json")).status_code == 200
    with django_assert_num_queries(14):
        assert client.get(reverse("opendata:year-360giving", args=[year])).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(reverse("opendata:page")).status_code == 200


def test_the_csv_keeps_negative_figures_as_numbers_and_quotes_no_cell(client, built, year):
    response = client.get(reverse("opendata:series-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [value for row in rows[1:] for value in row]
    assert [value for value in cells if value.startswith("'")] == []
    negative = [value for value in cells if value.startswith("-")]
    assert negative and all(int(value) < 0 for value in negative)  # the sales of 금호읍's company fell
