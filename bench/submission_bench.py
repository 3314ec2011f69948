"""Submissions per second through the real view (``applications:application_submit``), on the bench database.

``prepare(context)`` is an ``InProcessBenchmark`` hook: it creates a bench call (code ``bench-submit``, open for a
year, one support item, no eligibility rule) and a pool of complete drafts, each of its own company with a signed-in
Django test ``Client``; each operation posts ``BATCH`` of those drafts to the submit view (middleware, session,
the submission service with its row lock, receipt counter and snapshot) and returns how many it submitted.
Drafts are created ahead; when the pool runs out it is refilled inside the measured time (rare; noted here so
the figure is read as a slight underestimate).

Run alone: ``python -m bench.submission_bench`` (uses DATABASE_URL like the rest of bench/).
"""

import time
from datetime import timedelta
from decimal import Decimal

BATCH = 20
POOL = 400
CALL_CODE = "bench-submit"
# One call per program and year: the staff-queue and ranking calls of bench/seed.py take 2096, 2098 and 2099.
SUBMISSION_YEAR = 2097
WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def _django() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
    django.setup()


def business_number(serial: int) -> str:
    """A checksum-valid number ``9xx-81-xxxxx`` (corporation head office) for bench company ``serial``."""
    first9 = f"9{(serial // 10000) % 100:02d}81{serial % 10000:04d}"
    digits = [int(d) for d in first9]
    total = sum(d * w for d, w in zip(digits, WEIGHTS, strict=True)) + (digits[8] * 5) // 10
    raw = f"{first9}{(10 - total % 10) % 10}"
    return f"{raw[:3]}-{raw[3:5]}-{raw[5:]}"


def bench_call():
    from django.utils import timezone

    from programs.enums import CallStatus, ProgramCode
    from programs.models import Call, Program, SupportItem

    program, _created = Program.objects.get_or_create(
        code=ProgramCode.HVC,
        defaults={"letter": "A", "name_ko": "벤치", "name_en": "Bench", "operator_ko": "-", "operator_en": "-",
                  "funder_ko": "-", "funder_en": "-"},
    )  # fmt: skip
    now = timezone.now()
    call, _created = Call.objects.update_or_create(
        code=CALL_CODE,
        defaults={
            "program": program,
            "year": SUBMISSION_YEAR,
            "title_ko": "벤치마크 공고",
            "title_en": "Benchmark call",
            "opens_at": now - timedelta(days=1),
            "closes_at": now + timedelta(days=365),
            "budget_krw": 10**12,
            "status": CallStatus.PUBLISHED,
            "required_documents": [],
        },
    )
    item, _created = SupportItem.objects.get_or_create(
        call=call,
        code="bench-item",
        defaults={"name_ko": "벤치 항목", "name_en": "Bench item", "max_support_krw": 30_000_000,
                  "company_share_pct": Decimal("25"), "min_cash_pct": Decimal("50")},
    )  # fmt: skip
    return call, item


def make_drafts(call, item, count: int, start: int) -> list[tuple[object, int, int]]:
    """``count`` complete drafts of new companies; ``[(client, application id, version)]``."""
    from django.test import Client

    from applications.enums import MemberRole
    from applications.models import Application, ApplicationItem, Company, CompanyMember
    from portal.accounts.models import User

    drafts = []
    for serial in range(start, start + count):
        company = Company.objects.create(
            business_number=business_number(serial),
            name=f"벤치기업 {serial}",
            representative="벤치",
            head_office_address="경상북도 영천시 시청로 16",
        )
        user = User.objects.create_user(email=f"bench-submit-{serial}@bench.invalid", password=None)
        CompanyMember.objects.create(company=company, user=user, role=MemberRole.OWNER)
        application = Application.objects.create(
            company=company,
            call=call,
            created_by=user,
            project_title="벤치마크 과제",
            project_summary="요약",
            current_state="현황",
            objective="목표",
            milestones=[{"title": "1단계", "starts_on": "", "ends_on": "", "deliverable": ""}],
            declares_no_tax_arrears=True,
            declares_no_duplicate_funding=True,
            declares_truthful=True,
        )
        ApplicationItem.objects.create(
            application=application,
            support_item=item,
            city_support_krw=30_000_000,
            company_cash_krw=5_000_000,
            company_inkind_krw=5_000_000,
        )
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(user)
        drafts.append((client, application.pk, application.version))
    return drafts


def prepare(context=None):
    _django()
    from django.urls import reverse

    from applications.models import Company

    call, item = bench_call()
    serial = Company.objects.filter(business_number__startswith="9").count() + 1
    pool = make_drafts(call, item, POOL, serial)
    serial += POOL

    def operation() -> int:
        nonlocal pool, serial
        if len(pool) < BATCH:
            pool += make_drafts(call, item, POOL, serial)
            serial += POOL
        batch, pool = pool[:BATCH], pool[BATCH:]
        for client, pk, version in batch:
            response = client.post(reverse("applications:application_submit", args=[pk]), {"version": version})
            if response.status_code != 302:
                raise RuntimeError(f"submission of application {pk} answered {response.status_code}")
        return len(batch)

    return operation


def submissions_per_second(seconds: float = 5.0) -> float:
    operation = prepare()
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        done += operation()
    return done / (time.perf_counter() - started)


if __name__ == "__main__":
    print(f"submissions: {submissions_per_second():,.1f} per second through the submit view")
