import pytest
from django.utils import timezone

from applications.outcomes.models import ReportState
from tests.reports.factories import S, calls_of, move, report, supported


@pytest.fixture
def year():
    return timezone.localdate().year


@pytest.fixture
def built(year):
    """This year: program A with 3 projects in 화산면 (one paid), one cancelled after selection and one not
    selected; program B with 2 projects (금호읍 and an address in Seoul). Verified and submitted outcome reports.
    Last year: one project of program A."""
    call_a, call_b = calls_of(year)
    a1 = supported(call_a, address="경상북도 영천시 화산면 대기리 10", paid=10_000_000)
    a2 = supported(call_a, address="경북 영천시 화산면 대기리 11", lines=2)
    a3 = supported(call_a, address="경상북도 영천시 화산면 대기리 12")
    cancelled = supported(call_a, address="경상북도 영천시 화산면 대기리 13")
    move(cancelled, S.CANCELLED, was_selected=True)
    rejected = supported(call_a, address="경상북도 영천시 화산면 대기리 14")
    move(rejected, S.NOT_SELECTED)
    b1 = supported(call_b, address="경상북도 영천시 금호읍 구암리 5", city=15_000_000)
    b2 = supported(call_b, address="서울특별시 서대문구 영천동 1", city=15_000_000)
    report(a1, year, baseline=1_000_000_000, sales_krw=1_500_000_000, certifications=2, new_hires=3)
    report(a2, year, state=ReportState.SUBMITTED, baseline=1, sales_krw=9_000_000_000)
    report(b1, year, baseline=200_000_000, sales_krw=150_000_000, new_hires=2, patents_filed=1)
    old_call, _old_b = calls_of(year - 1)
    old = supported(old_call, address="경상북도 영천시 화산면 대기리 20")
    return {"a": [a1, a2, a3], "b": [b1, b2], "cancelled": cancelled, "rejected": rejected, "old": old}
