"""Reads of the results pages: the consent state, the case studies, and each page's figures with a fixed number of
queries (the figures' own queries, docs/results.md, plus the few listed here)."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Company
from applications.outcomes.models import OutcomeReport

from .charts import area_chart, program_split_chart, trend_chart
from .figures import (
    FIGURE_LABELS,
    FIRST_YEAR,
    OFFICIALS,
    OUTCOME_FIGURES,
    PUBLIC,
    before_after,
    company_rows,
    reports_behind,
    series_results,
    year_results,
)
from .models import CaseStudy, OutcomeConsent

# The figures of the series page's trend charts, and the outcome figures shown per program on a year page.
TREND_FIGURES = ("selected", "agreed_krw", "paid_krw", "sales_increase_krw", "new_hires")
YEAR_OUTCOMES = (
    "projects",
    "sales_increase_krw",
    "exports_krw",
    "new_hires",
    "patents_filed",
    "patents_registered",
    "certifications",
    "prototypes",
    "rd_tasks",
    "rd_tasks_krw",
)
DRILL_FIGURES = ("projects", *OUTCOME_FIGURES)


def results_years() -> list[int]:
    """2019 to this year."""
    return list(range(FIRST_YEAR, timezone.localdate().year + 1))


def consent_given(company: Company) -> bool:
    latest = OutcomeConsent.objects.filter(company=company).order_by("-changed_at", "-id").first()
    return bool(latest and latest.given)


def consent_history(company: Company) -> QuerySet[OutcomeConsent]:
    return OutcomeConsent.objects.filter(company=company).select_related("changed_by").order_by("-changed_at", "-id")


def consented_company_ids() -> QuerySet:
    """The ids of the companies whose latest consent row gives consent (one query when evaluated)."""
    latest = OutcomeConsent.objects.filter(company=OuterRef("pk")).order_by("-changed_at", "-id").values("given")[:1]
    return Company.objects.annotate(consent=Subquery(latest)).filter(consent=True).values_list("pk", flat=True)


def published_case_studies(year: int) -> list[CaseStudy]:
    return list(CaseStudy.objects.filter(year=year, published=True).select_related("company").order_by("company__name"))


def case_studies_for_staff() -> QuerySet[CaseStudy]:
    return CaseStudy.objects.select_related("company").order_by("-year", "company__name", "id")


def _outcome_rows(results) -> list[dict]:
    """The outcome figures per program and in total, one row per figure (the table of verified outcomes)."""
    letters = [entry.letter for entry in results.programs]
    return [
        {
            "figure": name,
            "label": FIGURE_LABELS[name],
            "values": [(letter, results.program(letter).value(name)) for letter in letters],
            "total": results.total.value(name),
        }
        for name in YEAR_OUTCOMES
    ]


COMPANIES_SHOWN = 30


def year_page(year: int, *, edition: str = PUBLIC) -> dict:
    """Everything a year page shows. Public: the figures (13 queries), consented companies (2), case studies (1).
    Officials add the company-level outcomes of every supported company and the before/after (1)."""
    results = year_results(year, edition=edition)
    if edition == OFFICIALS:
        rows = company_rows(year, consented_ids={company.company_id for company in results.companies})
        comparison = before_after(year)
    else:
        rows = company_rows(year, consented_ids=consented_company_ids())
        comparison = []
    return {
        "year": year,
        "years": results_years(),
        "edition": edition,
        "results": results,
        "letters": [entry.letter for entry in results.programs],
        "outcome_rows": _outcome_rows(results),
        "company_outcomes": rows,
        "before_after": comparison,
        "case_studies": published_case_studies(year),
        "charts": [program_split_chart(results, "agreed_krw"), program_split_chart(results, "selected")]
        + ([area_chart(results)] if results.areas else []),
        "downloads": year_downloads(year, grants=bool(results.companies)),
        # The year page lists the first companies; all of them are on the companies page, a hundred a page, so that
        # the (cached) year page stays small in a year of a thousand projects.
        "companies_shown": results.companies[:COMPANIES_SHOWN],
    }


def supported_companies(year: int) -> list:
    """The companies supported in the year, as the year page lists them (the public figures of the year)."""
    return year_results(year, edition=PUBLIC).companies


def year_downloads(year: int, *, grants: bool) -> list[dict]:
    """The year's open-data files (``reports.opendata``); the 360Giving file exists once a project is agreed."""
    downloads = [
        {"url": reverse("opendata:year-csv", args=[year]), "label": _("Figures of the year (CSV)")},
        {"url": reverse("opendata:year-json", args=[year]), "label": _("Figures of the year (JSON)")},
    ]
    if grants:
        downloads.append(
            {"url": reverse("opendata:year-360giving", args=[year]), "label": _("Supported projects (360Giving JSON)")}
        )
    downloads.append({"url": reverse("opendata:page"), "label": _("About the open data")})
    return downloads


def series_page(*, edition: str = PUBLIC) -> dict:
    """The years 2019 to now: the trend charts and the table per year (13 queries)."""
    years = results_years()
    series = series_results(years, edition=edition)
    return {
        "years": years,
        "edition": edition,
        "series": series,
        "charts": [trend_chart(series, figure) for figure in TREND_FIGURES],
    }


def drill_down(year: int, program: str | None, figure: str) -> QuerySet[OutcomeReport]:
    return reports_behind(year, program, figure)
