"""The results pages: public (no login, cached per language and year), the officials' edition (city officials and
staff with two factors: company-level tables, budget execution, before/after, drill-down), a company's consent
page, and staff's case studies."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from applications.forms.errors import add_service_errors, error_summary
from applications.review.permissions import staff_required
from applications.views.common import member_required

from . import cache, selectors, services
from .figures import FIGURE_LABELS, OFFICIALS, PUBLIC
from .forms import CaseStudyForm, ConsentForm
from .models import CaseStudy
from .permissions import is_results_official, official_required

COMPANIES_PER_PAGE = 100


def _year_or_404(year: int) -> int:
    if year not in selectors.results_years():
        raise Http404
    return year


def _cached_body(*, year: int | str, template: str, build) -> str:
    """The page's body from the cache, or rendered from the database and kept (per language)."""
    language = get_language()
    html = cache.page_get(language=language, year=year)
    if html is None:
        html = render_to_string(template, build())
        cache.page_set(language=language, year=year, html=html)
    return html


def public_series(request: HttpRequest) -> HttpResponse:
    body = _cached_body(
        year=cache.SERIES, template="reports/_series_body.html", build=lambda: selectors.series_page(edition=PUBLIC)
    )
    context = {"body": body, "page_year": None, "show_official_link": is_results_official(request.user)}
    return render(request, "reports/results_page.html", context)


def public_year(request: HttpRequest, year: int) -> HttpResponse:
    year = _year_or_404(year)
    body = _cached_body(
        year=year, template="reports/_year_body.html", build=lambda: selectors.year_page(year, edition=PUBLIC)
    )
    context = {"body": body, "page_year": year, "show_official_link": is_results_official(request.user)}
    return render(request, "reports/results_page.html", context)


def public_companies(request: HttpRequest, year: int) -> HttpResponse:
    """Every company supported in the year, 100 a page (the year page shows the first ones and links here)."""
    year = _year_or_404(year)
    companies = Paginator(selectors.supported_companies(year), COMPANIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/companies.html", {"year": year, "companies": companies})


@official_required
def official_series(request: HttpRequest) -> HttpResponse:
    context = selectors.series_page(edition=OFFICIALS)
    return render(request, "reports/official_series.html", context)


@official_required
def official_year(request: HttpRequest, year: int) -> HttpResponse:
    context = selectors.year_page(_year_or_404(year), edition=OFFICIALS)
    return render(request, "reports/official_year.html", context)


@official_required
def official_reports(request: HttpRequest, year: int, figure: str) -> HttpResponse:
    """The drill-down: the verified reports an outcome figure of the year sums (``?program=A`` or both)."""
    year = _year_or_404(year)
    program = request.GET.get("program") or None
    if figure not in selectors.DRILL_FIGURES or program not in (None, "A", "B"):
        raise Http404
    reports = list(selectors.drill_down(year, program, figure))
    return render(
        request,
        "reports/official_reports.html",
        {
            "year": year,
            "program": program,
            "figure": figure,
            "label": FIGURE_LABELS[figure],
            "reports": reports,
            "edition": OFFICIALS,
        },
    )


@member_required
def company_consent(request: HttpRequest) -> HttpResponse:
    company = request.membership.company
    given = selectors.consent_given(company)
    form = ConsentForm(request.POST if request.method == "POST" else None, initial={"given": "yes" if given else "no"})
    if request.method == "POST" and form.is_valid():
        services.consent_set(company=company, acting_user=request.user, given=form.cleaned_data["given"])
        if form.cleaned_data["given"]:
            messages.success(request, _("Thank you: your outcome figures may now be published."))
        else:
            messages.success(request, _("Your outcome figures will not be published."))
        return redirect("reports:consent")
    context = {
        "company": company,
        "given": given,
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "history": list(selectors.consent_history(company)),
    }
    return render(request, "reports/company_consent.html", context, status=400 if form.is_bound else 200)


@staff_required
def staff_case_studies(request: HttpRequest) -> HttpResponse:
    return render(
        request, "reports/staff_case_studies.html", {"case_studies": list(selectors.case_studies_for_staff())}
    )


def _initial(case_study: CaseStudy) -> dict:
    return {
        "company": case_study.company_id,
        "year": case_study.year,
        "title_ko": case_study.title_ko,
        "title_en": case_study.title_en,
        "summary_ko": case_study.summary_ko,
        "summary_en": case_study.summary_en,
        "published": case_study.published,
    }


@staff_required
def staff_case_study(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    case_study = get_object_or_404(CaseStudy, pk=pk) if pk is not None else None
    form = CaseStudyForm(
        request.POST if request.method == "POST" else None, initial=_initial(case_study) if case_study else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_study_save(case_study=case_study, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case study was saved."))
            return redirect("reports:staff_case_studies")
    context = {"case_study": case_study, "form": form, "errors": error_summary(form) if form.is_bound else []}
    return render(request, "reports/staff_case_study.html", context, status=400 if form.is_bound else 200)
