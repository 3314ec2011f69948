"""A company member asks, on a call's page, to be told when the call opens and before it closes."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from applications.models import CallReminderSubscription
from applications.reminders import call_closing_remind, call_opening_remind
from applications.services.call_reminders import call_reminder_subscribe
from applications.tasks import remind_call_closing, remind_call_opening
from portal.notifications.models import Notification
from programs.enums import CallStatus
from tests.accounts.factories import UserFactory
from tests.applications.factories import ApplicationFactory, CompanyFactory, CompanyMemberFactory
from tests.programs.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company_with_members(db):
    company = CompanyFactory()
    members = [CompanyMemberFactory(company=company, user__language=language).user for language in ("ko", "en")]
    return company, members


@pytest.fixture(autouse=True)
def _english(settings, company_with_members):
    """The assertions read English texts; the Korean catalogue is translated separately."""
    settings.LANGUAGE_CODE = "en"
    get_user_model().objects.update(language="en")


@pytest.fixture
def call(db):
    return CallFactory(year=2033)


def url(call) -> str:
    return reverse("applications:call_reminder", kwargs={"code": call.code})


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
    assert client.post("/company/calls/nope/reminder/", {"action": "subscribe"}).status_code == 404
    assert client.get(url(CallFactory(year=2035))).status_code == 405


def test_the_call_reminders_run_as_their_scheduled_tasks_once_per_call(call, company_with_members, settings):
    company, members = company_with_members
    call_reminder_subscribe(company=company, call=call, acting_user=members[0])
    call.opens_at = timezone.now() - timedelta(hours=1)
    call.closes_at = timezone.now() + timedelta(days=settings.NOTIFICATIONS_CALL_CLOSING_DAYS - 1)
    call.save(update_fields=["opens_at", "closes_at"])
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {remind_call_opening.name, remind_call_closing.name} <= schedule
    assert remind_call_opening.apply().get() == 4  # two members, two channels
    assert remind_call_closing.apply().get() == 4
    assert remind_call_opening.apply().get() == remind_call_closing.apply().get() == 0  # the same day again
    assert set(Notification.objects.values_list("event", flat=True)) == {"call_opening", "call_closing"}


def test_a_company_with_a_draft_on_the_call_is_told_before_it_closes_without_subscribing(call, company_with_members):
    company, members = company_with_members
    ApplicationFactory(company=company, call=call)
    call.closes_at = timezone.now() + timedelta(days=1)
    call.save(update_fields=["closes_at"])
    assert call_closing_remind() == 4
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {user.pk for user in members}
