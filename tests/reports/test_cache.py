"""The public results pages come from the cache until a figure changes: the services that change one forget the
cached pages when their transaction commits (never stale after the commit), and a rolled-back change forgets
nothing."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import override

from applications.funding.services import payment_record
from applications.outcomes.models import ReportState
from applications.outcomes.services import outcome_report_reopen, outcome_report_verify
from reports.cache import SERIES, page_get, page_key, page_keys
from tests.funding.factories import items, pdf, staff

from .factories import calls_of, report, supported


@pytest.fixture
def year():
    return timezone.localdate().year


def won(value: int) -> str:
    with override("ko"):
        return number_format(value, force_grouping=True)


def certifications_cell(client, year) -> str:
    content = client.get(reverse("reports:year", args=[year])).content.decode()
    return content.split('id="outcome-certifications"')[1].split("</tr>")[0]


@pytest.mark.django_db(transaction=True)
def test_a_verified_report_shows_on_the_cached_page_once_it_commits(year):
    call_a, _call_b = calls_of(year)
    application = supported(call_a, address="경북 영천시 녹전동 1")
    submitted = report(application, year, state=ReportState.SUBMITTED, baseline=1, sales_krw=2, certifications=7)
    client = Client()
    assert '<td class="text-end">0</td>' in certifications_cell(client, year)
    assert page_get(language="ko", year=year) is not None  # the page is now in the cache
    outcome_report_verify(report=submitted, acting_user=staff())  # commits (no test transaction here)
    assert page_get(language="ko", year=year) is None
    assert '<td class="text-end">7</td>' in certifications_cell(client, year)
    outcome_report_reopen(report=submitted, acting_user=staff(), reason="숫자 확인 필요")
    assert '<td class="text-end">0</td>' in certifications_cell(client, year)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_the_cached_page(year):
    call_a, _call_b = calls_of(year)
    application = supported(call_a, address="경북 영천시 녹전동 1")
    submitted = report(application, year, state=ReportState.SUBMITTED, baseline=1, sales_krw=2, certifications=7)
    client = Client()
    client.get(reverse("reports:year", args=[year]))
    cached = page_get(language="ko", year=year)
    assert cached is not None
    with pytest.raises(RuntimeError), transaction.atomic():
        outcome_report_verify(report=submitted, acting_user=staff())
        raise RuntimeError("the caller fails after the service")
    assert page_get(language="ko", year=year) == cached


@pytest.mark.django_db(transaction=True)
def test_a_payment_forgets_the_pages_of_every_year_and_language(year):
    call_a, _call_b = calls_of(year)
    application = supported(call_a, address="경북 영천시 녹전동 1")
    client = Client()
    client.get(reverse("reports:year", args=[year]))
    client.get(reverse("reports:series"))
    english = Client()
    english.cookies["django_language"] = "en"
    english.get(reverse("reports:year", args=[year]))
    assert all(page_get(language=lang, year=key) for lang, key in (("ko", year), ("ko", SERIES), ("en", year)))
    payment_record(
        application=application,
        acting_user=staff(),
        support_item_id=items(application)[0],
        tranche=1,
        paid_on=timezone.localdate(),
        amount_krw=3_000_000,
        evidence=pdf(),
    )
    assert not any(page_get(language=lang, year=key) for lang, key in (("ko", year), ("ko", SERIES), ("en", year)))
    content = client.get(reverse("reports:year", args=[year])).content.decode()
    assert f'id="total-paid">{won(3_000_000)}<' in content


@pytest.mark.django_db
def test_a_confirmed_agreement_forgets_the_pages_on_commit(year, django_capture_on_commit_callbacks):
    cache.set(page_key(language="ko", year=year), "old")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        supported(calls_of(year)[0], address="경북 영천시 녹전동 1")  # selected, agreement sent and confirmed
    assert cache.get(page_key(language="ko", year=year)) == "old"  # not before the commit
    for callback in callbacks:
        callback()
    assert cache.get(page_key(language="ko", year=year)) is None


def test_the_keys_cover_2019_to_next_year_in_both_languages(year):
    keys = page_keys()
    assert page_key(language="ko", year=2019) in keys and page_key(language="en", year=year + 1) in keys
    assert page_key(language="en", year=SERIES) in keys
