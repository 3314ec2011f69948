"""The two files of the year-end report, from one ``YearEndContent``: the PDF (HTML rendered by WeasyPrint, A4,
NanumGothic embedded, page numbers, the charts' SVG embedded) and the XLSX (one sheet per table, and one sheet per
chart with its numbers and a native chart of the same data and title)."""

import base64
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Font
from weasyprint import HTML

from portal.exports import XlsxSheet, XlsxWorkbook
from reports.charts import Chart

from .content import CHART_KINDS, YearEndContent

# The Korean font embedded in the PDF (Debian's fonts-nanum; .ci/run and the Dockerfile install it).
FONT_PATH = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
FONT_BOLD_PATH = Path("/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf")


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


def _write_rows(sheet: XlsxSheet, headers, rows) -> None:
    """The header in bold, then the rows: the label always as text (a year too), the numbers as numbers."""
    sheet.append(headers)
    for cell in sheet.worksheet[sheet.worksheet.max_row]:
        cell.font = Font(bold=True)
    for label, *values in rows:
        sheet.append([str(label), *[value if isinstance(value, int) else str(value) for value in values]])
    for row in sheet.worksheet.iter_rows(min_row=2):
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
    workbook = XlsxWorkbook(write_only=False)  # fonts, number formats and charts
    summary = workbook.add_sheet(_("Summary"))
    summary.append([_("Year-end performance report %(year)s") % {"year": content.year}])
    summary.worksheet["A1"].font = Font(bold=True, size=14)
    summary.append([_("Outcome reports not verified yet"), content.unverified_reports])
    summary.append([_("Only verified outcome reports are counted.")])
    for table in content.tables.values():
        _write_rows(workbook.add_sheet(table.sheet), table.headers, table.rows)
    kinds = CHART_KINDS
    for number, chart in enumerate(content.charts, start=1):
        sheet = workbook.add_sheet(_("Chart %(number)s") % {"number": number})
        sheet.append([chart.title])
        sheet.append([chart.description])
        start = sheet.worksheet.max_row + 1
        _write_rows(sheet, chart.headers, chart.rows)
        # The first header row of the table is row ``start``; its first column holds the labels.
        sheet.worksheet["A1"].font = Font(bold=True)
        kind = kinds[(number - 1) % len(kinds)]
        native = _native_chart(chart, kind)
        last_row = start + len(chart.rows)
        value_columns = 2 if kind != "line" else len(chart.headers)  # bars: the first figure only, as the SVG
        data = Reference(sheet.worksheet, min_col=2, max_col=value_columns, min_row=start, max_row=last_row)
        labels = Reference(sheet.worksheet, min_col=1, min_row=start + 1, max_row=last_row)
        native.add_data(data, titles_from_data=True)
        native.set_categories(labels)
        sheet.worksheet.add_chart(native, f"{chr(ord('A') + len(chart.headers) + 1)}{start}")
    return workbook.content()
