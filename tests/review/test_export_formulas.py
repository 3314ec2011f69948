"""The queue's exports write a company name or a support item's name that looks like a formula as text: a text cell
in the XLSX, a cell behind a single quote in the CSV (tests/portal/formulas.py); numbers stay numbers."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.models import Company
from applications.services.submission import application_submit
from programs.models import SupportItem
from tests.applications.apply_setup import ready_application
from tests.portal.formulas import PAYLOAD_IDS, PAYLOADS, assert_csv_neutralised, assert_text_cells, csv_rows

from .helpers import open_call


@pytest.fixture
def call(db):
    return open_call()


def submitted_with_text(call, payload: str):
    application = ready_application(call=call)
    Company.objects.filter(pk=application.company_id).update(name=payload)
    SupportItem.objects.filter(pk=application.items.get().support_item_id).update(name_ko=payload, name_en=payload)
    application_submit(application=application, acting_user=application.company.members.get().user)
    return application


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_the_queue_xlsx_writes_formula_text_as_text(staff_client, call, payload):
    submitted_with_text(call, payload)
    response = staff_client.get(reverse("review:queue_xlsx", args=[call.code]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert_text_cells(sheet, payload, at_least=2)  # the company and the support item
    requested = sheet.cell(row=2, column=7)
    assert (requested.data_type, isinstance(requested.value, int)) == ("n", True)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_the_queue_csv_neutralises_formula_text(staff_client, call, payload):
    submitted_with_text(call, payload)
    response = staff_client.get(reverse("review:queue_csv", args=[call.code]))
    assert response.status_code == 200
    rows = csv_rows(b"".join(response.streaming_content))
    assert_csv_neutralised(rows, payload, at_least=2)
    assert rows[1][6].isdigit()  # the requested support, a number, unquoted
