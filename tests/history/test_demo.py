"""The demo history: made-up projects of the closed calls since 2019, imported through the history import, whose
2021 verified figures agree with DOMAIN.md; idempotent, and it keeps working when the calendar moves on."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, F, Max, Min, Sum
from django.utils import timezone

from applications.agreements.models import AgreementVersion
from applications.outcomes.models import OutcomeReport, ReportSource, ReportState
from applications.workflow import ApplicationStatus
from programs.demo import open_year

pytestmark = pytest.mark.django_db


def results_2021(program: str) -> dict:
    """A program's "2021 results": the verified reports of year 2021 of the projects of its 2021 call. New sales are
    Σ(sales - baseline sales) where both are known; hires Σ new_hires; patents Σ patents_filed."""
    reports = OutcomeReport.objects.filter(
        state=ReportState.VERIFIED, year=2021, application__call__code=f"2021-{program}"
    )
    known = reports.filter(sales_krw__isnull=False, baseline_sales_krw__isnull=False)
    return {
        "firms": reports.values("application__company").distinct().count(),
        "new_sales": known.aggregate(total=Sum(F("sales_krw") - F("baseline_sales_krw")))["total"],
        **reports.aggregate(
            sales=Sum("sales_krw"),
            employees=Sum("employees"),
            hires=Sum("new_hires"),
            certifications=Sum("certifications"),
            patents=Sum("patents_filed"),
        ),
    }


def test_the_seeded_2021_results_agree_with_the_domain_figures():
    call_command("seed_demo", stdout=StringIO())
    a, b = results_2021("hvc"), results_2021("itd")
    assert (a["firms"], a["new_sales"], a["certifications"]) == (7, 26_100_000_000, 4)
    assert (a["sales"], a["employees"]) == (773_100_000_000, 1_258)
    assert (b["firms"], b["new_sales"], b["hires"], b["certifications"], b["patents"]) == (13, 13_100_000_000, 22, 7, 2)


def test_the_history_is_imported_verified_for_ended_years_only_and_a_second_seed_adds_nothing():
    call_command("seed_demo", stdout=StringIO())
    today = timezone.localdate()
    history = OutcomeReport.objects.filter(source=ReportSource.IMPORT)
    span = history.aggregate(first=Min("year"), last=Max("year"), calls=Max("application__call__year"))
    assert (span["first"], span["last"]) == (2019, today.year - 1)
    assert span["calls"] == open_year(today) - 2  # last year's calls are still running
    assert not history.exclude(state=ReportState.VERIFIED).exists()
    assert not history.exclude(application__status=ApplicationStatus.COMPLETED).exists()
    firms = history.filter(year=F("application__call__year")).values("application__call__program__code", "year")
    per_call = firms.annotate(count=Count("application")).values_list("count", flat=True)
    assert per_call and all(5 <= count <= 15 for count in per_call)
    # The agreements demo's applications on last year's call are not touched.
    assert AgreementVersion.objects.filter(agreement__application__call__year=open_year(today) - 1).count() == 2
    count = history.count()
    call_command("seed_demo", stdout=StringIO())
    assert history.count() == count


def test_a_later_seed_adds_the_years_that_have_ended_since_and_keeps_2021():
    call_command("seed_demo", stdout=StringIO())
    before = OutcomeReport.objects.count()
    a = results_2021("hvc")
    with time_machine.travel(timezone.now() + timedelta(days=2 * 366), tick=False):
        call_command("seed_demo", stdout=StringIO())
        last = OutcomeReport.objects.aggregate(last=Max("year"))["last"]
        assert last == timezone.localdate().year - 1
    assert OutcomeReport.objects.count() > before
    assert results_2021("hvc") == a
