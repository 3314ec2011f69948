"""The funding events reach the company's members (required, in their language, linking to the company's
funding page); the daily reminders are sent once per date; the company's due items."""

from datetime import timedelta

import pytest
from django.urls import reverse

from applications.agreements.models import AgreementVersion
from applications.funding.models import Refund
from applications.funding.reminders import refund_remind, settlement_remind
from applications.funding.selectors import company_due_items
from applications.funding.services import LineDecision, project_cancel, settlement_return, settlement_review_finish
from portal.notifications.events import event_get
from portal.notifications.models import Notification
from portal.notifications.rendering import render
from tests.applications.factories import CompanyMemberFactory, UserFactory

from .factories import items, member_of, project, staff, today
from .test_services import pay, submitted

pytestmark = pytest.mark.django_db


def test_review_return_refund_and_cancellation_notify_the_company_in_its_language():
    application = project(city=10_000_000)
    korean = CompanyMemberFactory(company=application.company, user=UserFactory(language="ko")).user
    english = CompanyMemberFactory(company=application.company, user=UserFactory(language="en")).user
    item = items(application)[0]
    pay(application, 10_000_000, item=item)
    settlement = submitted(application, {item: 10_000_000}, korean)
    settlement_return(settlement=settlement, acting_user=staff(), comment="세금계산서 보완")
    settlement = submitted(application, {item: 10_000_000}, korean)
    settlement_review_finish(settlement=settlement, acting_user=staff(), decisions=[LineDecision(item, 6_000_000, "x")])
    link = reverse("funding:company", args=[application.pk])
    for event in ("settlement_returned", "settlement_reviewed", "refund_assessed"):
        assert event_get(event).required is True
        rows = Notification.objects.filter(event=event)
        assert {row.recipient_id for row in rows} >= {korean.pk, english.pk}, event
        assert {row.link for row in rows} == {link}
    en = render(Notification.objects.filter(event="refund_assessed", recipient=english).first())
    assert "4,000,000" in en.text and application.receipt_number in en.subject
    ko = render(Notification.objects.filter(event="settlement_returned", recipient=korean).first())
    assert ko.language == "ko" and "세금계산서 보완" in ko.text

    project_cancel(application=application, acting_user=staff(), reason="협약 위반")
    cancelled = Notification.objects.filter(event="project_cancelled", recipient=english).first()
    assert event_get("project_cancelled").required is True
    assert "협약 위반" in render(cancelled).text


def _ending(days_from_today: int, *, due: bool = False):
    """A project whose agreement ends ``days_from_today`` (with ``due``: whose settlement is due then)."""
    application = project()
    version = AgreementVersion.objects.get(agreement__application=application, confirmed_at__isnull=False)
    shift = application.call.settlement_due_days if due else 0
    version.ends_on = today() + timedelta(days=days_from_today - shift)
    version.save(update_fields=["ends_on"])
    return application


def test_settlement_reminders_before_and_after_the_due_date_once_each(settings):
    settings.FUNDING_REMINDER_DAYS = 7
    soon = _ending(7, due=True)
    late = _ending(-1, due=True)
    quiet = _ending(30, due=True)
    member = member_of(soon)
    late_member = member_of(late)
    quiet_member = member_of(quiet)
    assert settlement_remind() >= 2
    assert settlement_remind() == 0  # the same day again: nothing more
    rows = Notification.objects.filter(event="settlement_due")
    assert rows.filter(recipient=member).exists() and rows.filter(recipient=late_member).exists()
    assert not rows.filter(recipient=quiet_member).exists()
    assert rows.get(recipient=late_member, channel="in_app").params["when"] == "overdue"
    assert rows.get(recipient=member, channel="in_app").params["when"] == "soon"


@pytest.mark.usefixtures("english")
def test_refund_reminders_and_due_items(settings):
    settings.FUNDING_REMINDER_DAYS = 7
    application = project(city=10_000_000)
    pay(application, 3_000_000)
    refund = project_cancel(application=application, acting_user=staff(), reason="포기")
    Refund.objects.filter(pk=refund.pk).update(due_on=today() + timedelta(days=7))
    member = member_of(application)
    assert refund_remind() >= 1 and refund_remind() == 0
    assert Notification.objects.filter(event="refund_due", recipient=member).exists()
    due = company_due_items(company=application.company, today=today())
    assert [(str(item.title), item.due_on, item.overdue) for item in due] == [
        ("Refund of support", today() + timedelta(days=7), False)
    ]
    assert due[0].url == reverse("funding:company", args=[application.pk])


def test_due_items_show_the_settlement_near_the_end_and_overdue_after(settings):
    application = _ending(-60)
    due = company_due_items(company=application.company, today=today())
    expected_due = today() - timedelta(days=60) + timedelta(days=application.call.settlement_due_days)
    assert [(item.due_on, item.overdue) for item in due] == [(expected_due, expected_due < today())]
    far = _ending(200)
    assert company_due_items(company=far.company, today=today()) == []
    item = items(application)[0]
    submitted(application, {item: 0})
    assert company_due_items(company=application.company, today=today()) == []
