"""The evaluation's exports (scores and ranking, XLSX and CSV) write a company name, a project title, an expert's
name and comment that look like a formula as text (tests/portal/formulas.py); scores and money stay numbers."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.evaluation.models import CriterionScore
from applications.models import Application, Company
from tests.portal.formulas import PAYLOAD_IDS, PAYLOADS, assert_csv_neutralised, assert_text_cells, csv_rows
from tests.programs.factories import CallFactory

from .factories import application, assign, committee_for, expert, otp_client, staff, submitted_sheet

pytestmark = pytest.mark.django_db


def scored_with_text(payload: str):
    committee = committee_for(CallFactory(budget_krw=100_000_000))
    app = application(committee.call)
    Company.objects.filter(pk=app.company_id).update(name=payload)
    Application.objects.filter(pk=app.pk).update(project_title=payload)
    sheet = submitted_sheet(assign(committee, app, expert(committee, full_name=payload)), 0.8)
    CriterionScore.objects.filter(sheet=sheet).update(comment=payload)
    return committee


def download(committee, kind: str, fmt: str):
    response = otp_client(staff()).get(reverse("evaluation_staff:export", args=[committee.call.code, kind, fmt]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_the_scores_xlsx_writes_company_expert_and_comment_as_text(payload):
    committee = scored_with_text(payload)
    sheet = load_workbook(io.BytesIO(download(committee, "scores", "xlsx").content)).active
    criteria = committee.criteria.count()
    assert_text_cells(sheet, payload, at_least=3 * criteria)  # company, expert and comment on every row
    score = sheet.cell(row=2, column=7)
    assert (score.data_type, isinstance(score.value, int | float)) == ("n", True)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_the_scores_csv_neutralises_company_expert_and_comment(payload):
    committee = scored_with_text(payload)
    rows = csv_rows(download(committee, "scores", "csv").content)
    assert_csv_neutralised(rows, payload, at_least=3 * committee.criteria.count())
    float(rows[1][6])  # the score, a number


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_the_ranking_xlsx_writes_company_and_project_title_as_text(payload):
    committee = scored_with_text(payload)
    sheet = load_workbook(io.BytesIO(download(committee, "ranking", "xlsx").content)).active
    assert_text_cells(sheet, payload, at_least=2)
    support = sheet.cell(row=2, column=10)
    assert (support.data_type, support.value) == ("n", 30_000_000)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_the_ranking_csv_neutralises_company_and_project_title(payload):
    committee = scored_with_text(payload)
    rows = csv_rows(download(committee, "ranking", "csv").content)
    assert_csv_neutralised(rows, payload, at_least=2)
    assert rows[1][9] == "30000000"
