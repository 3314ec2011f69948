"""The one export writer (portal/exports.py): text never becomes a formula, numbers and dates stay typed, and no
module of the portal writes a CSV or an XLSX around it (a guard over the source, so that future exports use it)."""

import ast
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from portal import exports

from .formulas import PAYLOAD_IDS, PAYLOADS, csv_rows, xlsx_text

BASE = Path(settings.BASE_DIR)
PACKAGES = ("portal", "applications", "programs", "reports")
WRITER = BASE / "portal" / "exports.py"


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_csv_puts_a_quote_before_text_that_starts_like_a_formula(payload):
    rows = csv_rows(exports.csv_bytes([["name", "figure"], [payload, -12]]))
    assert rows == [["name", "figure"], ["'" + payload, "-12"]]


def test_csv_keeps_numbers_dates_and_plain_text_as_they_are():
    day = datetime.date(2026, 3, 1)
    row = [-5, Decimal("-1.50"), 0.25, day, "영천정밀", "a=b", "", None, "-", gettext_lazy("Total")]
    rows = csv_rows(exports.csv_bytes([row]))
    assert rows == [["-5", "-1.50", "0.25", "2026-03-01", "영천정밀", "a=b", "", "", "'-", str(row[-1])]]


def test_csv_starts_with_the_byte_order_mark_and_ends_rows_with_crlf():
    content = exports.csv_bytes([["a", "b"], [1, 2]])
    assert content == "\ufeffa,b\r\n1,2\r\n".encode()
    assert exports.csv_bytes([["a"]], bom=False) == b"a\r\n"


def test_the_csv_stream_gives_the_same_file_in_chunks():
    rows = [["name"], *[[f"={n}"] for n in range(450)]]
    chunks = list(exports.csv_stream(rows, rows_per_chunk=200))
    assert len(chunks) == 3
    assert b"".join(chunks) == exports.csv_bytes(rows)


@pytest.mark.parametrize("write_only", [True, False])
@pytest.mark.parametrize("payload", [*PAYLOADS, "#N/A", "=1+1"], ids=[*PAYLOAD_IDS, "error-value", "sum"])
def test_xlsx_writes_text_as_a_text_cell_and_numbers_typed(payload, write_only):
    workbook = exports.XlsxWorkbook(write_only=write_only)
    moment = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30))
    workbook.add_sheet("시트").append([payload, -5, Decimal("-1.5"), datetime.date(2026, 3, 1), moment, None])
    sheet = load_workbook(io.BytesIO(workbook.content())).active
    cells = list(sheet[1])
    assert [cell.data_type for cell in cells[:5]] == ["s", "n", "n", "d", "d"]
    assert [cell.value for cell in cells[:4]] == [xlsx_text(payload), -5, -1.5, datetime.datetime(2026, 3, 1)]
    assert cells[4].value == datetime.datetime(2026, 3, 1, 9, 30)  # local time, as the portal shows it


def test_xlsx_sheet_titles_follow_excels_rules_and_stay_unique():
    workbook = exports.XlsxWorkbook(write_only=False)
    for title in ("Per area: 2026/27", "Per area: 2026/27", "가" * 40):
        workbook.add_sheet(title).append([1])
    names = load_workbook(io.BytesIO(workbook.content())).sheetnames
    assert names == ["Per area  2026 27", "Per area  2026 27 (2)", "가" * 31]


def test_download_is_an_attachment_kept_out_of_caches():
    response = exports.download(b"x", content_type=exports.CSV_CONTENT_TYPE, filename="a.csv")
    assert response["Content-Disposition"] == 'attachment; filename="a.csv"'
    assert response["Cache-Control"] == "private, no-store"
    public = exports.download(b"x", content_type=exports.CSV_CONTENT_TYPE, filename="a.csv", private=False)
    assert not public.has_header("Cache-Control")


# --- the guard ----------------------------------------------------------------------------------------------

# What writes a spreadsheet: the csv module's writers and openpyxl's workbook and cells.
FORBIDDEN = {("csv", "writer"), ("csv", "DictWriter"), ("openpyxl", "Workbook"), ("openpyxl", "WriteOnlyCell")}


def writers_used(source: str) -> list[str]:
    """The CSV and XLSX writers that ``source`` imports or names (``csv.writer``, ``from openpyxl import
    Workbook``, ``openpyxl.workbook.Workbook`` …)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            root = node.module.split(".")[0]
            found += [f"{node.module}.{alias.name}" for alias in node.names if (root, alias.name) in FORBIDDEN]
        elif isinstance(node, ast.Attribute):
            chain = [node.attr]
            value = node.value
            while isinstance(value, ast.Attribute):
                chain.append(value.attr)
                value = value.value
            if isinstance(value, ast.Name) and (value.id, node.attr) in FORBIDDEN:
                found.append(".".join([value.id, *reversed(chain[1:]), node.attr]))
    return found


@pytest.mark.parametrize(
    "source",
    [
        "import csv\nw = csv.writer(buffer)",
        "import csv\nw = csv.DictWriter(buffer, fieldnames=[])",
        "from csv import writer",
        "from openpyxl import Workbook",
        "import openpyxl\nbook = openpyxl.Workbook()",
        "import openpyxl\nbook = openpyxl.workbook.Workbook()",
        "from openpyxl.workbook import Workbook",
        "from openpyxl.cell import WriteOnlyCell",
    ],
)
def test_the_guard_finds_a_writer(source):
    assert writers_used(source)


def test_the_guard_lets_readers_through():
    assert writers_used("import csv\nfrom openpyxl import load_workbook\nrows = csv.reader(f)") == []


def test_no_module_writes_a_csv_or_xlsx_around_the_export_writer():
    modules = [path for package in PACKAGES for path in (BASE / package).rglob("*.py")]
    modules = [path for path in modules if "migrations" not in path.parts]
    assert len(modules) > 100
    offenders = {
        str(path.relative_to(BASE)): used
        for path in modules
        if path != WRITER and (used := writers_used(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    assert writers_used(WRITER.read_text(encoding="utf-8"))  # the writer itself is seen by the guard
