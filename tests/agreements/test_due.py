"""The company's dashboard lists an agreement sent for confirmation, with the call's deadline, until confirmed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.agreements.selectors import company_due_items
from applications.agreements.services import agreement_confirm, agreement_draft, agreement_version_issue
from tests.evaluation.factories import otp_client

from .factories import member_of, selected_application, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def issued(application):
    user = staff()
    return agreement_version_issue(version=agreement_draft(application=application, acting_user=user), acting_user=user)


@pytest.mark.parametrize("days, overdue", [(5, False), (-1, True)])
def test_an_issued_agreement_is_due_by_the_call_deadline(days, overdue):
    application = selected_application()
    today = timezone.localdate()
    application.call.agreement_due_on = today + timedelta(days=days)
    application.call.save(update_fields=["agreement_due_on"])
    issued(application)
    (item,) = company_due_items(company=application.company, today=today)
    assert item.due_on == today + timedelta(days=days)
    assert item.overdue is overdue
    assert item.url == reverse("applications:agreement", args=[application.pk])
    assert item.project == application.project_title


def test_a_draft_or_a_confirmed_agreement_is_not_due():
    application = selected_application()
    agreement_draft(application=application, acting_user=staff())
    assert company_due_items(company=application.company, today=timezone.localdate()) == []
    other = selected_application()
    version = issued(other)
    agreement_confirm(version=version, acting_user=member_of(other))
    assert company_due_items(company=other.company, today=timezone.localdate()) == []


@pytest.mark.parametrize("projects", [1, 4])
def test_due_items_take_one_query(django_assert_num_queries, projects):
    first = selected_application()
    for _ in range(projects):
        application = selected_application()
        application.company = first.company
        application.save(update_fields=["company"])
        issued(application)
    with django_assert_num_queries(1):
        items = company_due_items(company=first.company, today=timezone.localdate())
    assert len(items) == projects


def test_the_dashboard_shows_what_is_due():
    application = selected_application()
    issued(application)
    page = otp_client(member_of(application)).get(reverse("applications:dashboard")).content.decode()
    assert "Confirm the agreement" in page
    assert reverse("applications:agreement", args=[application.pk]) in page
