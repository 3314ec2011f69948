"""The survey's export (CSV and XLSX) writes a company name, a person's name and a text answer that look like a
formula as text (tests/portal/formulas.py); a scale answer stays a number."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.models import Company
from portal.accounts.models import User
from reports.meetings.models import Answer
from reports.meetings.services import registration_register, survey_answer
from tests.evaluation.factories import otp_client
from tests.portal.formulas import PAYLOAD_IDS, PAYLOADS, assert_csv_neutralised, assert_text_cells, csv_rows

from .factories import meeting, member, staff, survey

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def answered_with_text(payload: str):
    by = staff()
    m = meeting(by=by)
    choice, scale, text = survey(m, by=by)
    user = member()
    company = user.company_membership.company
    registration_register(meeting=m, company=company, acting_user=user, attendees=1)
    survey_answer(
        meeting=m, company=company, acting_user=user, answers={choice.pk: "마케팅", scale.pk: "4", text.pk: "의견"}
    )
    Company.objects.filter(pk=company.pk).update(name=payload)
    User.objects.filter(pk=user.pk).update(full_name=payload)
    Answer.objects.filter(question=text).update(text=payload)
    return m, otp_client(by)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_the_survey_xlsx_writes_formula_text_as_text(payload):
    m, client = answered_with_text(payload)
    response = client.get(reverse("meetings_staff:export", args=[m.year, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert_text_cells(sheet, payload, at_least=3)  # the company, the person, the answer
    scale = sheet.cell(row=2, column=5)
    assert (scale.data_type, scale.value) == ("n", 4)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_the_survey_csv_neutralises_formula_text(payload):
    m, client = answered_with_text(payload)
    response = client.get(reverse("meetings_staff:export", args=[m.year, "csv"]))
    rows = csv_rows(response.content)
    assert_csv_neutralised(rows, payload, at_least=3)
    assert rows[1][4] == "4"
