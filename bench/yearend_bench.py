"""The year-end report's PDF against a control of the same engine (docs/yearend-report.md, docs/benchmarks.md).

- ``yearend-pdf``: the report of the seeded year with the most supported companies, from its computed content to
  the PDF bytes (template, the charts' SVG, WeasyPrint with NanumGothic embedded): one report per operation.
- ``yearend-pdf-control``: a plain HTML table of the same number of rows (every table row of that report, the
  charts' tables included), the same font, rendered to PDF by WeasyPrint: what the engine costs for that much text.

Goal: the report at most 2x the control's time.
"""

from .registry import BenchContext, InProcessBenchmark, Operation

# Rows of the report measured (filled by the first prepare step; run.py's log shows them).
ROWS: dict[str, int] = {}


def _content():
    from programs.models import Call
    from reports.figures import series_results
    from reports.yearend.content import yearend_content

    years = sorted(set(Call.objects.values_list("year", flat=True)))
    if not years:
        raise RuntimeError("the bench database has no call: seed it first")
    busiest = max(series_results(years), key=lambda results: len(results.companies)).year
    content = yearend_content(busiest)
    ROWS["yearend"] = sum(len(table.rows) for table in content.tables.values()) + sum(
        len(chart.rows) for chart in content.charts
    )
    return content


def prepare_report(context: BenchContext) -> Operation:
    from django.utils import translation

    from reports.yearend.documents import html_to_pdf, report_html

    content = _content()

    def render_once() -> int:
        with translation.override("ko"):
            pdf = html_to_pdf(report_html(content, requested_by="벤치마크"))
        if not pdf.startswith(b"%PDF"):
            raise RuntimeError("the report is not a PDF")
        return 1

    return render_once


def control_html(rows: int) -> str:
    from reports.yearend.documents import FONT_PATH

    body = "".join(
        f"<tr><th>영천시 기업 {number}</th><td>A</td><td>{number * 1_000_000:,}</td><td>{number * 7:,}</td></tr>"
        for number in range(rows)
    )
    return (
        '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><style>'
        f'@font-face {{ font-family: "NanumGothic"; src: url("{FONT_PATH.as_uri()}"); }}'
        '@page { size: A4; } html { font-family: "NanumGothic"; font-size: 10pt; }'
        "table { border-collapse: collapse; width: 100%; } th, td { border: 0.5pt solid #999; }"
        f"</style></head><body><h1>대조군</h1><table>{body}</table></body></html>"
    )


def prepare_control(context: BenchContext) -> Operation:
    from reports.yearend.documents import html_to_pdf

    if "yearend" not in ROWS:
        _content()
    html = control_html(ROWS["yearend"])

    def render_once() -> int:
        if not html_to_pdf(html).startswith(b"%PDF"):
            raise RuntimeError("the control is not a PDF")
        return 1

    return render_once


BENCHMARKS = [
    InProcessBenchmark(
        "yearend-pdf-control",
        prepare_control,
        unit="PDFs",
        description="Control of yearend-pdf: a plain HTML table of the report's number of rows, same font, WeasyPrint",
    ),
    InProcessBenchmark(
        "yearend-pdf",
        prepare_report,
        unit="PDFs",
        description="The year-end report of the seeded year with the most supported companies rendered to PDF "
        "(goal: at most 2x the control's time)",
    ),
]
