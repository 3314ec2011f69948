"""The two files of the year-end report, from one ``YearEndContent``: the PDF (HTML rendered by WeasyPrint, A4,
NanumGothic embedded, page numbers, the charts' SVG embedded) and the XLSX (one sheet per table, and one sheet per
chart with its numbers and a native chart of the same data and title)."""

import base64
from io import BytesIO
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font
from weasyprint import HTML

from reports.charts import Chart

from .content import CHART_KINDS, YearEndContent

# The Korean font embedded in the PDF (Debian's fonts-nanum; .ci/run and the Dockerfile install it).
FONT_PATH = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
FONT_BOLD_PATH = Path("/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf")
SHEET_NAME_LENGTH = 31


def chart_data_uri(chart: Chart) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(chart.svg.encode()).decode()


def report_html(content: YearEndContent, *, requested_by: str = "") -> str:
    return render_to_string(
        "yearend/pdf/report.html",
        {
            "content": content,
            "results": content.results,
            "tables": content.tables,
            "charts": [{"chart": chart, "src": chart_data_uri(chart)} for chart in content.charts],
            "requested_by": requested_by,
            "font_url": FONT_PATH.as_uri(),
            "font_bold_url": FONT_BOLD_PATH.as_uri(),
        },
    )


def html_to_pdf(html: str) -> bytes:
    """HTML to PDF with WeasyPrint; file URLs (the font) are read from the disk, nothing from the network."""
    return HTML(string=html, base_url=str(FONT_PATH.parent)).write_pdf()


def _sheet_title(title: str, used: set[str]) -> str:
    name = "".join(" " if char in "[]:*?/\\" else char for char in title)[:SHEET_NAME_LENGTH].strip()
    candidate, number = name, 2
    while candidate in used:
        suffix = f" ({number})"
        candidate, number = name[: SHEET_NAME_LENGTH - len(suffix)] + suffix, number + 1
    used.add(candidate)
    return candidate


def _write_rows(sheet, headers, rows) -> None:
    sheet.append([str(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for label, *values in rows:  # the label always as text (a year too), the numbers as numbers
        sheet.append([str(label), *[value if isinstance(value, int) else str(value) for value in values]])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, int):
                cell.number_format = "#,##0"


def _native_chart(chart: Chart, kind: str):
    native = LineChart() if kind == "line" else BarChart()
    if kind == "hbar":
        native.type = "bar"
    native.title = chart.title
    native.width, native.height = 20, 11
    return native


def report_xlsx(content: YearEndContent) -> bytes:
    workbook = Workbook()
    used: set[str] = set()
    summary = workbook.active
    summary.title = _sheet_title(_("Summary"), used)
    summary.append([_("Year-end performance report %(year)s") % {"year": content.year}])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([_("Outcome reports not verified yet"), content.unverified_reports])
    summary.append([_("Only verified outcome reports are counted.")])
    for table in content.tables.values():
        sheet = workbook.create_sheet(_sheet_title(table.sheet, used))
        _write_rows(sheet, table.headers, table.rows)
    kinds = CHART_KINDS
    for number, chart in enumerate(content.charts, start=1):
        sheet = workbook.create_sheet(_sheet_title(_("Chart %(number)s") % {"number": number}, used))
        sheet.append([chart.title])
        sheet.append([chart.description])
        start = sheet.max_row + 1
        _write_rows(sheet, chart.headers, chart.rows)
        # The first header row of the table is row ``start``; its first column holds the labels.
        sheet["A1"].font = Font(bold=True)
        for cell in sheet[start]:
            cell.font = Font(bold=True)
        kind = kinds[(number - 1) % len(kinds)]
        native = _native_chart(chart, kind)
        last_row = start + len(chart.rows)
        value_columns = 2 if kind != "line" else len(chart.headers)  # bars: the first figure only, as the SVG
        data = Reference(sheet, min_col=2, max_col=value_columns, min_row=start, max_row=last_row)
        labels = Reference(sheet, min_col=1, min_row=start + 1, max_row=last_row)
        native.add_data(data, titles_from_data=True)
        native.set_categories(labels)
        sheet.add_chart(native, f"{chr(ord('A') + len(chart.headers) + 1)}{start}")
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
