"""The results pages at the issue's scale: ``per_year`` supported projects in every year whose outcomes are known.

The years are those of the demo history (calls ``FIRST_YEAR`` to ``open_year() - 2``, reports of ended years: on
2026-12-05, 2019-2025); this year's calls are still running, so they can have no verified outcome report. The
database holds one call per program and year, so the projects go into the demo's calls (half in program A, half
in B) and those calls' budgets are raised by the support the bench projects take. Rows are generated and written
through ``applications.outcomes.importing.history_import``, the door the demo history uses: each project is a
completed application with a confirmed agreement, a payment, a settlement and a verified outcome report for the
completion year and each follow-up year that has ended.

Deterministic for a given ``seed``; idempotent (a year whose bench companies exist is left as it is).
"""

import random
from datetime import date

from django.db import transaction
from django.db.models import F

AMOUNT_KRW = 20_000_000  # city support per project: one item, within every item's cap
BUSINESS_NUMBER_PREFIX = "4"  # demo history 514…, review 6…, ranking 7…, history bench 8…, submission 9…
STAFF_EMAIL = "staff@demo.yc.kr"


def business_number(year: int, serial: int) -> str:
    from programs.identifiers import business_number_check_digit

    first9 = f"{BUSINESS_NUMBER_PREFIX}{year % 100:02d}81{serial:04d}"
    digits = f"{first9}{business_number_check_digit(first9)}"
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def results_years(today: date | None = None) -> list[int]:
    from programs.demo import FIRST_YEAR, open_year

    return list(range(FIRST_YEAR, open_year(today) - 1))


def year_records(calls, per_year: int, rng: random.Random, last_report_year: int) -> list[dict]:
    """Import rows of ``per_year`` projects shared between ``calls`` (one per program) of one year."""
    records = []
    for serial in range(per_year):
        call = calls[serial % len(calls)]
        items = [item.code for item in call.support_items.all() if item.max_support_krw >= AMOUNT_KRW]
        baseline_sales = rng.randint(10, 900) * 100_000_000
        baseline_employees = rng.randint(5, 250)
        project = {
            "business_number": business_number(call.year, serial),
            "company_name": f"벤치성과 {call.year}-{serial:04d}",
            "call_code": call.code,
            "project_title": "벤치마크 지원 과제",
            "support_items": f"{rng.choice(items)}:{AMOUNT_KRW}",
            "completed_on": f"{call.year}-11-30",
            "baseline_sales_krw": baseline_sales,
            "baseline_employees": baseline_employees,
        }
        for year in range(call.year, min(call.year + call.outcome_report_years, last_report_year) + 1):
            grown = year - call.year + 1
            hires = rng.randint(0, 4)
            records.append(
                project
                | {
                    "report_year": year,
                    "sales_krw": baseline_sales + grown * rng.randint(0, 60) * 10_000_000,
                    "exports_krw": baseline_sales * rng.choice((0, 0, 5, 10)) // 100,
                    "employees": baseline_employees + grown * hires,
                    "new_hires": hires,
                    "new_hires_local": hires // 2,
                    "patents_filed": int(rng.random() < 0.15),
                    "certifications": int(rng.random() < 0.3),
                }
            )
    return records


def results_projects(*, log, per_year: int, seed: int, today: date | None = None) -> None:
    from django.utils import timezone

    from applications.models import Company
    from applications.outcomes.importing import history_import, table_from_records
    from portal.accounts.models import User
    from programs.models import Call

    today = today or timezone.localdate()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        raise RuntimeError(f"{STAFF_EMAIL} is missing: the demo data must be seeded first")
    for year in results_years(today):
        if Company.objects.filter(business_number=business_number(year, 0)).exists():
            log(f"kept the results projects of {year}")
            continue
        calls = list(Call.objects.filter(year=year).order_by("program__code").prefetch_related("support_items"))
        if not calls:
            raise RuntimeError(f"no call of {year}: the demo data must be seeded first")
        records = year_records(calls, per_year, random.Random(f"{seed}-results-{year}"), today.year - 1)
        with transaction.atomic():
            for call in calls:
                projects = len(range(calls.index(call), per_year, len(calls)))
                Call.objects.filter(pk=call.pk).update(budget_krw=F("budget_krw") + projects * AMOUNT_KRW)
            result = history_import(table=table_from_records(records), acting_user=staff)
            if result.errors:
                problems = "; ".join(f"row {p.row} {p.column}: {p.message}" for p in result.errors[:5])
                raise RuntimeError(f"the results projects of {year} do not import: {problems}")
        log(f"results {year}: {result.projects} projects, {result.reports} verified outcome reports")
