"""The results pages' bench seed: N supported projects with verified outcomes in each past year, once."""

import pytest

from applications.models import Application
from applications.outcomes.models import OutcomeReport, ReportState
from bench.results_seed import BUSINESS_NUMBER_PREFIX, results_projects, results_years
from bench.seed import SeedOptions, demo_data

pytestmark = pytest.mark.django_db


def bench_projects():
    return Application.objects.filter(company__business_number__startswith=BUSINESS_NUMBER_PREFIX)


def test_results_seed_writes_n_projects_per_year_with_verified_reports_and_runs_once():
    demo_data(SeedOptions(), lambda message: None)

    results_projects(log=lambda message: None, per_year=4, seed=7)
    results_projects(log=lambda message: None, per_year=4, seed=7)

    years = results_years()
    assert len(years) >= 7
    for year in years:
        projects = bench_projects().filter(call__year=year)
        assert projects.count() == 4
        assert {project.call.program.code for project in projects.select_related("call__program")} == {"hvc", "itd"}
        completion_reports = OutcomeReport.objects.filter(application__in=projects, year=year)
        assert completion_reports.filter(state=ReportState.VERIFIED).count() == 4
