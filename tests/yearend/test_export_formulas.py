"""The year-end XLSX writes supported companies' names and support items' names that look like a formula as text
cells (tests/portal/formulas.py), downloaded as staff do; the figures stay numbers, a negative change too. One
report holds every payload (a PDF takes seconds to make)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.models import Company
from applications.outcomes.models import OutcomeReport
from programs.models import SupportItem
from reports.yearend.models import ReportState, YearEndReport
from reports.yearend.services import yearend_report_generate
from tests.portal.formulas import LINK, PAYLOADS, xlsx_text

from .factories import built_year, otp_client, staff

pytestmark = pytest.mark.django_db


def test_the_yearend_xlsx_writes_formula_text_as_text_and_figures_as_numbers(year):
    built = built_year(year)
    projects = [*built["a"], *built["b"]]  # four supported companies this year
    for project, payload in zip(projects, PAYLOADS[:4], strict=True):
        Company.objects.filter(pk=project.company_id).update(name=payload)
    for project, payload in zip(projects[:2], PAYLOADS[4:], strict=True):
        item = project.items.first().support_item_id
        SupportItem.objects.filter(pk=item).update(name_ko=payload, name_en=payload)
    # The year before had a new hire, this year none: the change of new hires is negative.
    OutcomeReport.objects.filter(application__call__year=year).update(new_hires=0)
    user = staff()
    report = YearEndReport.objects.create(year=year, requested_by=user)
    yearend_report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == ReportState.DONE, report.error

    response = otp_client(user).get(reverse("yearend:download", args=[report.pk, "xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    holding = [cell for cell in cells if isinstance(cell.value, str) and LINK in cell.value]
    assert {cell.data_type for cell in holding} == {"s"}
    # each payload alone in a cell (a name), and also joined with others (a company's support items)
    assert {xlsx_text(payload) for payload in PAYLOADS} <= {cell.value for cell in holding}
    numbers = [cell for cell in cells if isinstance(cell.value, int)]
    assert {cell.data_type for cell in numbers} == {"n"}
    assert [cell.value for cell in numbers if cell.value < 0] == [-1]  # new hires against the year before
