"""Starting, discarding and withdrawing: the apply link creates nothing, a draft can be discarded, a withdrawn draft
never blocks a new application, a withdrawn submitted application keeps the call closed to the company; the
revision editor shows the revision deadline; the dashboard shows why other calls do not fit."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatusChange
from applications.services import application_submit
from applications.services.transitions import (
    application_revision_request,
    application_screening_start,
    application_withdraw,
)
from applications.workflow import ApplicationStatus
from portal.accounts.roles import Role

from .apply_setup import open_call, ready_application
from .factories import OwnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_draft_is_discarded_after_a_confirmation_and_the_company_can_start_again(client):
    application = ready_application()
    owner = application.company.members.get()
    client.force_login(owner.user)
    url = reverse("applications:application_discard", args=[application.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and 'id="discard-draft"' in confirm.content.decode()
    assert Application.objects.filter(pk=application.pk).exists()  # asking deletes nothing
    assert client.post(url)["Location"] == reverse("applications:dashboard")
    assert not Application.objects.filter(pk=application.pk).exists()
    start = client.post(reverse("applications:apply", args=[application.call.code]))
    assert start.status_code == 302
    assert Application.objects.get(company=owner.company, call=application.call).status == ApplicationStatus.DRAFT


def test_a_submitted_application_cannot_be_discarded(client):
    application = ready_application()
    owner = application.company.members.get()
    application_submit(application=application, acting_user=owner.user)
    client.force_login(owner.user)
    response = client.post(reverse("applications:application_discard", args=[application.pk]))
    assert response["Location"] == reverse("applications:application_detail", args=[application.pk])
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_a_draft_withdrawn_before_submission_never_blocks_a_new_application(client):
    application = ready_application()
    owner = application.company.members.get()
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.WITHDRAWN)  # as older data has it
    client.force_login(owner.user)
    url = reverse("applications:apply", args=[application.call.code])
    assert client.get(url).status_code == 200  # the start page, not the withdrawn draft
    client.post(url)
    fresh = Application.objects.get(company=owner.company, call=application.call)
    assert fresh.pk != application.pk and fresh.status == ApplicationStatus.DRAFT


def test_a_withdrawn_submitted_application_keeps_the_call_closed_to_the_company(client):
    application = ready_application()
    owner = application.company.members.get()
    application = application_submit(application=application, acting_user=owner.user)
    application_withdraw(application=application, acting_user=owner.user)
    client.force_login(owner.user)
    url = reverse("applications:apply", args=[application.call.code])
    assert client.post(url)["Location"] == reverse("applications:application_detail", args=[application.pk])
    assert Application.objects.filter(company=owner.company).count() == 1
    detail = client.get(reverse("applications:application_detail", args=[application.pk])).content.decode()
    assert "Withdrawn" in detail


def test_the_withdraw_button_and_status_read_as_an_application_withdrawal_in_korean(client):
    application = ready_application()
    owner = application.company.members.get()
    application = application_submit(application=application, acting_user=owner.user)
    client.force_login(owner.user)
    client.cookies["django_language"] = "ko"
    detail = client.get(reverse("applications:application_detail", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="ko")
    content = detail.content.decode()
    assert "신청 철회" in content and "동의 철회" not in content
    application_withdraw(application=application, acting_user=owner.user)
    content = client.get(
        reverse("applications:application_detail", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="ko"
    ).content.decode()
    assert "철회일시" not in content.split("<main", 1)[-1].split("What happened", 1)[0]


def test_the_revision_editor_and_review_show_the_revision_deadline(client):
    application = ready_application()
    owner = application.company.members.get()
    application = application_submit(application=application, acting_user=owner.user)
    staff = UserFactory(email="staff-rev@example.com")
    staff.groups.add(Group.objects.get_or_create(name=Role.TECHNOPARK_STAFF.value)[0])
    application_screening_start(application=application, acting_user=staff)
    deadline = application.call.closes_at + timedelta(days=7, hours=3)
    application_revision_request(application=application, acting_user=staff, missing=["납세증명서"], deadline=deadline)
    assert ApplicationStatusChange.objects.filter(deadline=deadline).exists()
    client.force_login(owner.user)
    expected = timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
    call_deadline = timezone.localtime(application.call.closes_at).strftime("%Y-%m-%d %H:%M")
    for name in ("application_edit", "application_review"):
        content = client.get(reverse(f"applications:{name}", args=[application.pk])).content.decode()
        assert f"Revision deadline: {expected}" in content, name
        assert call_deadline not in content, name


def test_the_dashboard_why_shows_the_companys_own_result_for_the_calls_that_do_not_fit(client):
    owner = OwnerFactory()
    call = open_call()
    call.eligibility_rules.update(params={"below": 10})
    client.force_login(owner.user)
    response = client.get(reverse("applications:dashboard"))
    [row] = response.context["ineligible_calls"]
    content = response.content.decode()
    assert 'id="ineligible-calls"' in content and f'class="ineligible-call mt-2" data-call="{call.code}"' in content
    assert row["result"].rules[0].message in content
    assert reverse("programs:eligibility") not in content.split('id="ineligible-calls"', 1)[1]
