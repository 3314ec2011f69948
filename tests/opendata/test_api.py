"""The results API answers the same records as the open-data JSON files, appears in the OpenAPI schema, is public
and read-only, and answers 404 for a year with no call."""

import json

import pytest
from django.urls import reverse

from reports.figures import FIGURES, PUBLIC, SERIES_QUERIES, year_results

pytestmark = pytest.mark.django_db


def test_the_year_equals_the_json_file_and_the_figures(client, built, year):
    response = client.get(f"/api/v1/results/{year}/")

    assert response.status_code == 200
    data = response.json()
    assert data == json.loads(client.get(reverse("opendata:year-json", args=[year])).content)
    results = year_results(year, edition=PUBLIC)
    assert data["total"] == {name: results.total.value(name) for name in FIGURES}
    assert data["total"]["agreed_krw"] == sum(entry["figures"]["agreed_krw"] for entry in data["programs"])


def test_the_series_equals_the_years(client, built, year):
    data = client.get("/api/v1/results/").json()

    assert [entry["year"] for entry in data["years"]] == [year - 1, year]
    for entry in data["years"]:
        assert entry == client.get(f"/api/v1/results/{entry['year']}/").json()


def test_a_year_with_no_call_is_not_found(client, built, year):
    assert client.get(f"/api/v1/results/{year + 3}/").status_code == 404
    assert client.get(f"/api/v1/results/{year - 30}/").status_code == 404


def test_the_api_is_read_only(client, built, year):
    assert client.post(f"/api/v1/results/{year}/", {}, content_type="application/json").status_code == 405
    assert client.delete("/api/v1/results/").status_code == 405


def test_the_schema_lists_both_paths_with_their_fields(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()

    assert {"/api/v1/results/", "/api/v1/results/{year}/"} <= set(schema["paths"])
    year_path = schema["paths"]["/api/v1/results/{year}/"]["get"]
    assert {"200", "404"} <= set(year_path["responses"])
    figures = schema["components"]["schemas"]["Figures"]["properties"]
    assert set(figures) == set(FIGURES)
    assert set(schema["components"]["schemas"]["YearResults"]["properties"]) == {
        "year",
        "programs",
        "total",
        "items",
        "areas",
        "companies",
    }


@pytest.mark.parametrize("count", [1, 5])
def test_the_api_makes_a_fixed_number_of_queries(client, django_assert_num_queries, year, count):
    from tests.reports.factories import calls_of, supported

    call_a, _call_b = calls_of(year)
    for number in range(count):
        supported(call_a, address=f"경상북도 영천시 화산면 대기리 {number}")
    with django_assert_num_queries(SERIES_QUERIES):
        assert client.get(f"/api/v1/results/{year}/").json()["total"]["selected"] == count
    with django_assert_num_queries(SERIES_QUERIES + 1):  # and the years with a call
        assert len(client.get("/api/v1/results/").json()["years"]) == 1
