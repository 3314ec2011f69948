"""The call's outcome settings in the admin: a new call starts with the default evidence fields, and "copy to next
year" carries both settings (their validation: ``test_services.test_the_calls_evidence_fields_are_checked...``)."""

import pytest
from django.urls import reverse

from portal.accounts.models import User
from programs.admin import DEFAULT_OUTCOME_EVIDENCE
from programs.services import call_copy_to_next_year
from tests.accounts.two_factor import login_verified
from tests.programs.factories import CallFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(email="admin@example.org", password="x", full_name="Admin", language="en")
    login_verified(client, user)  # the admin needs the second factor
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_a_new_call_starts_with_the_default_evidence_fields(admin_client):
    page = admin_client.get(reverse("admin:programs_call_add")).content.decode()
    assert 'name="outcome_report_years"' in page and 'name="outcome_evidence_fields"' in page
    assert all(name in page for name in DEFAULT_OUTCOME_EVIDENCE)


def test_copy_to_next_year_keeps_the_outcome_settings():
    call = CallFactory(outcome_report_years=5, outcome_evidence_fields=["sales_krw", "rd_tasks"])
    copy = call_copy_to_next_year(call=call, acting_user=None)
    assert copy.outcome_report_years == 5 and copy.outcome_evidence_fields == ["sales_krw", "rd_tasks"]
