"""Benchmark data of the staff review: a call with 10,000 submitted applications and its control, a call with 100
(bulk, realistic snapshots), and the OTP-verified staff session that the staff pages need."""

import random
from datetime import date, timedelta

QUEUE_CALL_CODE = "bench-queue"
QUEUE_YEAR = 2099
QUEUE_SIZE = 10_000
# The control of the queue's benchmark: the same page with 100 applications (its cost must not grow with the number).
SMALL_QUEUE_CALL_CODE = "bench-queue-100"
SMALL_QUEUE_SIZE = 100
SMALL_QUEUE_YEAR = 2096  # one call per program and year (2097 is the submission bench's)
WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
STATUSES = ["submitted"] * 6 + ["screening"] * 2 + ["revision_requested", "evaluation"]
NAMES = ["정밀", "금속", "테크", "소재", "기계", "전자", "화학", "식품", "부품", "로보틱스", "에너지", "바이오"]


def business_number(first9: str) -> str:
    digits = [int(d) for d in first9]
    total = sum(d * w for d, w in zip(digits, WEIGHTS, strict=True)) + (digits[8] * 5) // 10
    raw = f"{first9}{(10 - total % 10) % 10}"
    return f"{raw[:3]}-{raw[3:5]}-{raw[5:]}"


def _snapshot(
    rng: random.Random, *, call_code: str, year: int, company: dict, receipt: str, submitted_at, items: list[dict]
) -> dict:
    employees = round(rng.uniform(3, 140), 2)
    verdict = rng.choices(["eligible", "needs_evidence", "ineligible"], weights=[8, 1, 1])[0]
    expires = (date.today() + timedelta(days=rng.randint(-60, 300))).isoformat()
    return {
        "snapshot_version": 1,
        "receipt_number": receipt,
        "submitted_at": submitted_at.isoformat(),
        "call": {
            "code": call_code,
            "year": year,
            "title_ko": "벤치마크 공고",
            "title_en": "Benchmark call",
        },
        "company": {
            **company,
            "representative": "홍길동",
            "head_office_address": f"경상북도 영천시 채신공단길 {rng.randint(1, 200)}",
            "head_office_postcode": "38820",
            "ksic_code": rng.choice(["C25913", "C29111", "C30399", "C20499"]),
            "ksic_revision": 11,
            "founded_on": "2012-03-01",
            "located_since": "2015-05-01",
            "headcount_year": QUEUE_YEAR - 1,
            "monthly_headcounts": [round(employees)] * 12,
            "regular_employees": f"{employees:.2f}",
            "revenues": [[QUEUE_YEAR - 1, rng.randint(5, 900) * 10_000_000]],
            "total_assets_krw": rng.randint(10, 900) * 10_000_000,
            "contact_name": "담당자",
            "contact_phone": "054-330-0000",
            "contact_email": "contact@bench.yc.kr",
        },
        "content": {
            "project_title": f"{rng.choice(NAMES)} 공정 고도화",
            "project_summary": "영천 공장의 생산 공정을 자동화하고 불량률을 낮춥니다." * 3,
            "current_state": "수작업 공정, 불량률 4%",
            "objective": "불량률 1% 이하, 생산성 30% 향상",
            "milestones": [
                {
                    "title": "설계",
                    "starts_on": f"{QUEUE_YEAR}-03-01",
                    "ends_on": f"{QUEUE_YEAR}-05-31",
                    "deliverable": "설계서",
                }
            ],
            "uses_experts": False,
            "expected_sales_krw": rng.randint(1, 50) * 100_000_000,
            "expected_hires": rng.randint(0, 10),
            "items": items,
            "attachments": [
                {
                    "doc_type": "business_registration",
                    "document_id": 0,
                    "title": "사업자등록증",
                    "original_filename": "사업자등록증.pdf",
                    "sha256": "0" * 64,
                    "issued_on": "2025-01-02",
                    "expires_on": None,
                },
                {
                    "doc_type": "sme_certificate",
                    "document_id": 0,
                    "title": "중소기업확인서",
                    "original_filename": "중소기업확인서.pdf",
                    "sha256": "0" * 64,
                    "issued_on": "2025-04-01",
                    "expires_on": expires,
                },
            ][: rng.choice([1, 2, 2, 2, 2, 2, 2, 2, 2, 2])],
            "files": [],
        },
        "eligibility": {
            "call_code": call_code,
            "verdict": verdict,
            "rules": [
                {
                    "rule_type": "location",
                    "outcome": "pass",
                    "message": "영천시 소재",
                    "requirement": "영천시",
                    "evidence_document": "",
                },
                {
                    "rule_type": "employees_max",
                    "outcome": "pass" if verdict == "eligible" else "unknown",
                    "message": "상시근로자 30명 미만",
                    "requirement": "< 30",
                    "evidence_document": "insurance_register",
                },
            ],
        },
    }


def queue_applications(*, log, size: int = QUEUE_SIZE, seed: int = 2027) -> None:
    """The 10,000-application call (``size``) and its 100-application control."""
    call_applications(log=log, code=QUEUE_CALL_CODE, year=QUEUE_YEAR, size=size, seed=seed, first_number=0)
    call_applications(
        log=log, code=SMALL_QUEUE_CALL_CODE, year=SMALL_QUEUE_YEAR, size=SMALL_QUEUE_SIZE, seed=seed, first_number=size
    )


def call_applications(*, log, code: str, year: int, size: int, seed: int, first_number: int) -> None:
    """A closed call ``code`` with ``size`` submitted applications of new companies, loaded with ``bulk_create``;
    company and receipt numbers start after ``first_number`` so that several such calls can coexist."""
    from django.db import transaction
    from django.utils import timezone

    from applications.models import Application, ApplicationItem, Company
    from applications.review.facts import queue_facts_sync
    from programs.models import Call, Program, SupportItem

    program = Program.objects.order_by("letter").first()
    if program is None:
        log("review queue: no program (demo data missing), skipped")
        return
    now = timezone.now()
    call, _created = Call.objects.get_or_create(
        code=code,
        defaults={
            "program": program,
            "year": year,
            "title_ko": f"벤치마크 공고 ({size:,}건)",
            "title_en": f"Benchmark call ({size:,} applications)",
            "opens_at": now - timedelta(days=60),
            "closes_at": now - timedelta(days=30),
            "budget_krw": 1_000_000_000,
            "status": "closed",
            "required_documents": ["business_registration", "sme_certificate"],
        },
    )
    if Application.objects.filter(call=call).count() >= size:
        log(f"review queue: {size} applications already in {code}")
        queue_facts_sync(call=call)
        _analyze()
        return
    rng = random.Random(seed)
    items = [
        SupportItem.objects.get_or_create(
            call=call,
            code=code,
            defaults={
                "name_ko": ko,
                "name_en": en,
                "max_support_krw": 50_000_000,
                "company_share_pct": 25,
                "min_cash_pct": 50,
                "order": order,
            },
        )[0]
        for order, (code, ko, en) in enumerate(
            [
                ("prototype", "시제품 제작", "Prototype production"),
                ("marketing", "마케팅", "Marketing"),
                ("process", "공정개선형 기술개발", "Process improvement R&D"),
            ]
        )
    ]
    with transaction.atomic():
        companies = Company.objects.bulk_create(
            [
                Company(
                    business_number=business_number(f"{600 + n // 10000:03d}86{n % 10000:04d}"),
                    name=f"영천{rng.choice(NAMES)} {n:05d} 주식회사",
                    representative="홍길동",
                    ksic_code="C29111",
                    ksic_revision=11,
                    founded_on=date(2012, 3, 1),
                    headcount_year=QUEUE_YEAR - 1,
                    monthly_headcounts=[20] * 12,
                )
                for n in range(first_number, first_number + size)
            ],
            batch_size=2000,
        )
        applications, chosen = [], []
        for n, company in enumerate(companies, start=1):
            picked = rng.sample(items, rng.choice([1, 1, 2]))
            lines = [
                {
                    "code": item.code,
                    "name_ko": item.name_ko,
                    "name_en": item.name_en,
                    "city_support_krw": rng.randint(5, 50) * 1_000_000,
                    "company_cash_krw": 5_000_000,
                    "company_inkind_krw": 5_000_000,
                }
                for item in picked
            ]
            receipt = f"YC-{year}-BQ-{n:05d}"
            submitted_at = now - timedelta(days=31, minutes=n)
            snapshot = _snapshot(
                rng,
                call_code=code,
                year=year,
                company={"name": company.name, "business_number": company.business_number},
                receipt=receipt,
                submitted_at=submitted_at,
                items=lines,
            )
            applications.append(
                Application(
                    company=company,
                    call=call,
                    status=rng.choice(STATUSES),
                    project_title=snapshot["content"]["project_title"],
                    receipt_number=receipt,
                    submitted_at=submitted_at,
                    snapshot=snapshot,
                )
            )
            chosen.append(list(zip(picked, lines, strict=True)))
        Application.objects.bulk_create(applications, batch_size=1000)
        ApplicationItem.objects.bulk_create(
            [
                ApplicationItem(
                    application=application,
                    support_item=item,
                    city_support_krw=line["city_support_krw"],
                    company_cash_krw=line["company_cash_krw"],
                    company_inkind_krw=line["company_inkind_krw"],
                )
                for application, pairs in zip(applications, chosen, strict=True)
                for item, line in pairs
            ],
            batch_size=2000,
        )
    made = queue_facts_sync(call=call)
    _analyze()
    log(f"review queue: {size} applications in {code} ({made} queue facts)")


def _analyze() -> None:
    """Fresh planner statistics and visibility map after the bulk load (autovacuum would take its time).

    VACUUM, not only ANALYZE: the queue's counts per status are an index-only scan, which reads the table itself
    for every page that the visibility map does not mark all-visible yet (all of them right after a bulk load).
    """
    from django.db import connection

    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for table in ("applications_application", "applications_applicationitem", "review_queuefacts"):
                cursor.execute(f"VACUUM ANALYZE {table}")


def staff_otp_session(email: str):
    """A page setup hook: the Cookie of a signed-in session of ``email`` verified with their TOTP device."""

    def setup(context) -> dict[str, str]:
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        user = get_user_model().objects.get(email=email)
        client = Client()
        client.force_login(user)
        session = client.session
        # The demo administrator sets a device up on first use: the bench gives them one.
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}

    return setup
