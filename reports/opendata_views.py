"""The open-data downloads (CSV, JSON, 360Giving) and their documentation page. Public: the figures are the public
edition of ``reports.figures``; a year with no call is a 404."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from . import opendata
from .figures import FIGURE_LABELS

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
FILE_STEM = "yeongcheon-results"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _year(year: int):
    results = opendata.published_year(year)
    if results is None:
        raise Http404
    return results


def year_csv(request: HttpRequest, year: int) -> HttpResponse:
    return _download(opendata.figures_csv([_year(year)]), CSV_TYPE, f"{FILE_STEM}-{year}.csv")


def year_json(request: HttpRequest, year: int) -> HttpResponse:
    return _download(_json(opendata.year_record(_year(year))), JSON_TYPE, f"{FILE_STEM}-{year}.json")


def series_csv(request: HttpRequest) -> HttpResponse:
    return _download(opendata.figures_csv(opendata.published_series()), CSV_TYPE, f"{FILE_STEM}.csv")


def series_json(request: HttpRequest) -> HttpResponse:
    return _download(_json(opendata.series_record(opendata.published_series())), JSON_TYPE, f"{FILE_STEM}.json")


def _package(request: HttpRequest, series, filename: str) -> HttpResponse:
    package = opendata.grants_package(
        series,
        download_url=request.build_absolute_uri(),
        access_url=request.build_absolute_uri(reverse("opendata:page")),
    )
    if not package["grants"]:  # the standard wants at least one grant in a package
        raise Http404
    return _download(_json(package), JSON_TYPE, filename)


def year_360giving(request: HttpRequest, year: int) -> HttpResponse:
    return _package(request, [_year(year)], f"{FILE_STEM}-{year}-360giving.json")


def series_360giving(request: HttpRequest) -> HttpResponse:
    series = opendata.published_series()
    if not series:
        raise Http404
    return _package(request, series, f"{FILE_STEM}-360giving.json")


def page(request: HttpRequest) -> HttpResponse:
    """What the files hold, column by column, with the download links of every year with a call."""
    columns = [(name, FIGURE_LABELS[name]) for name in opendata.CSV_COLUMNS if name in FIGURE_LABELS]
    return render(
        request,
        "opendata/page.html",
        {
            "years": opendata.years_with_calls(),
            "figure_columns": columns,
            "grant_prefix": opendata.GRANT_PREFIX,
            "recipient_scheme": opendata.RECIPIENT_SCHEME,
            "funder": opendata.FUNDER,
            "license_url": opendata.LICENSE,
        },
    )
