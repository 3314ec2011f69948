"""A small year of both programs (and the year before) for the year-end report, built as tests/reports does."""

from applications.outcomes.models import ReportState
from tests.evaluation.factories import otp_client, staff  # noqa: F401  (re-exported for the tests)
from tests.reports.factories import calls_of, report, supported


def built_year(year: int) -> dict:
    """Year ``year``: program A with 2 projects in 화산면 and 1 in 녹전동, program B with 1 in 금호읍; three verified
    outcome reports and one still submitted. The year before: one project of program A with a verified report."""
    call_a, call_b = calls_of(year)
    a1 = supported(call_a, address="경상북도 영천시 화산면 대기리 10", paid=10_000_000)
    a2 = supported(call_a, address="경북 영천시 화산면 대기리 11", lines=2)
    a3 = supported(call_a, address="경북 영천시 녹전동 40")
    b1 = supported(call_b, address="경상북도 영천시 금호읍 구암리 5", city=15_000_000)
    report(a1, year, baseline=1_000_000_000, sales_krw=1_500_000_000, certifications=2, new_hires=3)
    report(a2, year, baseline=500_000_000, sales_krw=700_000_000, certifications=1)
    report(a3, year, state=ReportState.SUBMITTED, baseline=1, sales_krw=9_000_000_000, certifications=9)
    report(b1, year, baseline=200_000_000, sales_krw=260_000_000, new_hires=2, patents_filed=1)
    old_a, _old_b = calls_of(year - 1)
    old = supported(old_a, address="경상북도 영천시 화산면 대기리 20")
    report(old, year - 1, baseline=100_000_000, sales_krw=150_000_000, new_hires=1)
    return {"a": [a1, a2, a3], "b": [b1], "old": old}
