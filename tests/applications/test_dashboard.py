"""The company dashboard and the receipt (page and PDF)."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications.services import application_submit
from applications.services.transitions import application_revision_request, application_screening_start
from portal.accounts.roles import Role
from programs.enums import DocumentType

from .apply_setup import open_call, ready_application
from .factories import OwnerFactory, UserFactory, VaultDocumentFactory

pytestmark = pytest.mark.django_db


def _dashboard_queries(client, owner) -> int:
    client.force_login(owner.user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("applications:dashboard"))
    assert response.status_code == 200
    return len(captured)


def _company_with(applications: int, documents: int):
    owner = OwnerFactory()
    for number in range(applications):
        application = ready_application(owner=owner, items=1 + number % 3)
        if number % 2:
            application_submit(application=application, acting_user=owner.user)
    for number in range(documents):
        VaultDocumentFactory(
            company=owner.company, doc_type=DocumentType.OTHER, expires_on=timezone.localdate() + timedelta(days=number)
        )
    open_call()  # an open call the company has not applied to
    return owner


def test_dashboard_makes_the_same_number_of_queries_for_one_and_many(client):
    few = _dashboard_queries(client, _company_with(applications=1, documents=1))
    many = _dashboard_queries(client, _company_with(applications=5, documents=4))
    assert few == many


def test_dashboard_shows_status_timeline_revision_request_and_expiring_documents(client):
    owner = OwnerFactory()
    application = ready_application(owner=owner)
    application = application_submit(application=application, acting_user=owner.user)
    staff = UserFactory(email="staff-d@example.com")
    staff.groups.add(Group.objects.get_or_create(name=Role.TECHNOPARK_STAFF.value)[0])
    application_screening_start(application=application, acting_user=staff)
    deadline = timezone.now() + timedelta(days=5)
    application_revision_request(
        application=application, acting_user=staff, missing=["최신 국세 납세증명서"], deadline=deadline
    )
    VaultDocumentFactory(
        company=owner.company, title="만료된 증명서", expires_on=timezone.localdate() - timedelta(days=1)
    )
    eligible_call = open_call()
    client.force_login(owner.user)
    content = client.get(reverse("applications:dashboard")).content.decode()
    assert "Revision requested: action needed" in content
    assert "최신 국세 납세증명서" in content and timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M") in content
    assert "만료된 증명서" in content and "Expired" in content
    assert f'data-call="{eligible_call.code}"' in content
    assert reverse("applications:apply", args=[eligible_call.code]) in content
    assert 'data-to="screening"' in content


def test_company_home_is_the_dashboard(client):
    owner = OwnerFactory()
    client.force_login(owner.user)
    assert client.get(reverse("applications:company"))["Location"] == reverse("applications:dashboard")


def test_receipt_page_and_pdf_carry_the_receipt_number(client):
    application = ready_application()
    owner = application.company.members.get()
    submitted = application_submit(application=application, acting_user=owner.user)
    client.force_login(owner.user)
    page = client.get(reverse("applications:application_receipt", args=[application.pk]))
    assert submitted.receipt_number in page.content.decode()
    response = client.get(reverse("applications:application_receipt_pdf", args=[application.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert submitted.receipt_number in text


def test_a_draft_has_no_receipt(client):
    application = ready_application()
    client.force_login(application.company.members.get().user)
    assert client.get(reverse("applications:application_receipt", args=[application.pk])).status_code == 404
    assert client.get(reverse("applications:application_receipt_pdf", args=[application.pk])).status_code == 404


def test_withdrawal_through_the_page_until_screening(client):
    application = ready_application()
    owner = application.company.members.get()
    application_submit(application=application, acting_user=owner.user)
    client.force_login(owner.user)
    url = reverse("applications:application_withdraw", args=[application.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "사정 변경"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert client.get(url)["Location"] == reverse("applications:application_detail", args=[application.pk])


def test_a_stored_profile_the_engine_refuses_leaves_those_facts_unknown_instead_of_failing(client):
    """A value saved before a check existed (or through the admin): the dashboard still answers, and the rule that
    needs the value asks for its evidence."""
    from applications.models import Company

    open_call()
    owner = OwnerFactory()
    Company.objects.filter(pk=owner.company_id).update(located_since=timezone.localdate() + timedelta(days=30))
    facts = Company.objects.get(pk=owner.company_id).to_facts()
    assert facts.located_since is None
    client.force_login(owner.user)
    assert client.get(reverse("applications:dashboard")).status_code == 200
