"""The agreement reminder: selected applications, N days before their call's agreement deadline, once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.reminders import agreement_remind
from applications.tasks import remind_agreement
from applications.workflow import ApplicationStatus
from portal.notifications.enums import ChannelKind
from portal.notifications.models import Notification
from portal.notifications.rendering import render
from tests.accounts.two_factor import login_verified
from tests.applications.factories import CompanyFactory, CompanyMemberFactory
from tests.evaluation.factories import application, staff
from tests.programs.factories import CallFactory

pytestmark = pytest.mark.django_db
BOTH = {ChannelKind.EMAIL, ChannelKind.IN_APP}


@pytest.fixture
def due(settings):
    settings.NOTIFICATIONS_AGREEMENT_REMINDER_DAYS = 7
    return timezone.localdate() + timedelta(days=7)


def call_due_on(day):
    call = CallFactory()
    call.agreement_due_on = day
    call.save(update_fields=["agreement_due_on"])
    return call


def selected(call, *, status=ApplicationStatus.SELECTED, languages=("ko", "en")):
    company = CompanyFactory()
    members = [CompanyMemberFactory(company=company, user__language=language).user for language in languages]
    return application(call, status=status, company=company), members


def rows():
    return Notification.objects.filter(event="agreement_due").order_by("recipient_id", "channel")


def test_the_members_of_each_selected_company_are_reminded_once(due):
    call = call_due_on(due)
    _first, first_members = selected(call)
    second, second_members = selected(call, languages=("en",))
    staff()  # staff are not told

    assert agreement_remind() == 6  # three members, two channels
    assert {row.recipient_id for row in rows()} == {user.pk for user in first_members + second_members}
    assert {row.channel for row in rows()} == BOTH
    mine = rows().filter(recipient=second_members[0], channel=ChannelKind.EMAIL).get()
    assert mine.application_id == second.pk
    assert mine.link == reverse("applications:application_detail", kwargs={"pk": second.pk})
    assert mine.dedupe_key == f"agreement_due:{second.pk}:{due.isoformat()}"

    assert agreement_remind() == 0  # the job running again the same day sends nothing more
    assert rows().count() == 6


def test_the_email_gives_the_deadline_and_the_link_in_the_recipients_language(due):
    app, (korean, english) = selected(call_due_on(due))
    agreement_remind()
    in_english = render(rows().get(recipient=english, channel=ChannelKind.EMAIL))
    assert in_english.language == "en"
    assert due.isoformat() in in_english.subject and app.receipt_number in in_english.subject
    assert f"by {due.isoformat()}" in in_english.text
    link = f"/company/applications/{app.pk}/"
    assert reverse("applications:application_detail", kwargs={"pk": app.pk}) == link
    assert f"http://127.0.0.1:8000{link}" in in_english.text
    assert f'href="http://127.0.0.1:8000{link}"' in in_english.html
    in_korean = render(rows().get(recipient=korean, channel=ChannelKind.EMAIL))
    assert in_korean.language == "ko" and due.isoformat() in in_korean.text


@pytest.mark.parametrize(
    "status",
    [
        ApplicationStatus.EVALUATION,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.NOT_SELECTED,
        ApplicationStatus.AGREEMENT,
        ApplicationStatus.WITHDRAWN,
    ],
)
def test_only_selected_applications_are_reminded(due, status):
    selected(call_due_on(due), status=status)
    assert agreement_remind() == 0
    assert not rows().exists()


def test_only_a_deadline_exactly_n_days_ahead_is_reminded(due, settings):
    selected(call_due_on(due + timedelta(days=1)))
    selected(call_due_on(due - timedelta(days=1)))
    selected(call_due_on(None))
    assert agreement_remind() == 0
    settings.NOTIFICATIONS_AGREEMENT_REMINDER_DAYS = 8
    assert agreement_remind() == 4  # the call due in eight days


def test_a_moved_deadline_reminds_again(due, settings):
    call = call_due_on(due)
    selected(call)
    assert agreement_remind() == 4
    call.agreement_due_on = due + timedelta(days=10)
    call.save(update_fields=["agreement_due_on"])
    settings.NOTIFICATIONS_AGREEMENT_REMINDER_DAYS = 17
    assert agreement_remind() == 4
    assert rows().count() == 8


def test_the_agreement_job_is_scheduled_and_shown_to_staff(client, due, settings):
    selected(call_due_on(due))
    assert remind_agreement.apply().get() == 4
    assert settings.CELERY_BEAT_SCHEDULE["agreement-reminders"]["task"] == remind_agreement.name
    login_verified(client, staff(manager=True, language="en"))
    page = client.get("/notifications/staff/schedule/").content.decode()
    assert "agreement-reminders" in page and "applications.remind_agreement" in page
