"""The history import of a 10,000-row outcome file beside a control that inserts the same rows with one
``bulk_create``.

Both start from the same data, made once by ``setup()``: a closed bench call (code ``bench-history``, year 2005,
one support item) and 2,500 completed projects of their own companies; the file has 4 report years (2005-2008) of
each project, so its rows go to projects that exist, in both measurements. Each operation runs in a transaction
that is rolled back at its end, so every round writes the same 10,000 rows afresh:

- ``history-import``: ``read_table`` on the CSV bytes (decoding, header matching) and ``history_import`` (every
  check of every row, the look-ups of calls, companies, projects and existing reports, then the writes);
- ``history-import-control``: the same 10,000 ``OutcomeReport`` objects, built from values already in memory,
  written with one ``bulk_create``.

Run alone: ``python -m bench.history_bench`` (uses DATABASE_URL like the rest of bench/; prints both rates).
"""

import csv
import io
import time
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

PROJECTS = 2_500
YEARS = 4
ROWS = PROJECTS * YEARS
CALL_CODE = "bench-history"
CALL_YEAR = 2005  # a past year no demo or bench call takes (they start in 2019; the other bench calls are 2096+)
STAFF_EMAIL = "staff@demo.yc.kr"
SEOUL = ZoneInfo("Asia/Seoul")
HEADER = ("business_number", "company_name", "call_code", "project_title", "support_items", "completed_on",
          "report_year", "baseline_sales_krw", "baseline_employees", "sales_krw", "exports_krw", "employees",
          "new_hires", "new_hires_local", "patents_filed", "certifications", "remarks")  # fmt: skip


def _django() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
    django.setup()


def business_number(serial: int) -> str:
    from programs.identifiers import business_number_check_digit

    first9 = f"8{(serial // 10000) % 100:02d}86{serial % 10000:04d}"
    digits = f"{first9}{business_number_check_digit(first9)}"
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def figures(serial: int, year: int) -> dict[str, int]:
    """The figures of project ``serial`` in ``year`` (the same in the file and in the control)."""
    grown = year - CALL_YEAR
    return {
        "sales_krw": (5_000 + serial % 700 + grown * 150) * 1_000_000,
        "exports_krw": (serial % 5) * 100_000_000,
        "employees": 30 + serial % 40 + grown,
        "new_hires": 1 + serial % 3,
        "new_hires_local": serial % 2,
        "patents_filed": serial % 2,
        "certifications": (serial + year) % 2,
    }


def setup(projects: int = PROJECTS):
    """The bench call, its ``projects`` completed projects (made once) and the staff user who imports."""
    from django.db import transaction

    from applications.models import Application, Company
    from applications.workflow import ApplicationStatus
    from portal.accounts.models import User
    from programs.enums import CallStatus, ProgramCode
    from programs.models import Call, Program, SupportItem

    program, _created = Program.objects.get_or_create(
        code=ProgramCode.HVC,
        defaults={"letter": "A", "name_ko": "벤치", "name_en": "Bench", "operator_ko": "-", "operator_en": "-",
                  "funder_ko": "-", "funder_en": "-"},
    )  # fmt: skip
    call, _created = Call.objects.update_or_create(
        code=CALL_CODE,
        defaults={
            "program": program,
            "year": CALL_YEAR,
            "title_ko": "벤치마크 과거 공고",
            "title_en": "Benchmark past call",
            "opens_at": datetime(CALL_YEAR, 2, 3, 9, tzinfo=SEOUL),
            "closes_at": datetime(CALL_YEAR, 2, 24, 18, tzinfo=SEOUL),
            "results_on": date(CALL_YEAR, 3, 28),
            "budget_krw": 10**12,
            "status": CallStatus.CLOSED,
            "outcome_report_years": YEARS - 1,
        },
    )
    SupportItem.objects.get_or_create(
        call=call,
        code="bench-item",
        defaults={"name_ko": "벤치 항목", "name_en": "Bench item", "max_support_krw": 50_000_000,
                  "company_share_pct": Decimal("25"), "min_cash_pct": Decimal("50")},
    )  # fmt: skip
    user = User.objects.filter(email=STAFF_EMAIL).first()
    if user is None:
        raise RuntimeError(f"{STAFF_EMAIL} is missing: run seed_demo first")
    if not Application.objects.filter(call=call).exists():
        with transaction.atomic():
            companies = Company.objects.bulk_create(
                Company(business_number=business_number(serial), name=f"벤치이력 {serial}", representative="벤치")
                for serial in range(projects)
            )
            Application.objects.bulk_create(
                Application(
                    company=company,
                    call=call,
                    status=ApplicationStatus.COMPLETED,
                    project_title="벤치마크 과거 과제",
                    receipt_number=f"YC-{CALL_YEAR}-HVC-B{serial:05d}",
                    submitted_at=call.closes_at,
                    completed_on=date(CALL_YEAR, 11, 30),
                    snapshot={
                        "company": {"revenues": [[CALL_YEAR - 1, 5_000_000_000]], "regular_employees": "30.00"},
                        "content": {"project_title": "벤치마크 과거 과제"},
                    },
                )
                for serial, company in enumerate(companies)
            )
    applications = list(
        Application.objects.filter(call=call).select_related("company").order_by("company__business_number")[:projects]
    )
    return call, applications, user


def file_bytes(applications) -> bytes:
    """The 10,000-row CSV: each project's four years, with the same baseline as its snapshot."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for serial, application in enumerate(applications):
        for year in range(CALL_YEAR, CALL_YEAR + YEARS):
            values = figures(serial, year)
            writer.writerow(
                [application.company.business_number, application.company.name, CALL_CODE, application.project_title,
                 "bench-item:40000000", f"{CALL_YEAR}-11-30", year, 5_000_000_000, "30", values["sales_krw"],
                 values["exports_krw"], values["employees"], values["new_hires"], values["new_hires_local"],
                 values["patents_filed"], values["certifications"], ""]
            )  # fmt: skip
    return out.getvalue().encode("utf-8")


def prepare_import(context=None, *, projects: int = PROJECTS):
    _django()
    from django.db import transaction

    from applications.outcomes.importing import history_import, read_table

    _call, applications, user = setup(projects)
    data = file_bytes(applications)
    rows = len(applications) * YEARS

    def operation() -> int:
        with transaction.atomic():
            result = history_import(table=read_table(data), acting_user=user)
            if result.errors or result.reports != rows:
                raise RuntimeError(f"the bench file does not import: {result.errors[:3]}")
            transaction.set_rollback(True)
        return rows

    return operation


def prepare_control(context=None, *, projects: int = PROJECTS):
    _django()
    from django.db import transaction
    from django.utils import timezone

    from applications.outcomes.models import OutcomeReport, ReportSource, ReportState
    from applications.outcomes.services import report_due_on

    _call, applications, user = setup(projects)
    values = [
        (application, year, figures(serial, year))
        for serial, application in enumerate(applications)
        for year in range(CALL_YEAR, CALL_YEAR + YEARS)
    ]

    def operation() -> int:
        now = timezone.now()
        with transaction.atomic():
            OutcomeReport.objects.bulk_create(
                OutcomeReport(
                    application=application,
                    year=year,
                    due_on=report_due_on(year),
                    state=ReportState.VERIFIED,
                    source=ReportSource.IMPORT,
                    baseline_sales_krw=5_000_000_000,
                    baseline_employees=Decimal("30.00"),
                    verified_by=user,
                    verified_at=now,
                    created_at=now,
                    **row,
                )
                for application, year, row in values
            )
            transaction.set_rollback(True)
        return len(values)

    return operation


def rate(operation, seconds: float = 5.0) -> float:
    operation()  # warm-up
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        done += operation()
    return done / (time.perf_counter() - started)


if __name__ == "__main__":
    imported, control = rate(prepare_import()), rate(prepare_control())
    print(f"history-import:         {imported:,.0f} rows/s")
    print(f"history-import-control: {control:,.0f} rows/s (one bulk_create)")
    print(f"ratio: {imported / control:.2f}x the control's rate (goal: at least 0.3x)")
