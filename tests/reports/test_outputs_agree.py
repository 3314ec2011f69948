"""The results of a year agree wherever they are published: the public page, the CSV, the JSON file, the API and
the year-end report's PDF show the same key figures (on the seeded demo, for a year of its history)."""

import csv
import io
import json
from io import StringIO

import pymupdf
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.formats import number_format

from reports.figures import OFFICIALS, PUBLIC, year_results
from reports.yearend.models import YearEndReport
from reports.yearend.services import yearend_report_generate
from tests.evaluation.factories import staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

YEAR = 2021  # the demo history's year that DOMAIN.md gives figures for
KEY = ("calls", "applications", "selected", "agreed_krw", "paid_krw", "sales_increase_krw", "new_hires")


def grouped(value: int) -> str:
    return number_format(value, force_grouping=True)


def test_the_page_the_files_the_api_and_the_pdf_agree(client):
    call_command("seed_demo", stdout=StringIO())
    total = year_results(YEAR, edition=PUBLIC).total
    expected = {name: total.value(name) for name in KEY}
    assert expected["sales_increase_krw"] == 26_100_000_000 + 13_100_000_000  # DOMAIN.md, A + B

    page = client.get(reverse("reports:year", args=[YEAR])).content.decode()
    for name in ("agreed_krw", "paid_krw", "sales_increase_krw"):
        assert grouped(expected[name]) in page, name

    rows = list(csv.DictReader(io.StringIO(client.get(f"/results/{YEAR}/data.csv").content.decode("utf-8-sig"))))
    (csv_total,) = [row for row in rows if row["program"] == "total"]
    assert {name: int(csv_total[name]) for name in KEY} == expected

    file_total = json.loads(client.get(f"/results/{YEAR}/data.json").content)["total"]
    api_total = client.get(f"/api/v1/results/{YEAR}/").json()["total"]
    assert {name: file_total[name] for name in KEY} == expected == {name: api_total[name] for name in KEY}

    report = YearEndReport.objects.create(year=YEAR, requested_by=staff())
    report = yearend_report_generate(report_id=report.pk)
    with report.pdf.open("rb") as handle:
        text = "".join(page.get_text() for page in pymupdf.open(stream=handle.read(), filetype="pdf"))
    official = year_results(YEAR, edition=OFFICIALS).total
    for name in ("agreed_krw", "paid_krw", "sales_increase_krw", "new_hires"):
        assert official.value(name) == expected[name], name  # the editions differ in detail, not in totals
        assert grouped(expected[name]) in text, name
