"""agreement_issued reaches the company's members (required, in their language, linking to the company's page);
agreement_confirmed reaches staff with who confirmed, linking to the staff page."""

import pytest
from django.urls import reverse

from applications.agreements.services import agreement_confirm, agreement_draft, agreement_version_issue
from portal.notifications.events import event_get
from portal.notifications.models import Notification
from portal.notifications.rendering import render
from tests.applications.factories import CompanyMemberFactory, UserFactory

from .factories import selected_application, staff

pytestmark = pytest.mark.django_db


def test_issue_and_confirmation_notify_the_company_then_staff(django_capture_on_commit_callbacks):
    application = selected_application()
    korean = CompanyMemberFactory(company=application.company, user=UserFactory(language="ko")).user
    english = CompanyMemberFactory(company=application.company, user=UserFactory(language="en")).user
    person = staff()
    assert event_get("agreement_issued").required is True
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = agreement_version_issue(
            version=agreement_draft(application=application, acting_user=person), acting_user=person
        )
    assert callbacks
    issued = Notification.objects.filter(event="agreement_issued")
    assert {row.recipient_id for row in issued} == {korean.pk, english.pk}
    assert {row.link for row in issued} == {reverse("applications:agreement", args=[application.pk])}
    ko = render(issued.filter(recipient=korean).first())
    en = render(issued.filter(recipient=english).first())
    assert ko.language == "ko" and "협약" in ko.subject and application.receipt_number in ko.subject
    assert en.language == "en" and "please confirm" in en.subject and "version 1" in en.text

    agreement_confirm(version=version, acting_user=korean)
    confirmed = Notification.objects.filter(event="agreement_confirmed", recipient=person)
    assert confirmed.exists()
    assert {row.link for row in confirmed} == {reverse("review:agreement", args=[application.pk])}
    assert str(korean) in render(confirmed.first()).text
    assert not Notification.objects.filter(event="agreement_confirmed", recipient=korean).exists()
