"""Reads of the year-end reports for the staff pages."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import YearEndReport


def report_list() -> QuerySet[YearEndReport]:
    """Every generated report with who asked for it, the latest first."""
    return YearEndReport.objects.select_related("requested_by").order_by("-requested_at", "-pk")


def report_get(*, pk: int) -> YearEndReport:
    return get_object_or_404(report_list(), pk=pk)
