"""The results API: ``GET /api/v1/results/`` (every year with a call) and ``GET /api/v1/results/{year}/``. Public,
read-only; the same records as the open-data JSON files (``reports.opendata.year_record``), described field by field
for the OpenAPI schema."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import opendata
from .figures import FIGURES

# What each figure means (English, as the schema is written); docs/results.md has the full definitions.
FIGURE_HELP = {
    "calls": "Calls of the year.",
    "applications": "Applications submitted (a receipt number was given; withdrawn and rejected ones included).",
    "selected": "Distinct companies selected (selected, agreement, in progress or completed).",
    "cancelled": "Distinct companies whose project was cancelled after selection.",
    "unverified_reports": "Outcome reports of the year not verified yet.",
    "budget_krw": "Budget of the calls, in won.",
    "agreed_krw": "City support of the latest confirmed agreement version of each project, in won.",
    "paid_krw": "City support paid (payments not voided), in won.",
    "projects": "Projects with a verified outcome report of the year.",
    "sales_increase_krw": "New sales: the sum of sales minus the baseline before support, where both are known (won).",
    "sales_krw": "Sales of the year, verified reports (won).",
    "exports_krw": "Exports of the year, verified reports (won).",
    "employees": "Employees at year end, verified reports.",
    "new_hires": "New hires, verified reports.",
    "new_hires_local": "New hires living in Yeongcheon, verified reports.",
    "patents_filed": "Patents filed, verified reports.",
    "patents_registered": "Patents registered, verified reports.",
    "certifications": "Certifications obtained, verified reports.",
    "prototypes": "Prototypes made, verified reports.",
    "rd_tasks": "National R&D tasks won, verified reports.",
    "rd_tasks_krw": "Amount of the national R&D tasks won (won).",
    "follow_on_investment_krw": "Follow-on investment attracted (won).",
}

FiguresSerializer = type(
    "FiguresSerializer",
    (serializers.Serializer,),
    {name: serializers.IntegerField(help_text=FIGURE_HELP[name]) for name in FIGURES}
    | {"__doc__": "The figures of one program, or of both programs together."},
)


class ProgramResultsSerializer(serializers.Serializer):
    program = serializers.CharField(help_text='The program\'s letter, "A" or "B".')
    code = serializers.CharField(help_text="The program's code (hvc, itd).")
    name_ko = serializers.CharField()
    name_en = serializers.CharField()
    figures = FiguresSerializer()


class ItemResultsSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The support item's code, the same across the programs' calls.")
    name_ko = serializers.CharField()
    name_en = serializers.CharField()
    programs = serializers.ListField(child=serializers.CharField(), help_text="Letters of the programs offering it.")
    applications = serializers.IntegerField(help_text="Applications that chose the item.")
    selected = serializers.IntegerField(help_text="Distinct selected companies that chose the item.")
    agreed_krw = serializers.IntegerField(help_text="City support agreed on the item (won).")
    paid_krw = serializers.IntegerField(help_text="City support paid on the item (won).")


class AreaRowSerializer(serializers.Serializer):
    area = serializers.CharField(
        help_text='An eup, myeon or administrative dong of Yeongcheon, or "other": areas with fewer than 3 '
        "companies and addresses that could not be placed, folded together."
    )
    companies = serializers.IntegerField(help_text="Distinct supported companies.")
    agreed_krw = serializers.IntegerField(help_text="City support agreed (won).")


class SupportedCompanySerializer(serializers.Serializer):
    name = serializers.CharField()
    program = serializers.CharField(help_text="The program's letter.")
    call = serializers.CharField(help_text="The call's code.")
    items = serializers.ListField(child=serializers.CharField(), help_text="Korean names of the support items.")
    agreed_krw = serializers.IntegerField(help_text="City support agreed (won).")
    paid_krw = serializers.IntegerField(help_text="City support paid (won).")
    area = serializers.CharField(help_text='The company\'s area in Yeongcheon, or "unknown".')


class YearResultsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    programs = ProgramResultsSerializer(many=True)
    total = FiguresSerializer(help_text="Both programs together (selected and cancelled count distinct companies).")
    items = ItemResultsSerializer(many=True)
    areas = AreaRowSerializer(many=True)
    companies = SupportedCompanySerializer(many=True, help_text="The supported companies (public money).")


class SeriesResultsSerializer(serializers.Serializer):
    years = YearResultsSerializer(many=True, help_text="Every year with a call, ascending.")


class ResultsSeriesView(APIView):
    @extend_schema(
        operation_id="results_series",
        summary="The programs' public results of every year",
        responses={200: SeriesResultsSerializer},
        tags=["results"],
    )
    def get(self, request: Request) -> Response:
        return Response(SeriesResultsSerializer(opendata.series_record(opendata.published_series())).data)


class ResultsYearView(APIView):
    @extend_schema(
        operation_id="results_year",
        summary="The programs' public results of one year",
        responses={200: YearResultsSerializer, 404: OpenApiResponse(description="The year has no call.")},
        tags=["results"],
    )
    def get(self, request: Request, year: int) -> Response:
        results = opendata.published_year(year)
        if results is None:
            raise Http404
        return Response(YearResultsSerializer(opendata.year_record(results)).data)
