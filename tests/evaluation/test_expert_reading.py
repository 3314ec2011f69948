"""An expert who declared no conflict reads the application as the company sent it and opens the documents the call
opens to experts, in the browser; access ends when the evaluation closes or the assignment is removed."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from applications.workflow import ApplicationStatus
from programs.enums import DocumentType
from tests.applications.apply_setup import open_call
from tests.review.helpers import submitted_application

from .factories import assign, committee_for, expert

pytestmark = pytest.mark.django_db
TAX = DocumentType.NATIONAL_TAX_CLEARANCE
BUSINESS = DocumentType.BUSINESS_REGISTRATION


@pytest.fixture
def reading():
    call = open_call(required_documents=[BUSINESS.value, TAX.value])
    application = submitted_application(call=call)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.EVALUATION)
    application.refresh_from_db()
    committee = committee_for(call)
    person = expert(committee)
    assignment = assign(committee, application, person)
    client = Client()
    client.force_login(person)
    documents = {row.doc_type: row.document for row in application.attachments.select_related("document")}
    return application, committee, assignment, client, documents


def page_of(client, assignment) -> str:
    return client.get(reverse("evaluation_expert:assignment", args=[assignment.pk])).content.decode()


def document_url(assignment, document) -> str:
    return reverse("evaluation_expert:document", args=[assignment.pk, document.pk])


def test_the_expert_reads_the_plan_budget_and_outcomes_as_sent_and_opens_the_open_documents_inline(reading):
    application, _committee, assignment, client, documents = reading
    sent = application.snapshot["content"]
    Application.objects.filter(pk=application.pk).update(project_summary="제출 후 바뀐 요약")  # not what was sent
    body = page_of(client, assignment)
    assert sent["project_summary"] in body and "제출 후 바뀐 요약" not in body
    assert f"{sent['items'][0]['city_support_krw']:,}" in body
    assert 'id="expert-outcomes"' in body
    assert document_url(assignment, documents[BUSINESS]) in body
    assert document_url(assignment, documents[TAX]) not in body  # a tax certificate stays closed by default
    response = client.get(document_url(assignment, documents[BUSINESS]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("inline")
    assert client.get(document_url(assignment, documents[TAX])).status_code == 404


def test_a_call_that_opens_tax_certificates_to_experts_lets_them_open_them(reading):
    _application, committee, assignment, client, documents = reading
    committee.evaluator_documents = [*committee.evaluator_documents, TAX.value]
    committee.save(update_fields=["evaluator_documents"])
    assert document_url(assignment, documents[TAX]) in page_of(client, assignment)
    assert client.get(document_url(assignment, documents[TAX])).status_code == 200


def test_access_ends_when_the_evaluation_closes(reading):
    application, committee, assignment, client, documents = reading
    committee.closed_at = timezone.now()
    committee.save(update_fields=["closed_at"])
    assert application.snapshot["content"]["project_summary"] not in page_of(client, assignment)
    assert client.get(document_url(assignment, documents[BUSINESS])).status_code == 404


def test_access_ends_when_the_assignment_is_removed(reading):
    _application, _committee, assignment, client, documents = reading
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    assert client.get(reverse("evaluation_expert:assignment", args=[assignment.pk])).status_code == 404
    assert client.get(document_url(assignment, documents[BUSINESS])).status_code == 404


def test_no_document_opens_before_the_declaration_nor_for_another_expert(reading):
    application, committee, assignment, _client, documents = reading
    undeclared = expert(committee)
    other = assign(committee, application, undeclared, declared=False)
    client = Client()
    client.force_login(undeclared)
    assert client.get(document_url(other, documents[BUSINESS])).status_code == 404
    assert client.get(document_url(assignment, documents[BUSINESS])).status_code == 404  # not their assignment


def test_staff_choose_the_documents_experts_may_open_on_the_committee_page(reading):
    from .factories import otp_client, staff

    _application, committee, _assignment, _client, _documents = reading
    client = otp_client(staff())
    url = reverse("evaluation_staff:overview", args=[committee.call.code])
    page = client.get(url).content.decode()
    assert f'value="{BUSINESS.value}"' in page and "stay closed to experts" in page
    data = {
        "action": "update",
        "cutoff_score": "70",
        "experts_per_application": "2",
        "evaluator_documents": [BUSINESS.value, TAX.value],
        "members": list(committee.members.values_list("pk", flat=True)),  # the assigned expert stays
    }
    assert client.post(url, data).status_code == 302
    committee.refresh_from_db()
    assert committee.evaluator_documents == [BUSINESS.value, TAX.value]
