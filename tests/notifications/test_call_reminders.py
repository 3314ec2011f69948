"""A company member asks, on a call's page, to be told when the call opens and before it closes."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from portal.notifications.models import CallReminderSubscription, Notification
from portal.notifications.reminders import call_opening_remind
from programs.enums import CallStatus
from tests.accounts.factories import UserFactory
from tests.programs.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings, company_with_members):
    """The assertions read English texts; the Korean catalogue is translated separately."""
    settings.LANGUAGE_CODE = "en"
    get_user_model().objects.update(language="en")


@pytest.fixture
def call(db):
    return CallFactory(year=2033)


def url(call) -> str:
    return reverse("notifications:call_reminder", kwargs={"code": call.code})


def page(call) -> str:
    return reverse("programs:call", kwargs={"code": call.code})


def test_a_member_subscribes_and_unsubscribes_the_company_from_the_call_page(client, call, company_with_members):
    company, (member, colleague) = company_with_members
    client.force_login(member)
    assert "Remind us about this call" in client.get(page(call)).text

    response = client.post(url(call), {"action": "subscribe"}, follow=True)
    assert response.redirect_chain[-1][0] == page(call)
    subscription = CallReminderSubscription.objects.get()
    assert (subscription.company, subscription.call, subscription.subscribed_by) == (company, call, member)
    assert "Stop reminding us" in response.text

    client.post(url(call), {"action": "subscribe"})  # twice is still one subscription
    assert CallReminderSubscription.objects.count() == 1

    client.force_login(colleague)  # a colleague sees the company's subscription and may end it
    assert "Stop reminding us" in client.get(page(call)).text
    client.post(url(call), {"action": "unsubscribe"})
    assert CallReminderSubscription.objects.count() == 0


def test_a_subscribed_company_is_told_when_the_call_opens(client, call, company_with_members):
    _company, members = company_with_members
    client.force_login(members[0])
    client.post(url(call), {"action": "subscribe"})
    call.opens_at = timezone.now() + timedelta(hours=2)
    call.save(update_fields=["opens_at"])
    assert call_opening_remind() == 4
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {user.pk for user in members}


def test_someone_without_a_company_sees_no_button_and_cannot_subscribe(client, call):
    client.force_login(UserFactory(language="en"))
    text = client.get(page(call)).text
    assert "Remind us about this call" not in text
    assert "members of a registered company" in text
    response = client.post(url(call), {"action": "subscribe"}, follow=True)
    assert "Only members of a registered company" in response.text
    assert CallReminderSubscription.objects.count() == 0


def test_a_visitor_sees_no_reminder_box_and_is_sent_to_sign_in(client, call):
    assert 'id="call-reminder-title"' not in client.get(page(call)).text
    response = client.post(url(call), {"action": "subscribe"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert CallReminderSubscription.objects.count() == 0


@pytest.mark.parametrize("data", [{}, {"action": "everything"}])
def test_a_bad_action_is_refused_with_a_message_naming_the_field(client, call, company_with_members, data):
    client.force_login(company_with_members[1][0])
    response = client.post(url(call), data, follow=True)
    assert "Reminder: choose whether to be reminded or not." in response.text
    assert CallReminderSubscription.objects.count() == 0


def test_an_unknown_or_draft_call_is_a_404_and_get_is_not_allowed(client, company_with_members):
    client.force_login(company_with_members[1][0])
    draft = CallFactory(year=2034, status=CallStatus.DRAFT)
    assert client.post(url(draft), {"action": "subscribe"}).status_code == 404
    assert client.post("/notifications/calls/nope/reminder/", {"action": "subscribe"}).status_code == 404
    assert client.get(url(CallFactory(year=2035))).status_code == 405
