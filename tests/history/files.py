"""Import files for the tests: a call of two years ago (both program items), rows by column name, CSV and XLSX."""

import contextlib
import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from openpyxl import Workbook

from applications.outcomes.importing import COLUMNS
from programs.enums import ProgramCode
from programs.identifiers import business_number_check_digit
from tests.programs.factories import CallFactory, ProgramFactory, SupportItemFactory

SEOUL = ZoneInfo("Asia/Seoul")
HEADER = [name for name, _korean, _required in COLUMNS]
KOREAN_HEADER = [korean for _name, korean, _required in COLUMNS]


def valid_number(first_nine: str) -> str:
    digits = f"{first_nine}{business_number_check_digit(first_nine)}"
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


# Checksum-valid numbers; 106-86-14245 is not (DOMAIN.md).
GOOD_NUMBERS = ("123-45-67891", valid_number("110810001"))
MORE_NUMBERS = tuple(valid_number(f"22081{serial:04d}") for serial in range(1, 4))
BAD_NUMBER = "106-86-14245"


def past_call(years_ago: int = 2, program: str = ProgramCode.HVC):
    """A closed call of ``years_ago`` years before this one, with the items process-rnd (cap 50 million) and
    marketing (cap 20 million)."""
    year = timezone.localdate().year - years_ago
    call = CallFactory(
        program=ProgramFactory(code=program),
        year=year,
        opens_at=datetime(year, 2, 3, 9, tzinfo=SEOUL),
        closes_at=datetime(year, 2, 24, 18, tzinfo=SEOUL),
        results_on=date(year, 3, 28),
    )
    SupportItemFactory(call=call, code="process-rnd", max_support_krw=50_000_000, order=10)
    SupportItemFactory(call=call, code="marketing", max_support_krw=20_000_000, order=20)
    return call


def row(call, *, number: str = GOOD_NUMBERS[0], year: int | None = None, **values) -> dict:
    """A good row of the project of ``number`` in ``call``, completed in the call's year."""
    return {
        "business_number": number,
        "company_name": f"테스트기업 {number[-5:]}",
        "call_code": call.code,
        "project_title": "공정 자동화 개선",
        "support_items": "process-rnd:40000000; marketing:20000000",
        "completed_on": date(call.year, 11, 30).isoformat(),
        "report_year": call.year if year is None else year,
        "baseline_sales_krw": "10,000,000,000",
        "baseline_employees": "42.5",
        "sales_krw": 11_200_000_000,
        "employees": 47,
        "new_hires": 5,
        "new_hires_local": 3,
        "patents_filed": 1,
        "certifications": 2,
        **values,
    }


def csv_bytes(rows: list[dict], *, columns=HEADER, korean: bool = False, encoding: str = "utf-8-sig") -> bytes:
    """A CSV of ``rows`` with the ``columns`` given (English header names, or the Korean ones)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([dict(zip(HEADER, KOREAN_HEADER, strict=True))[name] if korean else name for name in columns])
    for values in rows:
        writer.writerow([values.get(name, "") for name in columns])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[dict], *, dates_as_cells: bool = True) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for values in rows:
        cells = []
        for name in HEADER:
            value = values.get(name)
            if dates_as_cells and name == "completed_on" and isinstance(value, str):
                with contextlib.suppress(ValueError):
                    value = datetime.fromisoformat(value)
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
