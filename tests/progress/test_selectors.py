"""The company's due items of progress reports: what is due, when, overdue or returned, in a fixed number of
queries whatever the number of projects."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.progress.models import ReportKind
from applications.progress.selectors import company_due_items
from applications.progress.services import report_return
from tests.applications.factories import CompanyMemberFactory

from .factories import accepted, confirmed, filed, in_progress

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
K = ReportKind


def test_due_items_say_what_is_due_and_what_is_overdue():
    application, member, person = in_progress(starts_days=-130, days=240)
    version = confirmed(application)
    today = timezone.localdate()
    items = company_due_items(company=application.company, today=today)
    assert [(str(i.title), i.due_on, i.overdue) for i in items] == [
        ("Interim report", version.starts_on + timedelta(days=120), True),
        ("Final report", version.ends_on + timedelta(days=application.call.settlement_due_days), False),
    ]
    assert items[0].url == reverse("applications:progress_report", args=[application.pk, "interim"])
    assert items[0].project == application.project_title
    report_return(report=filed(application, member, K.INTERIM), acting_user=person, comment="보완")
    items = company_due_items(company=application.company, today=today)
    assert [str(i.title) for i in items] == ["Revise the returned interim report", "Final report"]


def test_accepted_and_submitted_reports_are_not_due_and_other_companies_are_not_shown():
    application, member, person = in_progress()
    accepted(application, member, person, K.INTERIM)
    filed(application, member, K.FINAL)
    assert company_due_items(company=application.company, today=timezone.localdate()) == []
    other = CompanyMemberFactory().company
    assert company_due_items(company=other, today=timezone.localdate()) == []


@pytest.mark.parametrize("count", [1, 3])
def test_due_items_make_a_fixed_number_of_queries(django_assert_num_queries, count):
    application, member, _person = in_progress()
    company = application.company
    for _ in range(count - 1):
        more, _m, _p = in_progress()
        more.company = company
        more.save(update_fields=["company"])
    filed(application, member, K.INTERIM, submit=False)
    with django_assert_num_queries(3):
        items = company_due_items(company=company, today=timezone.localdate())
    assert len(items) == 2 * count
