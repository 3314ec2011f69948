"""On the seeded demo (the imported history of past years and this year's projects), every year's files add up to
its figures and the grants package of the whole series validates against the 360Giving schema."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.figures import FIGURES, PUBLIC, series_results

from .test_360giving import validator

pytestmark = pytest.mark.django_db


def test_the_seeded_years_publish_their_figures_and_a_valid_grants_package(client):
    call_command("seed_demo", stdout=StringIO())

    data = json.loads(client.get(reverse("opendata:series-json")).content)
    years = [entry["year"] for entry in data["years"]]
    assert 2021 in years
    for results, entry in zip(series_results(years, edition=PUBLIC), data["years"], strict=True):
        assert entry["total"] == {name: results.total.value(name) for name in FIGURES}
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("opendata:series-csv")).content.decode("utf-8-sig"))))
    totals = {int(row["year"]): int(row["agreed_krw"]) for row in rows if row["program"] == "total"}
    assert totals == {entry["year"]: entry["total"]["agreed_krw"] for entry in data["years"]}

    package = json.loads(client.get(reverse("opendata:series-360giving")).content)
    assert [error.message for error in validator().iter_errors(package)] == []
    awarded = sum(grant["amountAwarded"] for grant in package["grants"])
    listed = sum(company["agreed_krw"] for entry in data["years"] for company in entry["companies"])
    assert awarded == listed > 0
