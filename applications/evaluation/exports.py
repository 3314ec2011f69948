"""Exports of the evaluation: scores per criterion per expert, and the ranking, as XLSX and CSV (UTF-8 BOM).

Headers are English msgids rendered under the Korean catalogue, so the files carry Korean headers.
"""

from collections.abc import Iterable
from itertools import chain

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.workflow import ApplicationStatus
from portal import exports
from programs.models import Call

from .models import Committee
from .selectors import ranking, score_rows

EXPORT_LANGUAGE = "ko"


def _score_table(committee: Committee) -> tuple[str, list[str], Iterable[list]]:
    headers = [
        _("Receipt number"),
        _("Company"),
        _("Expert"),
        _("Criterion"),
        _("Weight"),
        _("Maximum score"),
        _("Score"),
        _("Comment"),
        _("Weighted total of the expert"),
        _("Submitted at"),
    ]

    def rows():
        for row in score_rows(committee=committee).iterator(chunk_size=2000):
            sheet = row.sheet
            assignment = sheet.assignment
            yield [
                assignment.application.receipt_number or "",
                assignment.application.company.name,
                assignment.expert.full_name or assignment.expert.email,
                row.criterion.name,
                row.criterion.weight,
                float(row.criterion.max_score),
                float(row.score) if row.score is not None else "",
                row.comment,
                float(sheet.total) if sheet.total is not None else "",
                timezone.localtime(sheet.submitted_at).strftime("%Y-%m-%d %H:%M") if sheet.submitted_at else "",
            ]

    return _("Scores"), headers, rows()


def _ranking_table(call: Call) -> tuple[str, list[str], Iterable[list]]:
    headers = [
        _("Rank"),
        _("Receipt number"),
        _("Company"),
        _("Project title"),
        _("Scores submitted"),
        _("Average (highest and lowest dropped from 5 scores)"),
        _("Bonus points"),
        _("Final score"),
        _("Pass (at or above the cut-off)"),
        _("Requested city support (KRW)"),
        _("Running total (KRW)"),
        _("Remaining budget (KRW)"),
        _("Status"),
    ]

    def rows():
        for row in ranking(call=call).iterator(chunk_size=2000):
            yield [
                row.rank if row.final is not None else "",
                row.receipt_number or "",
                row.company.name,
                row.project_title,
                row.n_scores,
                round(row.average, 3) if row.average is not None else "",
                round(row.bonus, 1),
                round(row.final, 3) if row.final is not None else "",
                _("yes") if row.passed else _("no"),
                row.city_support,
                row.running_total,
                row.remaining_budget,
                str(ApplicationStatus(row.status).label),
            ]

    return _("Ranking"), headers, rows()


def _response(*, title: str, headers: list[str], rows: Iterable[list], fmt: str, filename: str) -> HttpResponse:
    table = chain([headers], rows)
    if fmt == "xlsx":
        content, content_type = exports.xlsx_bytes(title, table), exports.XLSX_CONTENT_TYPE
    else:
        content, content_type = exports.csv_bytes(table), exports.CSV_CONTENT_TYPE
    return exports.download(content, content_type=content_type, filename=f"{filename}.{fmt}")


def export_response(*, committee: Committee, kind: str, fmt: str) -> HttpResponse:
    """``kind`` is "scores" or "ranking", ``fmt`` "xlsx" or "csv"."""
    call = committee.call
    with translation.override(EXPORT_LANGUAGE):
        title, headers, rows = _score_table(committee) if kind == "scores" else _ranking_table(call)
        filename = f"{kind}-{call.code}-{timezone.localdate().isoformat()}"
        return _response(title=title, headers=headers, rows=rows, fmt=fmt, filename=filename)
